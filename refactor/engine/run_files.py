"""Run compiled rules over files, in parallel: one FileChange per file, never an exception.

What a file's outcome can be, and who decides:
- changed: the rules changed it and the new text passed refactor.output.verify (every changed
  definition parses again, the text round-trips); `diff` and `new_bytes` are set;
- unchanged: nothing to do;
- skipped, with a `note`: a binary file (a NUL byte: no C source has one), or a file whose real
  path is outside the paths given. A skip is not a failure;
- failed, with an `error`: unreadable, conflicting or unverifiable edits, an internal error, or
  longer than the time limit. The run goes on with the other files.
"""
from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, replace
from functools import partial
from typing import Iterator

from refactor import runner
from refactor.c.definitions import parse_source
from refactor.c.types import SymbolIndex
from refactor.edits import EditConflict
from refactor.engine.apply import BrokenOutput, apply_patterns
from refactor.output.diff import unified_diff
from refactor.output.verify import verify_output
from refactor.output.write import digest
from refactor.smpl.compile import CompiledRule
from refactor.source import SourceFile


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str
    diff: bytes = b""  # empty when unchanged
    new_bytes: bytes | None = None  # None when unchanged
    error: str = ""  # the file failed: why
    note: str = ""  # the file was skipped: why
    was: str = ""  # digest of the content the change was computed from (refactor.output.write)

    @property
    def changed(self) -> bool:
        return self.new_bytes is not None


def transform_file(patterns: list[CompiledRule], defined: frozenset[str], index: SymbolIndex | None, path: str) -> FileChange:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as error:
        return FileChange(path, error=f"{path}: cannot read: {error.strerror or error}")
    if b"\0" in data:
        return FileChange(path, note=f"{path}: skipped: binary file (it contains NUL bytes)")
    try:
        change = _transform(patterns, defined, index, SourceFile.from_bytes(data, path))
        return replace(change, was=digest(data)) if change.changed else change
    except Exception as error:  # noqa: BLE001 - one file's bug must not end a tree-wide run
        where = traceback.extract_tb(error.__traceback__)[-1]
        return FileChange(path, error=f"{path}: internal error ({type(error).__name__}: {error} at "
                                      f"{os.path.basename(where.filename)}:{where.lineno}); the file is left unchanged")


def _transform(patterns: list[CompiledRule], defined: frozenset[str], index: SymbolIndex | None, source: SourceFile) -> FileChange:
    path = source.path
    try:
        outcome = apply_patterns(patterns, source, defined, index)
    except EditConflict as error:
        return FileChange(path, error=f"{path}: {error}")
    except BrokenOutput as error:
        return FileChange(path, error=str(error))
    if outcome.text == source.text:
        return FileChange(path)
    problems = verify_output(source, outcome.text)
    if problems:
        return FileChange(path, error="\n".join(problems) + f"\n{path}: not written: the result would not parse")
    shown = os.path.relpath(path).replace(os.sep, "/")
    text = unified_diff(source.text, outcome.text, shown)
    return FileChange(path, source.to_bytes(text), source.to_bytes(outcome.text))


def timed_out(path: str, seconds: float) -> FileChange:
    return FileChange(path, error=f"{path}: skipped: took longer than {seconds:g} seconds (--timeout); left unchanged")


def transform_files(
    patterns: list[CompiledRule], files: list[str], defined: frozenset[str], jobs: int, headers: list[str] = (),
    timeout: float | None = None,
) -> Iterator[FileChange]:
    """One FileChange per file, in the order of `files`, whatever the number of workers.

    When a rule has typed metavariables, the declarations of all files (and of `headers`) are
    indexed first, so that a member's type declared in a header is known in every .c file.
    `timeout` limits the seconds spent on each file (None: no limit).
    """
    index = None
    if any(p.needs_types for p in patterns):
        index = SymbolIndex()
        for path in sorted(set(files) | set(headers)):
            try:
                source = SourceFile.read(path)
            except OSError:
                continue
            try:
                with runner.time_limit(timeout):
                    parsed = parse_source(source)
            except runner.FileTimeout:
                continue  # its declarations stay unknown; the file itself times out again, reported, below
            for definition in parsed.definitions:
                if definition.tree is not None:
                    index.add_tree(definition.tree, source.text)
    job = partial(transform_file, patterns, defined, index)
    yield from runner.run_each(job, files, jobs, timeout, timed_out)
