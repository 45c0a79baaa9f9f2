"""Whole-file results of a rule file, cached on disk: rerunning the same rule file over code that
did not change (the diff looked at again before `apply`, a check run again in CI) neither
compiles the rule nor parses nor matches anything. An edited rule file is a new rule file: its
run finds its parses in refactor.c.parse_cache, not here.

A file's result (refactor.engine.run_files.FileChange) is a function of
- the rule file: its text and path (messages name it) and the -D names;
- this tool: every module and grammar of the package, Lark's version, Python's;
- the run: the -I directories, the paths given (headers are also found among them) and the
  working directory (diffs name files relative to it);
- the file: its path and bytes;
- for typed metavariables, the headers the run consulted. They are recorded as the run
  consults them (refactor.c.headers.Headers.recording): each include resolved, to which file
  or to none, and each header whose bytes were read, with a hash of them. An entry is used only
  if each include still resolves to the same file (a header added earlier on the search path
  is seen) and each header still has the same hash.
The first three make the run's key, with the file's path and bytes the entry's. Everything
else a run reads is keyed by content already (the parse and symbol caches).

The time limit (--timeout) is not in the key: a cached result is one that was made in time, the
same as the run would make without a limit. Not cached: rule files that run Python (a script may read anything and print anything, so its
output is not a function of the file), and files that failed (unreadable, over the time limit,
an internal error: maybe not so next time). Before its first file a run needs a few things
from the rule file (its words, for git grep and the test of each file's bytes; its warnings;
its virtual names): a RuleSummary, cached under the rule file's key, so that a run whose files
all hit compiles nothing, and imports neither Lark nor the matcher.

Where: `<cache root>/results/` (refactor.c.symbol_cache.default_root); `--no-cache` and
REFACTOR_NO_CACHE=1 turn it off with the other caches, REFACTOR_NO_RESULT_CACHE=1 on its own
(what benchmarks do to measure the parse cache). Entries pile up, one per rule file text and
file holding its words (a changed file's entry holds its new bytes): delete the directory to
reclaim the space. A cache that cannot be read or written only costs time.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import pickle
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

NO_RESULT_CACHE_ENV = "REFACTOR_NO_RESULT_CACHE"
_FORMAT = 1


@functools.cache
def package_version() -> str:
    """A hash of every module and grammar of this package, of Lark's version and of Python's:
    what a cached result was computed by."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    package = Path(__file__).resolve().parents[1]
    from refactor.c.parser import grammar_text

    for name in ("c.lark", "smpl.lark", "smpl_pattern.lark"):
        try:
            digest.update(grammar_text(name).encode())
        except OSError:
            digest.update(f"no {name}".encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    spec = importlib.util.find_spec("lark")  # its __init__ holds its version; not imported
    if spec is not None and spec.origin:
        digest.update(Path(spec.origin).read_bytes())
    return digest.hexdigest()


def enabled() -> bool:
    return os.environ.get(NO_RESULT_CACHE_ENV, "") in ("", "0")


def _key(*parts: str | bytes) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _read(path: Path):
    try:
        with open(path, "rb") as f:
            return pickle.loads(zlib.decompress(f.read()))
    except Exception:  # noqa: BLE001 - a missing, stale or damaged entry is a miss
        return None


def _write(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as f:
            f.write(zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1))
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, RecursionError):
        try:
            os.unlink(temporary)
        except (OSError, UnboundLocalError):
            pass


@dataclass(frozen=True, slots=True)
class RuleSummary:
    """What a run needs of a rule file before its first file."""

    virtuals: tuple[str, ...]
    warnings: tuple[str, ...]  # as printed
    tests: tuple  # refactor.engine.word_formula.file_tests: over text, over bytes


def rule_key(rule_path: str, rule_text: str, defines: tuple[str, ...]) -> str:
    return _key(package_version(), rule_path, rule_text, "\0".join(sorted(set(defines))))


def get_summary(root: Path, key: str) -> RuleSummary | None:
    found = _read(root / "results" / package_version() / "rules" / f"{key}.pickle")
    return found if isinstance(found, RuleSummary) else None


def put_summary(root: Path, key: str, summary: RuleSummary) -> None:
    _write(root / "results" / package_version() / "rules" / f"{key}.pickle", summary)


class LazyRules:
    """A rule file's compiled rules, compiled when a file first needs them (a cached result
    needs none); its word tests from its summary meanwhile. Workers forked before that compile
    the rules each on its first miss (a few hundredths of a second each)."""

    def __init__(self, summary: RuleSummary, compile_rules: Callable[[], list]):
        self.summary = summary
        self._compile = compile_rules
        self._compiled: list | None = None

    @property
    def compiled(self) -> list:
        if self._compiled is None:
            self._compiled = list(self._compile())
        return self._compiled

    def tests(self) -> tuple:
        return self.summary.tests


@dataclass(frozen=True, slots=True)
class ResultCache:
    """FileChanges of one run's rule file and options, by file path and bytes."""

    root: Path
    run: str  # run_key

    @staticmethod
    def run_key(rule: str, include_dirs: tuple[str, ...], run_paths: tuple[str, ...], no_includes: bool = False) -> str:
        """`rule`: rule_key. The working directory is in it: diffs name files relative to it."""
        return _key(rule, "\0".join(include_dirs), "\0".join(run_paths), os.getcwd(), "no includes" if no_includes else "")

    def _path(self, path: str, data: bytes) -> Path:
        key = _key(self.run, path, data)
        return self.root / "results" / package_version() / key[:2] / f"{key}.pickle"

    def get(self, path: str, data: bytes, headers) -> object | None:
        """The FileChange cached for `path` holding `data`, if the headers it consulted
        (refactor.c.headers.Headers) are as they were; else None."""
        found = _read(self._path(path, data))
        if not (isinstance(found, tuple) and len(found) == 3 and found[0] == _FORMAT):
            return None
        _, consulted, change = found
        if consulted and (headers is None or not headers.still(consulted)):
            return None
        return change

    def put(self, path: str, data: bytes, change, consulted: tuple) -> None:
        _write(self._path(path, data), (_FORMAT, consulted, change))
