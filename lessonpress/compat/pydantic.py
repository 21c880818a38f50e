"""pydantic's private internals that make start-up faster, each checked when imported, with pydantic's own path
used when one is missing or misbehaves (or everywhere under LESSONPRESS_COMPAT=slow). lessonpress.schema imports
this module before any model validates."""

from __future__ import annotations

import os
import re
import sys
import types
from importlib.util import find_spec

SLOW = os.environ.get("LESSONPRESS_COMPAT", "").strip().lower() == "slow"
# Each fast path, on when pydantic's internals it relies on are there (checked below, at import).
FAST = {"plugins": False}
LOADER = "pydantic.plugin._loader"
_GROUP = re.compile(r"^\s*\[\s*pydantic\s*\]\s*$", re.M)


def active() -> dict[str, bool]:
    """Which fast paths this process uses."""
    return dict(FAST)


# -- plugins: pydantic.plugin._loader.get_plugins, which pydantic.plugin._schema_validator imports --------------
# The first validator pydantic makes looks for pydantic plugins among the installed packages, importing
# importlib.metadata to read them: 25 ms of every `check` here, for plugins lessonpress never has. Where no package
# declares one, pydantic is handed an empty list of plugins instead, as its own search would find.

def declares_plugin(paths: list[str]) -> bool:
    """Whether a package on these import paths declares a pydantic plugin (an entry point in the `pydantic` group
    of its entry_points.txt), or it cannot be told without importlib.metadata (a zip file on the path)."""
    for entry in paths:
        folder = entry or "."
        if os.path.isfile(folder):
            return True
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as fh:
                        if _GROUP.search(fh.read()):
                            return True
                except (OSError, ValueError):
                    continue
    return False


def _source(module: str) -> str:
    spec = find_spec(module)
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        return ""
    with open(spec.origin, encoding="utf-8") as fh:
        return fh.read()


def _asks_loader() -> bool:
    """pydantic takes its plugins from _loader.get_plugins() where it makes a validator, and nowhere else."""
    return ("from ._loader import get_plugins" in _source("pydantic.plugin._schema_validator")
            and "def get_plugins() -> " in _source(LOADER))


def _no_plugins() -> tuple:
    return ()


def _spare_plugin_search() -> bool:
    try:
        if LOADER in sys.modules or declares_plugin(sys.path) or not _asks_loader():
            return False
    except Exception:  # an internal gone or changed: pydantic's own search
        return False
    stand_in = types.ModuleType(LOADER, "pydantic's plugin search, where no package declares a plugin")
    stand_in.get_plugins = _no_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = stand_in
    return True


if not SLOW:
    FAST["plugins"] = _spare_plugin_search()
