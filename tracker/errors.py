"""The exceptions every layer raises for what stops a command (exit code 2). Bad *data* is never
an exception: it becomes Problems (exit code 1)."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Input that cannot be used at all: a missing folder, an unreadable file, a bad option
    value. The command prints the message and exits with code 2."""


class OutputError(InputError):
    """An output that cannot or must not be written: a missing or read-only folder, a path that
    is an input or the store, a full disk. Nothing is written, any earlier file stays."""


class StoreError(InputError):
    """A store of official lists that cannot be used as asked: missing, newer than this tracker,
    damaged, read-only, or busy with another import."""


class ListFormatError(InputError):
    """An official list file that is not what its source expects (wrong format, truncated,
    hostile): the import stops and the store stays as it was."""


def not_a_file(path: Path, what: str) -> InputError:
    """Why ``path``, which is not a regular file, cannot be read as ``what``: missing, a
    folder, or a pipe, socket or device (reading one would block, or never end)."""
    if path.is_dir():
        return InputError(f"{what} is a folder, not a file: {path}")
    if path.exists():
        return InputError(f"{what} is not a regular file (a pipe, socket or device): {path}")
    if path.is_symlink():
        return InputError(f"{what} is a link to nothing: {path}")
    return InputError(f"{what} not found: {path}")
