"""The style data file (style.yaml) and its accessibility profiles, read once, for every writer."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

RAW = yaml.safe_load((Path(__file__).parent / "style.yaml").read_text(encoding="utf-8"))
PROFILES = ("standard", *RAW["profiles"])


@cache
def profile_values(profile: str = "standard") -> dict:
    """The standard values with the profile's own laid over them."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}")
    values = {k: v for k, v in RAW.items() if k != "profiles"}
    values.update(RAW["profiles"].get(profile, {}))
    return values
