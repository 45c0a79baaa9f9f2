"""Check that a parse lost nothing: the text comes back byte for byte from what we keep.

Printing never re-creates text from a tree (edits are applied to the original text), so what must
hold is that the pieces we keep cover the file exactly: the decoded text encodes back to the
original bytes, tokens are ordered and disjoint, and every parsed definition's tree holds exactly
the tokens it was built from, in order, inside its span. Rebuilding each definition's text from
its tree's tokens and the trivia between them must give the definition's text.
"""
from __future__ import annotations

from refactor.c.definitions import ParsedFile


def problems(parsed: ParsedFile, original: bytes) -> list[str]:
    """What does not round-trip (empty when everything does)."""
    out: list[str] = []
    source = parsed.source
    text = source.text
    if source.to_bytes() != original:
        out.append("decoding does not give the original bytes back")
    last = 0
    for token in parsed.tokens:
        if token.start < last or token.end <= token.start or token.end > len(text):
            out.append(f"token at offset {token.start} overlaps or is empty")
            break
        last = token.end
    for definition in parsed.definitions:
        if definition.tree is None:
            continue
        leaves = list(definition.tree.tokens())
        if [(t.start, t.end) for t in leaves] != [(t.start, t.end) for t in definition.tokens]:
            out.append(f"definition at offset {definition.span.start}: tree tokens differ from input")
            continue
        span = definition.span
        pieces = []
        cursor = span.start
        for token in leaves:
            if not span.start <= token.start <= token.end <= span.end or token.start < cursor:
                out.append(f"definition at offset {span.start}: token outside its span")
                break
            pieces.append(text[cursor:token.start])
            pieces.append(text[token.start:token.end])
            cursor = token.end
        pieces.append(text[cursor:span.end])
        if "".join(pieces) != text[span.start:span.end]:
            out.append(f"definition at offset {span.start}: text does not rebuild")
    return out
