"""Run compiled rules over files, in parallel: one FileChange per file, never an exception."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from typing import Iterator

from refactor import runner
from refactor.edits import EditConflict
from refactor.engine.apply import BrokenOutput, apply_patterns
from refactor.output.diff import unified_diff
from refactor.smpl.compile import CompiledRule
from refactor.source import SourceFile
from refactor.c.headers import HeaderSearch


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str
    diff: bytes = b""  # empty when unchanged
    new_bytes: bytes | None = None  # None when unchanged
    error: str = ""
    notes: tuple[str, ...] = ()  # where an unknown type kept a typed metavariable from matching


def transform_file(patterns: list[CompiledRule], defined: frozenset[str], headers: HeaderSearch, path: str) -> FileChange:
    try:
        source = SourceFile.read(path)
    except OSError as error:
        return FileChange(path, error=f"{path}: cannot read: {error.strerror or error}")
    try:
        outcome = apply_patterns(patterns, source, defined, headers)
    except EditConflict as error:
        return FileChange(path, error=f"{path}: {error}")
    except BrokenOutput as error:
        return FileChange(path, error=str(error))
    if outcome.text == source.text:
        return FileChange(path, notes=outcome.notes)
    shown = os.path.relpath(path).replace(os.sep, "/")
    text = unified_diff(source.text, outcome.text, shown)
    return FileChange(path, source.to_bytes(text), source.to_bytes(outcome.text), notes=outcome.notes)


def transform_files(
    patterns: list[CompiledRule], files: list[str], defined: frozenset[str], jobs: int,
    include_dirs: tuple[str, ...] = (), cache_directory: str | None = None, run_paths: tuple[str, ...] | None = None,
) -> Iterator[FileChange]:
    """One FileChange per file, in the order of `files`, whatever the number of workers.

    For typed metavariables, each file's expressions are typed with its own declarations and
    those of the headers it includes, found in `include_dirs` and among the headers under
    `run_paths` (default: `files`), each header parsed at most once per worker, and not at all
    when `cache_directory` holds its declarations already (refactor.c.headers). Nothing is read
    for rules without types.
    """
    headers = HeaderSearch(tuple(include_dirs), tuple(files if run_paths is None else run_paths), cache_directory)
    yield from runner.run_each(partial(transform_file, patterns, defined, headers), files, jobs)
