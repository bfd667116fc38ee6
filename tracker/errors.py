"""The exceptions every layer raises for what stops a command (exit code 2). Bad *data* is never
an exception: it becomes Problems (exit code 1)."""

from __future__ import annotations


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
