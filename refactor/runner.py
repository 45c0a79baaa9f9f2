"""Walk the paths a user gives and run a per-file job over them, in parallel when asked.

The per-file job is a pure function of the file (and picklable arguments), so it runs the same in
this process or in a pool of worker processes. Results come back in the order of the file list,
whatever the number of workers, so output is deterministic.

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
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Generic, Iterable, Iterator, TypeVar

C_SUFFIXES = (".c", ".h")
T = TypeVar("T")


class FileTimeout(BaseException):
    """The job for one file ran past its time limit.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the way up (code that
    turns one file's internal error into a report) mistakes it for a failure of the code it stopped.
    """


def c_files(paths: Iterable[str | Path]) -> list[str]:
    """The .c and .h files under `paths` (files are taken as given), sorted, without duplicates.

    Directories are walked without following symlinks; hidden directories (.git) are skipped.
    """
    found: set[str] = set()
    for path in paths:
        path = str(path)
        if os.path.isfile(path):
            found.add(os.path.normpath(path))
            continue
        for directory, subdirs, files in os.walk(path):
            subdirs[:] = [d for d in subdirs if not d.startswith(".")]
            for name in files:
                if name.endswith(C_SUFFIXES):
                    full = os.path.join(directory, name)
                    if not os.path.islink(full):
                        found.add(os.path.normpath(full))
    return sorted(found)


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


def run_each(
    job: Callable[[str], T],
    files: list[str],
    jobs: int = 1,
    timeout: float | None = None,
    on_timeout: Callable[[str, float], T] | None = None,
) -> Iterator[T]:
    """Yield job(file) for each file, in order; with jobs > 1, in a pool of processes.

    With `timeout` (seconds), a file whose job runs longer yields on_timeout(file, timeout).
    """
    if timeout and on_timeout is not None:
        job = _Limited(job, timeout, on_timeout)
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield job(path)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    try:
        # Small chunks balance the load (kernel files vary from 10 to 20,000 lines).
        yield from pool.map(job, files, chunksize=4)
    finally:
        # On Ctrl-C (or when the caller stops early) the files not yet started are dropped; the
        # workers finish the file in hand and exit.
        pool.shutdown(wait=True, cancel_futures=True)
