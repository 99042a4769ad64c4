"""Hypothesis strategies for osu_core's values, for your own property tests.

Needs the ``strategies`` extra (``pip install "osu-api-v1[strategies]"``); ``import osu_core``
never imports this package or hypothesis.
"""

__all__: list[str] = []
