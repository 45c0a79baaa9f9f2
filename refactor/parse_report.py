"""`refactor parse`: how much of a tree we read, like `spatch --parse-c`.

Per file: definitions, how many parsed, lines, lines inside parsed definitions, lines inside
failed ones, round-trip problems and the failures themselves. Then totals, and the most frequent
failure causes (the nearest macro or word at the failing token).
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from refactor.c.definitions import parse_source
from refactor.c.roundtrip import problems
from refactor.source import SourceFile


@dataclass(frozen=True, slots=True)
class FailureLine:
    path: str
    line: int
    column: int
    cause: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.reason}"


@dataclass(frozen=True, slots=True)
class FileStats:
    path: str
    definitions: int = 0
    definitions_parsed: int = 0
    lines: int = 0
    lines_parsed: int = 0
    lines_failed: int = 0
    roundtrip_problems: tuple[str, ...] = ()
    failures: tuple[FailureLine, ...] = ()
    error: str = ""  # the file could not be read
    crash: str = ""  # an internal error: a bug of ours, reported, never fatal to the run


def parse_file_stats(path: str) -> FileStats:
    """Parse one file and measure it; never raises for a bad file."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as error:
        return FileStats(path, error=f"{path}: cannot read: {error.strerror or error}")
    try:
        return _measure(path, data)
    except Exception as error:  # noqa: BLE001 - one file's bug must not end a tree-wide run
        return FileStats(path, crash=f"{path}: internal error: {type(error).__name__}: {error}")


def _measure(path: str, data: bytes) -> FileStats:
    source = SourceFile.from_bytes(data, path)
    parsed = parse_source(source)
    parsed_lines: set[int] = set()
    failed_lines: set[int] = set()
    failures = []
    for definition in parsed.definitions:
        first = source.line_of(definition.span.start)
        last = source.line_of(max(definition.span.end - 1, definition.span.start))
        (parsed_lines if definition.parsed else failed_lines).update(range(first, last + 1))
        if definition.failure is not None:
            where = source.position(definition.failure.offset)
            failures.append(FailureLine(path, where.line, where.column, definition.failure.cause, definition.failure.reason))
    return FileStats(
        path,
        definitions=len(parsed.definitions),
        definitions_parsed=sum(d.parsed for d in parsed.definitions),
        lines=source.line_count(),
        lines_parsed=len(parsed_lines),
        lines_failed=len(failed_lines - parsed_lines),
        roundtrip_problems=tuple(problems(parsed, data)),
        failures=tuple(failures),
    )


@dataclass(slots=True)
class Totals:
    files: int = 0
    definitions: int = 0
    definitions_parsed: int = 0
    lines: int = 0
    lines_parsed: int = 0
    lines_failed: int = 0
    roundtrip_failures: int = 0
    unreadable: int = 0
    crashes: int = 0
    seconds: float = 0.0
    causes: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)

    def add(self, stats: FileStats) -> None:
        self.files += 1
        if stats.error or stats.crash:
            self.unreadable += bool(stats.error)
            self.crashes += bool(stats.crash)
            return
        self.definitions += stats.definitions
        self.definitions_parsed += stats.definitions_parsed
        self.lines += stats.lines
        self.lines_parsed += stats.lines_parsed
        self.lines_failed += stats.lines_failed
        self.roundtrip_failures += bool(stats.roundtrip_problems)
        self.causes.update(f.cause for f in stats.failures)

    def finish(self) -> None:
        self.seconds = time.perf_counter() - self.started

    def as_json(self, top: int = 20) -> dict:
        return {
            "files": self.files,
            "definitions": self.definitions,
            "definitions_parsed": self.definitions_parsed,
            "definitions_parsed_percent": _percent(self.definitions_parsed, self.definitions),
            "lines": self.lines,
            "lines_parsed": self.lines_parsed,
            "lines_failed": self.lines_failed,
            "good_lines_percent": _percent(self.lines - self.lines_failed, self.lines),
            "roundtrip_failures": self.roundtrip_failures,
            "unreadable_files": self.unreadable,
            "crashes": self.crashes,
            "seconds": round(self.seconds, 3),
            "lines_per_second": round(self.lines / self.seconds) if self.seconds else 0,
            "failure_causes": [[cause, count] for cause, count in self.causes.most_common(top)],
        }

    def as_text(self, top: int = 20) -> str:
        j = self.as_json(top)
        rows = [
            ("files", f"{j['files']}"),
            ("definitions", f"{j['definitions']}"),
            ("definitions parsed", f"{j['definitions_parsed']} ({j['definitions_parsed_percent']}%)"),
            ("lines", f"{j['lines']}"),
            ("lines parsed", f"{j['lines_parsed']} (inside parsed definitions)"),
            ("good lines", f"{j['good_lines_percent']}% (outside failed definitions, as spatch counts)"),
            ("round-trip failures", f"{j['roundtrip_failures']}"),
            ("unreadable files", f"{j['unreadable_files']}"),
            ("crashes", f"{j['crashes']}"),
            ("seconds", f"{j['seconds']}"),
            ("lines per second", f"{j['lines_per_second']}"),
        ]
        out = [f"{name + ':':<22}{value}" for name, value in rows]
        if self.causes:
            out.append("most frequent failure causes:")
            out.extend(f"{count:>8}  {cause}" for cause, count in self.causes.most_common(top))
        return "\n".join(out)


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 100.0
