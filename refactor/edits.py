"""Apply edits, expressed against the original text, and return the new text.

Every edit names a span of the *original* text, so rules never need to know what other rules did.
Edits are applied right to left so that earlier spans stay valid. The order rules are:

- identical edits (same span, same text) collapse to one: two rules reaching the same conclusion
  is agreement, not a conflict;
- insertions (empty spans) at the same offset keep the order they were given in;
- an insertion at the offset where a replacement starts goes before the replacement's text, and one
  at the offset where it ends goes after it (an insertion "at p" means "before the code at p");
- anything else that overlaps raises EditConflict: two different replacements of overlapping spans
  (overlapping deletions included; nothing is merged behind the caller's back), or an insertion
  strictly inside a replaced span. Adjacent spans ([a, b) then [b, c)) do not overlap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from refactor.source import Span


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `span` of the original text with `text` (empty text deletes; an empty span inserts)."""

    span: Span
    text: str

    @property
    def is_insertion(self) -> bool:
        return self.span.start == self.span.end

    def describe(self) -> str:
        """Short human form for messages: `replace 10..24 with 'foo'`."""
        start, end = self.span
        if start == end:
            return f"insert {self.text!r} at {start}"
        if not self.text:
            return f"delete {start}..{end}"
        return f"replace {start}..{end} with {self.text!r}"


class EditConflict(Exception):
    """Two edits that cannot both be applied; `first` and `second` are them, in text order."""

    def __init__(self, first: Edit, second: Edit) -> None:
        # Both edits go to Exception.args so that the exception pickles (process pools).
        super().__init__(first, second)
        self.first = first
        self.second = second

    def __str__(self) -> str:
        return f"conflicting edits: {self.first.describe()} and {self.second.describe()}"


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Return `text` with all `edits` applied; raise EditConflict if two of them overlap."""
    ordered = _ordered(text, edits)
    if not ordered:
        return text
    pieces: list[str] = []
    end = len(text)
    for edit in reversed(ordered):
        pieces.append(text[edit.span.end:end])
        pieces.append(edit.text)
        end = edit.span.start
    pieces.append(text[:end])
    return "".join(reversed(pieces))


def _ordered(text: str, edits: Iterable[Edit]) -> list[Edit]:
    """Distinct edits in text order, checked for spans out of range and for conflicts."""
    distinct = list(dict.fromkeys(edits))  # keeps the first of identical edits, in given order
    for edit in distinct:
        start, end = edit.span
        if not 0 <= start <= end <= len(text):
            raise ValueError(f"edit span {start}..{end} is outside the text (length {len(text)})")
    # Sort by start; at one offset insertions come before a replacement, and the index keeps the
    # given order of insertions at the same offset (sorted() is stable, the index makes it explicit).
    ordered = sorted(
        range(len(distinct)),
        key=lambda i: (distinct[i].span.start, not distinct[i].is_insertion, i),
    )
    result = [distinct[i] for i in ordered]
    # Replacements seen so far do not overlap, so the last one reaches furthest.
    last_replacement: Edit | None = None
    for edit in result:
        if last_replacement is not None and edit.span.start < last_replacement.span.end:
            raise EditConflict(last_replacement, edit)
        if not edit.is_insertion:
            last_replacement = edit
    return result
