"""Walk the paths a user gives and run a per-file job over them, in parallel when asked.

The per-file job is a pure function of the file (and picklable arguments), so it runs the same in
this process or in a pool of worker processes. Results come back in the order of the file list,
whatever the number of workers, so output is deterministic.

With several workers, each gets the job once, when it starts; files go out in chunks, largest
files first, each chunk a share of the bytes still to do (a quarter of a worker's share, so
chunks shrink as the run ends and no worker is left alone with a big one: guided scheduling),
and never more than a few megabytes, so that Ctrl-C, which lets each worker finish its chunk,
ends the run soon. Results that arrive before those of earlier files wait, so that they come
out in order. Files that add up to less than a couple of megabytes are done in this process:
starting workers would take longer than the work (a rare word's few files, after git grep). So
are the first files of any list, for up to a fifth of a second, and only the files left then go
to workers: a rerun whose parses all come from the cache (refactor.c.parse_cache) is done before
workers would have warmed up (each imports what it needs and reads its caches again), and a long
run loses at most a tenth of a second of its second core.

A job may be given a time limit per file. The limit is enforced where the job runs (this process
with one job, each worker with several) by SIGALRM, which interrupts pure Python code, and so all
of ours, between any two bytecodes; regular-expression matching checks for signals too. The file
that ran out of time gets the result `on_timeout` makes for it and the run goes on with the next.
Where SIGALRM cannot be used (no such signal, or not the main thread) files run without a limit.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Generic, Iterable, Iterator, Mapping, TypeVar

C_SUFFIXES = (".c", ".h")
T = TypeVar("T")


class FileTimeout(BaseException):
    """The job for one file ran past its time limit.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the way up (code that
    turns one file's internal error into a report) mistakes it for a failure of the code it stopped.
    """


def c_files(paths: Iterable[str | Path]) -> list[str]:
    """The .c and .h files under `paths` (files are taken as given), sorted, without duplicates.

    Directories are walked without following symlinks; hidden directories (.git) are skipped, and
    so are symlinks and anything else that is not a regular file (a FIFO would block the run).
    """
    found: list[str] = []
    for path in paths:
        path = str(path)
        if os.path.isfile(path):
            found.append(os.path.normpath(path))
        elif os.path.isdir(path):
            top = os.path.normpath(path)
            _walk(top, "" if top == os.curdir else top + os.sep, found)
    return sorted(set(found))


def _walk(directory: str, prefix: str, found: list[str]) -> None:
    """Append the files under `directory` to `found`, spelled `prefix` + their path below it
    (normalized by construction: no normpath per file, which would cost as much as the walk)."""
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return  # unreadable: as os.walk, skip it
    for entry in entries:
        try:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if not name.startswith("."):
                    _walk(entry.path, prefix + name + os.sep, found)
            elif name.endswith(C_SUFFIXES) and entry.is_file(follow_symlinks=False):
                found.append(prefix + name)
        except OSError:
            continue  # vanished meanwhile


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_limit_time() -> bool:
    """Whether time limits work here: SIGALRM exists and we are on the main thread."""
    return hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise FileTimeout in the body once it has run for `seconds` (None or 0: no limit)."""
    if not seconds or not can_limit_time():
        yield
        return

    def expire(signum, frame):
        raise FileTimeout(f"took longer than {seconds:g} seconds")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, slots=True)
class _Limited(Generic[T]):
    """`job` under a time limit; picklable, so that it runs the same in a worker process."""

    job: Callable[[str], T]
    seconds: float
    on_timeout: Callable[[str, float], T]

    def __call__(self, path: str) -> T:
        try:
            with time_limit(self.seconds):
                return self.job(path)
        except FileTimeout:
            return self.on_timeout(path, self.seconds)


def _ignore_interrupts() -> None:
    """In workers: Ctrl-C is the parent's to handle; it stops handing out files and ends them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


_WORKER_JOB: Callable | None = None  # in a worker process: the job it was started with


def _start_worker(job: Callable) -> None:
    global _WORKER_JOB
    _ignore_interrupts()
    _WORKER_JOB = job


def _run_chunk(paths: list[str]) -> list:
    return [_WORKER_JOB(path) for path in paths]


# A chunk is at least this many bytes (or one file); at most this many bytes (or one file) and files.
_MIN_CHUNK_BYTES = 256 * 1024
_MAX_CHUNK_BYTES = 2 * 1024 * 1024
_MAX_CHUNK_FILES = 128
_STAT_AT_MOST = 20_000
# Below this many bytes in all, the files are done in this process (a pool costs a few tenths
# of a second to start: forking, each worker loading the parser's tables).
_POOL_MIN_BYTES = 2 * 1024 * 1024
# Whatever the bytes, files are done in this process for this long before workers start.
_POOL_AFTER_SECONDS = 0.2


def balanced_chunks(files: list[str], sizes: Mapping[str, int], jobs: int) -> list[list[int]]:
    """Indices into `files`, in chunks: largest files first, each chunk about a quarter of a
    worker's share of the bytes still to do (guided scheduling), so that the last chunks are
    small and the workers finish together."""
    order = sorted(range(len(files)), key=lambda i: (-sizes.get(files[i], 0), i))
    remaining = sum(sizes.get(f, 0) for f in files)
    chunks: list[list[int]] = []
    chunk: list[int] = []
    chunk_bytes = 0
    def share() -> float:
        return min(max(remaining / (4 * jobs), _MIN_CHUNK_BYTES), _MAX_CHUNK_BYTES)

    target = share()
    for i in order:
        size = sizes.get(files[i], 0)
        chunk.append(i)
        chunk_bytes += size
        remaining -= size
        if chunk_bytes >= target or len(chunk) >= _MAX_CHUNK_FILES:
            chunks.append(chunk)
            chunk, chunk_bytes = [], 0
            target = share()
    if chunk:
        chunks.append(chunk)
    return chunks


def _sizes_of(files: list[str]) -> dict[str, int]:
    """Each file's size; for a long list, none (chunks of equal counts, in order): a system call
    per file costs more than balancing the bytes saves when most files are only scanned for words."""
    if len(files) > _STAT_AT_MOST:
        return {}
    sizes = {}
    for path in files:
        try:
            sizes[path] = os.path.getsize(path)
        except OSError:
            sizes[path] = 0  # the job will say why it cannot read it
    return sizes


def run_each(
    job: Callable[[str], T],
    files: list[str],
    jobs: int = 1,
    timeout: float | None = None,
    on_timeout: Callable[[str, float], T] | None = None,
    sizes: Mapping[str, int] | None = None,
    on_done: Callable[[int], None] | None = None,
) -> Iterator[T]:
    """Yield job(file) for each file, in order; with jobs > 1, in a pool of processes.

    With `timeout` (seconds), a file whose job runs longer yields on_timeout(file, timeout).
    `sizes` (bytes by file, else read from the disk for up to 20,000 files) balance the work;
    `on_done(n)` is told as soon as n more files are done, whatever their order (progress).
    """
    if timeout and on_timeout is not None:
        job = _Limited(job, timeout, on_timeout)
    if jobs > 1 and len(files) >= 2:
        sizes = sizes if sizes is not None else _sizes_of(files)
        if sizes and sum(sizes.get(f, 0) for f in files) < _POOL_MIN_BYTES:
            jobs = 1  # too little to share
    if jobs <= 1 or len(files) < 2:
        for path in files:
            result = job(path)
            if on_done is not None:
                on_done(1)
            yield result
        return
    done_here = 0
    deadline = time.monotonic() + _POOL_AFTER_SECONDS
    while done_here < len(files) and time.monotonic() < deadline:
        result = job(files[done_here])
        done_here += 1
        if on_done is not None:
            on_done(1)
        yield result
    files = files[done_here:]
    if not files:
        return
    # Imported here: a run that never starts a pool does without multiprocessing's imports.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    chunks = balanced_chunks(files, sizes, jobs)
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(job,))
    try:
        pending = {pool.submit(_run_chunk, [files[i] for i in chunk]): chunk for chunk in chunks}
        ready: dict[int, T] = {}  # results that came before those of earlier files
        following = 0  # the index of the next result to yield
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                ready.update(zip(chunk, future.result()))
                if on_done is not None:
                    on_done(len(chunk))
            while following in ready:
                yield ready.pop(following)
                following += 1
    finally:
        # On Ctrl-C (or when the caller stops early) the files not yet started are dropped; the
        # workers finish the chunk in hand and exit.
        pool.shutdown(wait=True, cancel_futures=True)
