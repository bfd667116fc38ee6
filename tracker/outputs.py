"""Writing output files safely.

``check_output`` refuses, before any work, an output path that is a folder, sits in a missing
or read-only folder, has the wrong extension for its format, or is one of the command's inputs
(the store, an input file, the dataset folder or a file in it), compared by resolved path and by
inode, symlinks followed. ``atomic_output`` writes to a temporary file beside the target and
renames it into place, so a failure, a full disk or Ctrl-C leaves any earlier file untouched and
no temporary file behind; the new file gets the permissions the umask gives (not 0600).
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tracker.errors import OutputError

TEMP_SUFFIX = ".tmp"


def check_output(
    path: Path,
    suffixes: tuple[str, ...],
    inputs: Iterable[Path] = (),
    what: str = "output",
) -> None:
    """Refuse an output path that cannot or must not be written (OutputError, exit 2)."""
    if path.is_dir():
        raise OutputError(f"{what} path is a folder: {path}")
    if not path.name.lower().endswith(suffixes):
        raise OutputError(f"{what} file must end in {' or '.join(suffixes)}: {path}")
    folder = path.parent
    if not folder.is_dir():
        raise OutputError(f"{what} folder does not exist: {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{what} folder is read-only: {folder}")
    for protected in inputs:
        if is_within(path, protected):
            kind = "the folder" if protected.is_dir() else "the file"
            raise OutputError(
                f"{what} {path} would overwrite {kind} {protected}, an input of this command; "
                "choose another path"
            )


def is_within(path: Path, protected: Path) -> bool:
    """True when ``path`` is ``protected`` itself (also through a symlink or a hard link), or
    lies inside it when it is a folder."""
    if not protected.exists():
        return False
    target = path.resolve()
    if path.exists() and os.path.samefile(path, protected):
        return True
    return protected.is_dir() and target.is_relative_to(protected.resolve())


@contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` when the block ends
    without an error. Any failure (Ctrl-C included) removes the temporary file; an OSError
    (a full disk, a folder gone read-only) becomes an OutputError."""
    remove_stale_temps(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))  # umask applies
        yield temp
        os.replace(temp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        temp.unlink(missing_ok=True)


def write_text(target: Path, text: str) -> None:
    with atomic_output(target) as temp:
        temp.write_text(text, encoding="utf-8", newline="")


STALE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.tmp$")


def remove_stale_temps(target: Path) -> None:
    """Temporary files left beside ``target`` by a run that was killed (SIGKILL cannot be
    caught): removed when the process that made them is gone. POSIX only: Windows has no
    harmless way to ask whether a process lives."""
    if os.name != "posix" or not target.parent.is_dir():
        return
    for path in target.parent.glob(f".{glob_escape(target.name)}.*{TEMP_SUFFIX}"):
        match = STALE.match(path.name)
        if match and match["name"] == target.name and not process_alive(int(match["pid"])):
            path.unlink(missing_ok=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
