"""SourceFile: the original bytes of a C file, kept so that they can be given back exactly.

A file is decoded as UTF-8 with `surrogateescape`, so bytes that are not UTF-8 survive as lone
surrogates and encode back to the very same bytes. All offsets in the project are offsets into
`SourceFile.text` (code points, not bytes); `position()` turns one into a 1-based line and column.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple


class Span(NamedTuple):
    """Half-open range [start, end) of offsets into a SourceFile's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


@dataclass(frozen=True)
class SourceFile:
    """The text of one file, with what is needed to write it back byte for byte."""

    path: str
    text: str
    _line_starts: list[int] = field(default=None, repr=False, compare=False)  # type: ignore[assignment]

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "<memory>") -> "SourceFile":
        return cls(path, data.decode("utf-8", "surrogateescape"))

    @classmethod
    def read(cls, path: str | Path) -> "SourceFile":
        return cls.from_bytes(Path(path).read_bytes(), str(path))

    def to_bytes(self, text: str | None = None) -> bytes:
        """Encode `text` (default: the original text) exactly as the file was encoded."""
        return (self.text if text is None else text).encode("utf-8", "surrogateescape")

    @property
    def newline(self) -> str:
        """The file's dominant newline style, for code we add to it."""
        crlf = self.text.count("\r\n")
        return "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"

    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            find = text.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            object.__setattr__(self, "_line_starts", starts)
        return self._line_starts

    def line_count(self) -> int:
        """Number of lines, counting a last line without a newline."""
        starts = self.line_starts()
        return len(starts) - (1 if starts[-1] == len(self.text) else 0)

    def position(self, offset: int) -> Position:
        starts = self.line_starts()
        line = bisect.bisect_right(starts, offset) - 1
        return Position(line + 1, offset - starts[line] + 1)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts(), offset)

    def slice(self, span: Span) -> str:
        return self.text[span.start:span.end]
