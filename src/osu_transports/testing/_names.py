"""Word lists the emulator's dataset generator draws names and titles from.

All invented for this project (no real players, songs or mappers are listed on purpose); the
generator combines them with a seeded random source. Data only: no logic, no I/O.
"""

from __future__ import annotations

# fmt: off

__all__ = [
    "ARTISTS",
    "COUNTRIES",
    "DIFFICULTY_NAMES",
    "NAME_PARTS",
    "NAME_SUFFIXES",
    "SOURCES",
    "TAG_WORDS",
    "TITLE_WORDS",
    "UNICODE_ARTISTS",
    "UNICODE_NAMES",
    "UNICODE_TITLES",
]

NAME_PARTS = (
    "azure", "kiri", "momo", "nyan", "sora", "hoshi", "yuki", "rin", "tako", "kuro", "shiro",
    "mochi", "neon", "pixel", "glitch", "echo", "lumen", "vapor", "frost", "ember", "drift",
    "nova", "orbit", "quartz", "ripple", "static", "tempo", "velvet", "whisk", "zephyr", "cobalt",
    "maple", "pocky", "ramune", "senbei", "tofu", "udon", "wasabi", "yuzu", "kitsune", "tanuki",
    "usagi", "kuma", "neko", "inu", "tori", "same", "kani", "ika", "hachi", "riku", "kai",
    "ren", "haru", "natsu", "aki", "fuyu", "sena", "mika", "luca", "noel", "iris", "cyan",
    "delta", "sigma", "omega", "alpha", "kappa", "lambda", "theta", "aim", "click", "stream",
    "jump", "slider", "spinner", "combo", "miss", "tap", "keys", "beat", "drum", "fruit",
)
NAME_SUFFIXES = ("", "", "", "", "_", "-", "x", "z", "0", "1", "7", "99", "2000", "kun", "chan")

UNICODE_NAMES = ("Ölfrid", "Łucja", "ゆきんこ", "Ñandú", "Þórdís", "Zoë-", "Ärrow", "Čeněk")

ARTISTS = (
    "Hoshizora Echo", "The Velvet Metronomes", "Kirakira Signal", "Neon Lantern", "DJ Fennec",
    "Aoi Harbor", "Paper Satellites", "Crimson Tachyon", "Yuzu Drop", "Midnight Kettle",
    "Sunroom Orchestra", "Tsukiyo Parade", "Glass Ferris", "Moss & Static", "Kitsune Relay",
    "Ramune Rocket", "Polar Umbrella", "Lumen Choir", "Cardboard Comets", "Ikaruga Station",
    "Haru no Kaze", "Iron Marigold", "Seaglass Theory", "Subway Koi", "Quartz Lullaby",
)
UNICODE_ARTISTS = {
    "Hoshizora Echo": "星空エコー",
    "Kirakira Signal": "きらきらシグナル",
    "Aoi Harbor": "青い港",
    "Tsukiyo Parade": "月夜パレード",
    "Haru no Kaze": "春の風",
    "Kitsune Relay": "狐リレー",
}
TITLE_WORDS = (
    "Starlight", "Overdrive", "Afterglow", "Paper", "Moon", "Signal", "Horizon", "Lantern",
    "Cascade", "Velocity", "Dream", "Circuit", "Garden", "Tempest", "Mirage", "Summer", "Rain",
    "Heartbeat", "Kaleidoscope", "Satellite", "Parade", "Fragments", "Daybreak", "Echoes",
    "Flicker", "Gravity", "Harmony", "Island", "Journey", "Lullaby", "Midnight", "Nebula",
    "Orbit", "Prism", "Reverie", "Silhouette", "Tides", "Voyage", "Wanderer", "Zenith",
)
UNICODE_TITLES = ("夜明けのプリズム", "ほしのうた", "Слишком быстро", "Wędrówka", "Übermorgen")
SOURCES = (
    "", "", "", "", "Tsukiyo Academy", "Pixel Knights II", "Harbor Lights (TV)",
    "Lantern Road OST", "Kirakira Idol Project", "Skyline Drifters",
)
TAG_WORDS = (
    "vocaloid", "anime", "opening", "ending", "electronic", "tech", "stream", "jump", "farm",
    "cute", "remix", "cover", "instrumental", "tournament", "featured", "artist", "game",
    "ost", "kpop", "jpop", "rock", "metal", "jazz", "classical", "folk", "hardcore", "dnb",
)
DIFFICULTY_NAMES = {
    0: ("Easy", "Normal", "Hard", "Insane", "Extra", "Extreme", "Expert", "Lunatic"),
    1: ("Kantan", "Futsuu", "Muzukashii", "Oni", "Inner Oni", "Ura Oni"),
    2: ("Cup", "Salad", "Platter", "Rain", "Overdose", "Deluge"),
    3: ("EZ", "NM", "HD", "MX", "SC", "Beginner", "Advanced", "Another"),
}
COUNTRIES = (
    "US", "JP", "KR", "DE", "PL", "RU", "BR", "FR", "GB", "CA", "AU", "CN", "TW", "ID", "PH",
    "CL", "AR", "MX", "SE", "FI", "NO", "NL", "ES", "IT", "UA", "TH", "VN", "MY", "SG", "HK",
)
