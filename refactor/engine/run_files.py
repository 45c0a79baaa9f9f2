"""Run compiled rules over files, in parallel: one FileChange per file, never an exception.

What a file's outcome can be, and who decides:
- changed: the rules changed it and the new text passed refactor.output.verify (every changed
  definition parses again, the text round-trips); `diff` and `new_bytes` are set;
- unchanged: nothing to do (a file without the words a change needs, refactor.engine.word_formula,
  is found so from its bytes: it is not even decoded);
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
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from refactor import runner
from refactor.c.headers import HeaderSearch, headers_for
from refactor.c.parse_cache import ParseCache
from refactor.engine.result_cache import LazyRules, ResultCache
from refactor.findings import Printed
from refactor.output.write import digest
from refactor.source import SourceFile

if TYPE_CHECKING:  # the rule side is imported when rules run: a cached result needs none of it
    from refactor.scripts.host import ScriptHost
    from refactor.smpl.compile import CompiledRule


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str
    diff: bytes = b""  # empty when unchanged (and no `*` code matched)
    new_bytes: bytes | None = None  # None when unchanged
    error: str = ""  # the file failed: why
    note: str = ""  # the file was skipped: why
    was: str = ""  # digest of the content the change was computed from (refactor.output.write)
    notes: tuple[str, ...] = ()  # where an unknown type kept a typed metavariable from matching
    # What the rule file's scripts printed on this file, in order, and the matches of its `*`
    # lines (findings with no text): computed in the worker, printed by the parent.
    reports: tuple[Printed, ...] = ()

    @property
    def changed(self) -> bool:
        return self.new_bytes is not None


def transform_file(
    patterns: list[CompiledRule] | LazyRules, defined: frozenset[str], headers: HeaderSearch, path: str,
    host: ScriptHost | None = None, parse_cache: ParseCache | None = None, results: ResultCache | None = None,
) -> FileChange:
    """The FileChange of one file; from `results` when cached there (and then the rules are
    not even compiled, if `patterns` are LazyRules), and put there when computed."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as error:
        return FileChange(path, error=f"{path}: cannot read: {error.strerror or error}")
    if b"\0" in data:
        return FileChange(path, note=f"{path}: skipped: binary file (it contains NUL bytes)")
    if isinstance(patterns, LazyRules):
        tests = patterns.tests()
    else:
        from refactor.engine.word_formula import file_tests

        tests = file_tests(patterns, defined)
    if not tests[1].holds(data):
        return FileChange(path)
    consulting = None
    if results is not None:
        consulting = headers_for(headers or HeaderSearch())
        cached = results.get(path, data, consulting)
        if cached is not None:
            return cached
        consulting.recording = []
    try:
        compiled = patterns.compiled if isinstance(patterns, LazyRules) else patterns
        change = _transform(compiled, defined, headers, SourceFile.from_bytes(data, path), host, parse_cache)
        change = replace(change, was=digest(data)) if change.changed else change
    except Exception as error:  # noqa: BLE001 - one file's bug must not end a tree-wide run
        where = traceback.extract_tb(error.__traceback__)[-1]
        return FileChange(path, error=f"{path}: internal error ({type(error).__name__}: {error} at "
                                      f"{os.path.basename(where.filename)}:{where.lineno}); the file is left unchanged")
    finally:
        consulted = tuple(consulting.recording or ()) if consulting is not None else ()
        if consulting is not None:
            consulting.recording = None
    if results is not None and not change.error:
        results.put(path, data, change, consulted)
    return change


def _transform(
    patterns: list[CompiledRule], defined: frozenset[str], headers: HeaderSearch, source: SourceFile, host: ScriptHost | None,
    parse_cache: ParseCache | None = None,
) -> FileChange:
    # Imported here: a run whose results all come from the cache needs no matcher.
    from refactor.edits import EditConflict
    from refactor.engine import apply
    from refactor.engine.apply import BrokenOutput
    from refactor.output.diff import unified_diff
    from refactor.output.verify import verify_output
    from refactor.scripts.host import ScriptError

    path = source.path
    try:
        outcome = apply.apply_patterns(patterns, source, defined, headers, host, parse_cache)
    except EditConflict as error:
        return FileChange(path, error=f"{path}: {error}")
    except (BrokenOutput, ScriptError) as error:
        return FileChange(path, error=str(error))
    reports = outcome.printed + tuple(Printed("", finding) for finding in outcome.findings)
    shown = outcome.shown_text
    if shown == source.text:
        return FileChange(path, notes=outcome.notes, reports=reports)
    if outcome.text != source.text:
        problems = verify_output(source, outcome.text, outcome.before, outcome.after)
        if problems:
            return FileChange(path, error="\n".join(problems) + f"\n{path}: not written: the result would not parse")
    label = os.path.relpath(path).replace(os.sep, "/")
    text = unified_diff(source.text, shown, label)
    new_bytes = source.to_bytes(outcome.text) if outcome.text != source.text else None
    return FileChange(path, source.to_bytes(text), new_bytes, notes=outcome.notes, reports=reports)


def timed_out(path: str, seconds: float) -> FileChange:
    return FileChange(path, error=f"{path}: skipped: took longer than {seconds:g} seconds (--timeout); left unchanged")


def transform_files(
    patterns: list[CompiledRule] | LazyRules, files: list[str], defined: frozenset[str], jobs: int,
    include_dirs: tuple[str, ...] = (), cache_directory: str | None = None, run_paths: tuple[str, ...] | None = None,
    timeout: float | None = None, host: ScriptHost | None = None, sizes: dict[str, int] | None = None, on_done=None,
    parse_cache_directory: str | None = None, results: ResultCache | None = None, follow_includes: bool = True,
) -> Iterator[FileChange]:
    """One FileChange per file, in the order of `files`, whatever the number of workers.

    For typed metavariables, each file's expressions are typed with its own declarations and
    those of the headers it includes, found in `include_dirs` and among the headers under
    `run_paths` (default: `files`), each header parsed at most once per worker, and not at all
    when `cache_directory` holds its declarations already (refactor.c.headers). Nothing is read
    for rules without types. `timeout` limits the seconds spent on each file (None: no limit).
    With `host` (a WholeRun's), every file runs in this process, its scripts in that host.
    `sizes` and `on_done` go to refactor.runner.run_each (balance, progress). Files are lexed and
    parsed once for all runs with the same `parse_cache_directory` (refactor.c.parse_cache).
    With `results` (never with `host`: scripts are not pure), a file's result is looked up
    first and cached after (refactor.engine.result_cache). Without `follow_includes`, a file's
    own declarations alone type its expressions (spatch's --no-includes).
    """
    headers = HeaderSearch(
        tuple(include_dirs), tuple(files if run_paths is None else run_paths), cache_directory, follow_includes
    )
    if host is not None:
        jobs = 1
    cache = ParseCache(Path(parse_cache_directory)) if parse_cache_directory else None
    job = partial(transform_file, patterns, defined, headers, host=host, parse_cache=cache,
                  results=results if host is None else None)
    yield from runner.run_each(job, files, jobs, timeout, timed_out, sizes=sizes, on_done=on_done)


class WholeRun:
    """The scripts that run once per run: `@initialize:python@` before the first file,
    `@finalize:python@` after the last.

    Such a rule file runs all its files in one process with one script namespace, so that the
    initialize, per-file and finalize scripts see the same state (spatch -j N runs one
    namespace per worker and merges `merge.x` values; one process gives the same results as
    its -j 1). Rule files without them run in parallel, each file with a fresh namespace.
    """

    def __init__(self, patterns: list) -> None:
        from refactor.scripts.host import ScriptHost
        from refactor.smpl.scripts import CompiledScript

        self.host = ScriptHost()
        scripts = [p for p in patterns if isinstance(p, CompiledScript)]
        self.initializers = [s for s in scripts if s.rule.kind == "initialize"]
        self.finalizers = [s for s in scripts if s.rule.kind == "finalize"]

    @staticmethod
    def of(patterns: list) -> "WholeRun | None":
        """The run's initialize and finalize scripts, or None when the rule file has none."""
        from refactor.smpl.scripts import CompiledScript

        if any(isinstance(p, CompiledScript) and p.rule.kind in ("initialize", "finalize") for p in patterns):
            return WholeRun(patterns)
        return None

    def initialize(self) -> list[Printed]:
        """Run the initialize scripts; ScriptError when one raises."""
        from refactor.scripts.host import run_outside_files

        return run_outside_files(self.host, self.initializers)

    def finalize(self) -> list[Printed]:
        from refactor.scripts.host import run_outside_files

        return run_outside_files(self.host, self.finalizers)
