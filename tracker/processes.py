"""Worker processes that die with the process that started them (imports and screening)."""

from __future__ import annotations

import multiprocessing
import os
import threading


def watch_parent() -> None:
    """In a worker: exit as soon as its parent is gone, so a killed run leaves no worker behind."""
    threading.Thread(target=exit_with_parent, daemon=True).start()


def exit_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()  # returns when the parent process has exited, on every platform
        os._exit(1)
