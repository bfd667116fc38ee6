"""The official-list sources the tracker imports, by name. A format module is loaded when its
source is first used, so commands that only need the names (``tracker check``, ``--help``) do
not load lxml or any parser.

Adding a format is one module with a ``Source`` and one line here.
"""

from __future__ import annotations

import importlib

from tracker.errors import InputError
from tracker.importers.base import Source

# name -> (module under tracker.importers, attribute, what the files are)
SOURCES: dict[str, tuple[str, str, str]] = {
    "ofac-sdn": ("ofac", "SDN", "sdn.csv, add.csv, alt.csv, sdn_comments.csv (or their folder)"),
    "ofac-cons": ("ofac", "CONS", "cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv"),
    "un": ("un", "SOURCE", "the UN Security Council consolidated.xml"),
    "csl": ("csl", "SOURCE", "the US Consolidated Screening List CSV (any of its three headers)"),
    "uk": ("uk", "SOURCE", "the legacy HM Treasury sanctionsconlist.csv"),
    "eu": ("eu", "SOURCE", "the legacy EU global.xml"),
}
NAMES = tuple(sorted(SOURCES))


def source(name: str) -> Source:
    if name not in SOURCES:
        raise InputError(f"unknown source {name!r}; one of: " + ", ".join(NAMES))
    module, attribute, _ = SOURCES[name]
    found: Source = getattr(importlib.import_module(f"tracker.importers.{module}"), attribute)
    return found


def files_help() -> str:
    """One line per source, for `tracker import --help`."""
    return "\n".join(f"{name:<13}{SOURCES[name][2]}" for name in NAMES)
