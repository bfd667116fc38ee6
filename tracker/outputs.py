"""Writing output files safely.

``check_output`` refuses, before any work, an output path that is a folder, sits in a missing
or read-only folder, has the wrong extension for its format, or is one of the command's inputs
(the store, an input file, the dataset folder or a file in it), compared by resolved path and by
inode, symlinks followed. ``atomic_output`` writes to a temporary file beside the target and
renames it into place, so a failure, a full disk or Ctrl-C leaves any earlier file untouched and
no temporary file behind; the new file gets the permissions the umask gives (not 0600).
``staged_folder`` and ``replace_folder`` do the same for a whole folder (a dataset that changes
in several files at once): the new folder is made beside the old one and swapped in by renames,
so a crash leaves the old folder or the new one, never a mix of their files.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import secrets
import shutil
import sys
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


# --- a whole folder ------------------------------------------------------------------------------

FOLDER_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.(?P<kind>new|old)$")


def _folder_temp(target: Path, kind: str) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.{kind}")


def staged_folder(target: Path) -> Path:
    """A full copy of the folder ``target``, made beside it (so on the same disk), to change
    and then put in its place with ``replace_folder``. Symlinks stay symlinks."""
    recover_folder(target)
    staged = _folder_temp(target, "new")
    try:
        shutil.copytree(target, staged, symlinks=True)
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        raise OutputError(f"cannot copy {target} to stage a change: {exc}") from None
    return staged


def replace_folder(staged: Path, target: Path) -> None:
    """Put the folder ``staged`` in the place of ``target``. On Linux the two are exchanged in
    one atomic step (``renameat2`` with ``RENAME_EXCHANGE``); elsewhere ``target`` is renamed
    aside and ``staged`` renamed into its place, and a failure between the two renames puts the
    old folder back. Either way ``target`` holds the old folder or the new one, never a mix;
    after a crash between the two renames (a kill, a power cut) the path is empty and the old
    folder waits beside it, which ``recover_folder`` (run by the next ``staged_folder``) puts
    back. The old folder is then removed."""
    old = _folder_temp(target, "old")
    try:
        if _exchange(staged, target):
            os.rename(staged, old)  # the old folder, now at the staged path
        else:
            os.rename(target, old)
            try:
                os.rename(staged, target)
            except BaseException:
                os.rename(old, target)
                raise
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        raise OutputError(f"cannot put the new {target} in place: {exc.strerror or exc}") from None
    shutil.rmtree(old, ignore_errors=True)


def recover_folder(target: Path) -> None:
    """Clean up after a run of ``replace_folder`` that was killed: with ``target`` gone, the
    old folder beside it goes back in place (the change is lost, the data is whole); staged and
    old folders of runs that are over are removed. POSIX only, as ``remove_stale_temps``."""
    if os.name != "posix" or not target.parent.is_dir():
        return
    found = []
    for path in target.parent.glob(f".{glob_escape(target.name)}.*"):
        match = FOLDER_TEMP.match(path.name)
        if match and match["name"] == target.name and not process_alive(int(match["pid"])):
            found.append((match["kind"], path))
    for kind, path in sorted(found, key=lambda f: f[0] != "old"):
        if kind == "old" and not target.exists():
            os.rename(path, target)
        else:
            shutil.rmtree(path, ignore_errors=True)


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux's renameat2); False where the system or the file
    system cannot, so the caller renames in two steps."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not on this system
        return False
    raise OSError(error, os.strerror(error))
