"""Context mode: what a rule's `*` lines matched, as findings and as the lines a diff shows.

A `*` line is context code whose matches are reported. spatch shows them as a diff whose `-`
lines are the lines of C code that hold code matched by starred rule code (the rest of the
match is not shown); `refactor check` reports each match at its first starred code.

Spans are kept against the text the rule matched; when a later rule changes the text, they are
carried through its edits (a span an edit touches is no longer shown).
"""
from __future__ import annotations

from refactor.edits import Edit
from refactor.engine.bindings import Match
from refactor.findings import Finding
from refactor.smpl.compile import Pattern
from refactor.source import SourceFile, Span


def starred_spans(pattern: Pattern, match: Match) -> list[Span]:
    """The spans of C code that starred pattern tokens matched (in nests too), in order."""
    spans = []
    for at, element in match.env.pairs.items():
        if at in pattern.starred and element.end > element.start:
            spans.append(Span(element.start, element.end))
    for _, inner in match.env.nested:
        spans.extend(starred_spans(pattern, inner))
    return sorted(set(spans))


def finding_for(source: SourceFile, spans: list[Span], rule: str) -> Finding:
    """One finding per match: where its first starred code starts, to where its last ends."""
    start = source.position(spans[0].start)
    end = source.position(max(s.end for s in spans))
    return Finding(source.path, start.line, start.column - 1, end.line, end.column - 1, f"rule {rule} matched", rule, "context")


def carried(spans: list[Span], edits: list[Edit]) -> list[Span]:
    """`spans` in the text after `edits`; a span an edit overlaps or touches inside is dropped."""
    out = []
    ordered = sorted(edits, key=lambda e: (e.span.start, e.span.end))
    for span in spans:
        delta = 0
        for edit in ordered:
            if edit.span.end <= span.start:  # before the span (an insertion at its start too)
                delta += len(edit.text) - (edit.span.end - edit.span.start)
            elif edit.span.start >= span.end:
                break
            else:
                delta = None
                break
        if delta is not None:
            out.append(Span(span.start + delta, span.end + delta))
    return out


def without_lines(text: str, spans: list[Span]) -> str:
    """`text` without the lines that the spans touch: what spatch's context diff shows."""
    removed: list[tuple[int, int]] = []
    for span in spans:
        first = text.rfind("\n", 0, span.start) + 1
        last = text.find("\n", max(span.end - 1, span.start))
        removed.append((first, len(text) if last < 0 else last + 1))
    out = []
    cursor = 0
    for first, end in sorted(removed):
        if end <= cursor:
            continue
        out.append(text[cursor:max(first, cursor)])
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
