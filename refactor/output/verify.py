"""Check a file's new text before it is written: changed code must still parse and round-trip.

This is the last gate before `refactor apply` touches a file, independent of how the engine
produced the text. The new text is parsed again, definition by definition; a definition that
does not parse is a problem unless the very same text failed in the original file too (code we
could not read before and did not touch is not the rule's fault, and is left as it was). The new
text must also come back byte for byte from its parse, as every file we read does.

Comparing the texts of failed definitions, rather than positions, is what makes "changed"
precise without tracking edits: an untouched definition has identical text before and after.
It also means that only the definitions whose text is new need parsing: the original is only
split into definitions (lexed, not parsed), and an untouched definition of the new text is not
parsed again. (What that leaves out: a definition that parsed, untouched, but no longer would
because a change elsewhere undid a typedef it relies on.)
"""
from __future__ import annotations

from collections import Counter

from refactor.c.definitions import Definition, ParsedFile, parse_source
from refactor.c.roundtrip import problems
from refactor.source import SourceFile


def verify_output(
    source: SourceFile, new_text: str, before: ParsedFile | None = None, after: ParsedFile | None = None,
) -> list[str]:
    """Problems with `new_text` as the next content of `source` (empty when it may be written).

    Each problem is `path:line:col: reason`, positions in the new text. `before` is a parse of
    the original and `after` one of the new text, when the caller has them (refactor.engine.apply
    does); `after` is used only if it parsed every definition whose text is not one of `before`'s.
    """
    if before is None or before.source.text != source.text:
        before = parse_source(source, worth_parsing=_nothing)
    old_texts = set(_texts(before, lambda d: True))
    if after is None or after.source.text != new_text or any(
        d.configuration == "skipped" and after.source.text[d.span.start:d.span.end] not in old_texts
        for d in after.definitions
    ):
        after = parse_source(SourceFile(source.path, new_text), worth_parsing=lambda text: text not in old_texts)
    found = []
    for definition in broken_definitions(before, after):
        where = after.source.position(definition.failure.offset)
        found.append(f"{source.path}:{where}: changed code does not parse ({definition.failure.reason})")
    for problem in problems(after, source.to_bytes(new_text)):
        found.append(f"{source.path}: the new text does not round-trip: {problem}")
    return found


def _nothing(text: str) -> bool:
    return False


def broken_definitions(before: ParsedFile, after: ParsedFile) -> list[Definition]:
    """The definitions of `after` that do not parse and are not, text for text, one that did not
    parse in `before` either (or that `before` did not try: the same text, it would have failed
    the same way): the ones a change broke."""
    unreadable_before = Counter(_texts(before, lambda d: d.failure is not None or d.configuration == "skipped"))
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


def _texts(parsed: ParsedFile, which) -> list[str]:
    text = parsed.source.text
    return [text[d.span.start:d.span.end] for d in parsed.definitions if which(d)]
