"""Optional libraries (pandas, Dask, ...), imported on first use with an install hint."""

from __future__ import annotations

import importlib
from types import ModuleType

from tracker.errors import InputError


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """``module``, or an InputError that says which extra installs it: the base install and
    most commands do without these libraries."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(f"{purpose} need {module}: pip install 'tracker[{extra}]'") from None
