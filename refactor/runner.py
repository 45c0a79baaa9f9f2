"""Walk the paths a user gives and run a per-file job over them, in parallel when asked.

The per-file job is a pure function of the file (and picklable arguments), so it runs the same in
this process or in a pool of worker processes. Results come back in the order of the file list,
whatever the number of workers, so output is deterministic.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

C_SUFFIXES = (".c", ".h")
T = TypeVar("T")


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


def run_each(job: Callable[[str], T], files: list[str], jobs: int = 1) -> Iterator[T]:
    """Yield job(file) for each file, in order; with jobs > 1, in a pool of processes."""
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield job(path)
        return
    # Small chunks balance the load (kernel files vary from 10 to 20,000 lines).
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(job, files, chunksize=4)
