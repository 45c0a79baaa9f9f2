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
from refactor.c.definitions import parse_source
from refactor.c.types import SymbolIndex


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str
    diff: bytes = b""  # empty when unchanged
    new_bytes: bytes | None = None  # None when unchanged
    error: str = ""


def transform_file(patterns: list[CompiledRule], defined: frozenset[str], index: SymbolIndex | None, path: str) -> FileChange:
    try:
        source = SourceFile.read(path)
    except OSError as error:
        return FileChange(path, error=f"{path}: cannot read: {error.strerror or error}")
    try:
        outcome = apply_patterns(patterns, source, defined, index)
    except EditConflict as error:
        return FileChange(path, error=f"{path}: {error}")
    except BrokenOutput as error:
        return FileChange(path, error=str(error))
    if outcome.text == source.text:
        return FileChange(path)
    shown = os.path.relpath(path).replace(os.sep, "/")
    text = unified_diff(source.text, outcome.text, shown)
    return FileChange(path, source.to_bytes(text), source.to_bytes(outcome.text))


def transform_files(
    patterns: list[CompiledRule], files: list[str], defined: frozenset[str], jobs: int, headers: list[str] = ()
) -> Iterator[FileChange]:
    """One FileChange per file, in the order of `files`, whatever the number of workers.

    When a rule has typed metavariables, the declarations of all files (and of `headers`) are
    indexed first, so that a member's type declared in a header is known in every .c file.
    """
    index = None
    if any(p.needs_types for p in patterns):
        index = SymbolIndex()
        for path in sorted(set(files) | set(headers)):
            try:
                source = SourceFile.read(path)
            except OSError:
                continue
            parsed = parse_source(source)
            for definition in parsed.definitions:
                if definition.tree is not None:
                    index.add_tree(definition.tree, source.text)
    yield from runner.run_each(partial(transform_file, patterns, defined, index), files, jobs)
