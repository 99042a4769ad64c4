"""``python -m osu_transports.testing``: serve the offline osu! API v1 emulator on a port."""

from __future__ import annotations

import argparse
import sys

from ._faults import SOCKET_FAULTS, FaultKind
from ._handler import DEFAULT_API_KEY
from ._serve import serve

# Every kind, from the enum itself, so a new kind is never missing from --help.
_FAULT_HELP = (
    "inject a fault: KIND[@ENDPOINT][,count=N][,fraction=F][,delay=S][,seed=N][,size=N]; "
    f"kinds: {' '.join(k.value for k in FaultKind if k not in SOCKET_FAULTS)}; "
    f"on the socket: {' '.join(k.value for k in FaultKind if k in SOCKET_FAULTS)} (repeatable)"
)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m osu_transports.testing",
        description="Serve a fake osu! API v1 (with realistic generated data) on loopback.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (8080; 0 = any free one)")
    parser.add_argument("--seed", type=int, default=None, help="dataset seed")
    parser.add_argument("--key", default=DEFAULT_API_KEY, help="the API key to accept")
    parser.add_argument("--no-rate-limit", action="store_true", help="disable the rate limits")
    parser.add_argument("--no-retry-after", action="store_true", help="429s without Retry-After")
    parser.add_argument(
        "--fault", action="append", default=[], metavar="SPEC", help=_FAULT_HELP,
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        serve(
            args.host, args.port, seed=args.seed, api_key=args.key,
            rate_limits=not args.no_rate_limit, retry_after=not args.no_retry_after,
            faults=args.fault,
        )  # fmt: skip
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
