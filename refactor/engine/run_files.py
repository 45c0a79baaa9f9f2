"""Run compiled rules over files, in parallel: one FileChange per file, never an exception."""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from typing import Iterator

from refactor import runner
from refactor.edits import EditConflict
from refactor.engine.apply import BrokenOutput, apply_patterns
from refactor.findings import Printed
from refactor.output.diff import unified_diff
from refactor.scripts.host import ScriptError, ScriptHost, run_outside_files
from refactor.smpl.compile import CompiledRule
from refactor.smpl.scripts import CompiledScript
from refactor.source import SourceFile
from refactor.c.definitions import parse_source
from refactor.c.types import SymbolIndex


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str
    diff: bytes = b""  # empty when unchanged (and no `*` code matched)
    new_bytes: bytes | None = None  # None when unchanged
    error: str = ""
    # What the rule file's scripts printed on this file, in order, and the matches of its `*`
    # lines (findings with no text): computed in the worker, printed by the parent.
    reports: tuple[Printed, ...] = ()


def transform_file(
    patterns: list[CompiledRule], defined: frozenset[str], index: SymbolIndex | None, path: str, host: ScriptHost | None = None
) -> FileChange:
    try:
        source = SourceFile.read(path)
    except OSError as error:
        return FileChange(path, error=f"{path}: cannot read: {error.strerror or error}")
    try:
        outcome = apply_patterns(patterns, source, defined, index, host)
    except EditConflict as error:
        return FileChange(path, error=f"{path}: {error}")
    except (BrokenOutput, ScriptError) as error:
        return FileChange(path, error=str(error))
    reports = outcome.printed + tuple(Printed("", finding) for finding in outcome.findings)
    shown = outcome.shown_text
    if shown == source.text:
        return FileChange(path, reports=reports)
    label = os.path.relpath(path).replace(os.sep, "/")
    text = unified_diff(source.text, shown, label)
    new_bytes = source.to_bytes(outcome.text) if outcome.text != source.text else None
    return FileChange(path, source.to_bytes(text), new_bytes, reports=reports)


def transform_files(
    patterns: list[CompiledRule], files: list[str], defined: frozenset[str], jobs: int, headers: list[str] = (),
    host: ScriptHost | None = None,
) -> Iterator[FileChange]:
    """One FileChange per file, in the order of `files`, whatever the number of workers.

    When a rule has typed metavariables, the declarations of all files (and of `headers`) are
    indexed first, so that a member's type declared in a header is known in every .c file.
    With `host` (a WholeRun's), every file runs in this process, its scripts in that host.
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
    if host is not None:
        jobs = 1
    yield from runner.run_each(partial(transform_file, patterns, defined, index, host=host), files, jobs)


class WholeRun:
    """The scripts that run once per run: `@initialize:python@` before the first file,
    `@finalize:python@` after the last.

    Such a rule file runs all its files in one process with one script namespace, so that the
    initialize, per-file and finalize scripts see the same state (spatch -j N runs one
    namespace per worker and merges `merge.x` values; one process gives the same results as
    its -j 1). Rule files without them run in parallel, each file with a fresh namespace.
    """

    def __init__(self, patterns: list) -> None:
        self.host = ScriptHost()
        scripts = [p for p in patterns if isinstance(p, CompiledScript)]
        self.initializers = [s for s in scripts if s.rule.kind == "initialize"]
        self.finalizers = [s for s in scripts if s.rule.kind == "finalize"]

    @staticmethod
    def of(patterns: list) -> "WholeRun | None":
        """The run's initialize and finalize scripts, or None when the rule file has none."""
        if any(isinstance(p, CompiledScript) and p.rule.kind in ("initialize", "finalize") for p in patterns):
            return WholeRun(patterns)
        return None

    def initialize(self) -> list[Printed]:
        """Run the initialize scripts; ScriptError when one raises."""
        return run_outside_files(self.host, self.initializers)

    def finalize(self) -> list[Printed]:
        return run_outside_files(self.host, self.finalizers)
