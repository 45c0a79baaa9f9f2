"""Check a file's new text before it is written: changed code must still parse and round-trip.

This is the last gate before `refactor apply` touches a file, independent of how the engine
produced the text. The new text is parsed again, definition by definition; a definition that
does not parse is a problem unless the very same text failed in the original file too (code we
could not read before and did not touch is not the rule's fault, and is left as it was). The new
text must also come back byte for byte from its parse, as every file we read does.

Comparing the texts of failed definitions, rather than positions, is what makes "changed"
precise without tracking edits: an untouched definition has identical text before and after.
"""
from __future__ import annotations

from collections import Counter

from refactor.c.definitions import Definition, ParsedFile, parse_source
from refactor.c.roundtrip import problems
from refactor.source import SourceFile


def verify_output(source: SourceFile, new_text: str, before: ParsedFile | None = None) -> list[str]:
    """Problems with `new_text` as the next content of `source` (empty when it may be written).

    Each problem is `path:line:col: reason`, positions in the new text. `before` is the parse of
    the original, when the caller has it.
    """
    before = before if before is not None else parse_source(source)
    after = parse_source(SourceFile(source.path, new_text))
    found = []
    for definition in broken_definitions(before, after):
        where = after.source.position(definition.failure.offset)
        found.append(f"{source.path}:{where}: changed code does not parse ({definition.failure.reason})")
    for problem in problems(after, source.to_bytes(new_text)):
        found.append(f"{source.path}: the new text does not round-trip: {problem}")
    return found


def broken_definitions(before: ParsedFile, after: ParsedFile) -> list[Definition]:
    """The definitions of `after` that do not parse and are not, text for text, one that did not
    parse in `before` either: the ones a change broke."""
    unreadable_before = Counter(_failed_texts(before))
    broken = []
    for definition in after.definitions:
        if definition.failure is None:
            continue
        text = after.source.text[definition.span.start:definition.span.end]
        if unreadable_before[text] > 0:
            unreadable_before[text] -= 1
            continue
        broken.append(definition)
    return broken


def _failed_texts(parsed: ParsedFile) -> list[str]:
    text = parsed.source.text
    return [text[d.span.start:d.span.end] for d in parsed.definitions if d.failure is not None]
