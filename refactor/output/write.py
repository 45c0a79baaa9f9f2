"""Write new file contents in place, atomically: a reader sees the old file or the new one, never half.

The new bytes go to a temporary file in the same directory (same filesystem, so the rename is
atomic), which is flushed and fsync'ed, given the original's permission bits, renamed over the
original with `os.replace`, and then the directory is fsync'ed so the rename itself survives a crash.
Temporaries are named `.refactor-<pid>-<name>.<random>` so that `clean_leftovers` can recognise
what a killed run left behind.

Policies, chosen like an editor would:
- Unchanged content is not written at all: the file keeps its mtime, so `make` rebuilds nothing.
- A file that changed since the new content was computed from it (an editor saved it during the
  run) is refused, given the fingerprint of what was read: overwriting it would lose that edit.
  (A save in the last microseconds between this check and the rename cannot be caught.)
- A read-only file (no write bit at all in its mode, or not writable by us) is *refused* with
  WriteError and left intact, even when we could replace it (as root, or by renaming over it in a
  writable directory): read-only is someone's decision, and it is theirs to undo.
- A symlink is written *through*: its final target gets the new content (atomically, in the
  target's directory) and the link itself stays a link. Replacing the link with a regular file would
  silently fork the content. Given `within` (the paths the user named), a target outside them is
  refused: a link inside the tree never leads a write out of it.
- Only existing regular files are replaced; anything else is a WriteError.
- Owner and group are kept when we may set them (as root); otherwise the new file is ours, as with
  any editor that saves by renaming. Hard links to the old file keep the old content.
"""
from __future__ import annotations

import errno
import hashlib
import os
import signal
import stat
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

TEMP_PREFIX = ".refactor-"
LEFTOVER_AGE = 60.0  # seconds; a write takes far less, so an older temporary is abandoned


class WriteError(Exception):
    """Writing `path` failed; `reason` says why in words a user can act on."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(str(path), reason)  # both in args, so the exception pickles
        self.path = str(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def write_atomic(path: str | Path, data: bytes, within: Sequence[str] | None = None,
                 was: str | None = None) -> bool:
    """Make the file at `path` hold exactly `data`; True if it was written, False if it already did.

    Raises WriteError (and leaves the file as it was, with no temporary behind) when the file cannot
    be replaced. With `within` (from `tree_roots`), a file whose real path (symlinks followed) is
    not one of those roots or below one of them is refused. With `was` (the `digest` of the
    content `data` was computed from), a file that no longer holds that content (someone saved
    it meanwhile) is refused rather than overwritten. See the module docstring for read-only
    files and symlinks.
    """
    with signals_deferred():  # a Ctrl-C between the two steps would leave the temporary behind
        pending = prepare_write(path, data, within, was)
        if pending is None:
            return False
        pending.commit()
    return True


_DEFERRED = frozenset(getattr(signal, name) for name in ("SIGINT", "SIGTERM") if hasattr(signal, name))


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block ends; they are delivered then, not lost.

    A write takes milliseconds; holding an interrupt for that long means that it never lands
    between creating a temporary and renaming it (or removing it), so no temporary is ever left
    by Ctrl-C or `kill`. Only SIGKILL (which nothing can hold) leaves one, for clean_leftovers.
    """
    if not hasattr(signal, "pthread_sigmask") or not _DEFERRED:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass(frozen=True, slots=True)
class PendingWrite:
    """New content, complete and synced in a temporary beside the file, waiting to be renamed over it.

    Splitting a write in two lets a caller write every file's temporary first and rename only when
    all of them could be written (--all-or-nothing), or discard them all.
    """

    path: str  # as the caller named it, for messages
    target: Path  # the regular file that holds the text (symlinks resolved)
    temp: Path

    def commit(self) -> None:
        """Rename the temporary over the file: from here on, readers see the new content."""
        try:
            os.replace(self.temp, self.target)
        except OSError as e:
            self.discard()
            raise WriteError(self.path, f"cannot replace the file: {_reason(e)}") from None
        except BaseException:  # an interrupt here: the rename happened or not; no temporary stays
            self.discard()
            raise
        _sync_directory(self.target.parent, self.path)

    def discard(self) -> None:
        _remove_quietly(str(self.temp))


def prepare_write(path: str | Path, data: bytes, within: Sequence[str] | None = None,
                  was: str | None = None) -> PendingWrite | None:
    """Write `data` to a synced temporary beside the file at `path`; None if the file already holds it.

    The same checks and errors as write_atomic; nothing is changed until `commit`.
    """
    target = Path(os.path.realpath(path))  # through every symlink, to the file that holds the text
    if within is not None and not is_within(target, within):
        raise WriteError(path, f"resolves to {target}, outside the paths given; symlinks are not followed out of the tree")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        raise WriteError(path, "no such file (only existing files are rewritten)") from None
    except OSError as e:
        raise WriteError(path, f"cannot stat: {_reason(e)}") from None
    if not stat.S_ISREG(st.st_mode):
        raise WriteError(path, "not a regular file")
    try:
        current = target.read_bytes()
    except OSError as e:
        raise WriteError(path, f"cannot read: {_reason(e)}") from None
    if current == data:
        return None
    if was is not None and digest(current) != was:
        raise WriteError(path, "changed on disk since it was read; not written (run again to apply to the new content)")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise WriteError(path, "file is read-only; refusing to replace it (make it writable first)")
    directory = target.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-{target.name}.",
                                    dir=directory)
    except OSError as e:
        raise WriteError(path, f"cannot create a temporary file in {directory}: {_reason(e)}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            _keep_owner(f.fileno(), st)  # before chmod: a chown may clear set-id bits
            os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode))
            os.fsync(f.fileno())
    except OSError as e:
        _remove_quietly(temp)
        raise WriteError(path, f"cannot write a temporary file in {directory}: {_reason(e)}") from None
    except BaseException:  # KeyboardInterrupt included: never leave the temporary behind
        _remove_quietly(temp)
        raise
    return PendingWrite(str(path), target, Path(temp))


def digest(data: bytes) -> str:
    """A short fingerprint of a file's content, to tell whether it changed between read and write."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def tree_roots(paths: Sequence[str | Path]) -> tuple[str, ...]:
    """The real places the user's `paths` name, for `is_within`.

    A directory is taken with symlinks resolved (naming a link to a directory names that
    directory). A file is taken as named, its last component not resolved: naming a symlink to a
    file elsewhere does not make that elsewhere part of the tree.
    """
    roots = []
    for path in paths:
        path = os.fspath(path)
        if os.path.isdir(path):
            roots.append(os.path.realpath(path))
        else:
            head, name = os.path.split(os.path.abspath(path))
            roots.append(os.path.join(os.path.realpath(head), name))
    return tuple(roots)


def is_within(path: str | Path, roots: Sequence[str]) -> bool:
    """Whether the real path of `path` (every symlink followed) is one of `roots` or below one."""
    real = os.path.realpath(path)
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def clean_leftovers(directory: str | Path) -> list[Path]:
    """Remove temporaries of killed runs from `directory`; return what was removed.

    A `.refactor-*` regular file is removed when the process named in it is gone, or when it is
    older than a minute (the pid may have been reused since). Subdirectories are not searched.
    """
    removed = []
    now = time.time()
    try:
        entries = list(Path(directory).iterdir())
    except FileNotFoundError:
        return []
    for entry in sorted(entries):
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            st = entry.lstat()
        except FileNotFoundError:  # a live run renamed it meanwhile
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        pid = _pid_of(entry.name)
        if now - st.st_mtime > LEFTOVER_AGE or (pid is not None and not _alive(pid)):
            try:
                entry.unlink()
            except FileNotFoundError:
                continue
            removed.append(entry)
    return removed


def _pid_of(name: str) -> int | None:
    digits = name[len(TEMP_PREFIX):].split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, but belongs to someone else
        return True
    except OSError:
        return False
    return True


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """Give the new file the old one's owner and group where we are allowed to (root, or our group)."""
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) != (st.st_uid, st.st_gid):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except PermissionError:
            try:
                os.fchown(fd, -1, st.st_gid)
            except PermissionError:
                pass


def _sync_directory(directory: Path, path: str | Path) -> None:
    """fsync the directory so the rename is durable; some filesystems cannot, which is no error."""
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # e.g. a directory we may write but not read: the rename has happened regardless
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise WriteError(path, f"replaced, but syncing the directory failed: {_reason(e)}") from None
    finally:
        os.close(fd)


def _remove_quietly(temp: str) -> None:
    try:
        os.unlink(temp)
    except FileNotFoundError:
        pass


def _reason(e: OSError) -> str:
    if isinstance(e, PermissionError):
        return f"{e.strerror or 'permission denied'} (not writable by this user)"
    if e.errno == errno.EROFS:
        return "read-only filesystem"
    if e.errno == errno.ENOSPC:
        return "no space left on the device"
    return e.strerror or str(e)
