"""Lex a text again after edits, lexing only around them: the tokens and directives before the
first edit are kept, those after the last one are shifted, and only the text between is lexed.

The lexer (refactor.c.lexer) is a loop that matches one token, comment or directive at a time
from where the last one ended. Between the end of a token and the end of the text, it sees only
that rest of the text, so two texts with the same rest lex alike from there on. Before the first
edit the text is the old one: the old tokens of the lines before the edit's stand, and lexing
starts again at the end of the last of them. After the last edit the rest is the old one, shifted: lexing
stops at the first token, past the edits, that the old lexing also produced (same kind, same
place once shifted), and the old tokens from there on are taken, shifted. An edit that opens a
comment or a string simply lexes on until the texts agree again (at worst, to the end).

This spares a rule's edits a second lexing of the whole file, the dearest part of parsing a
large file again for a rename of a few words (a third of the time of a whole-tree rename).
"""
from __future__ import annotations

import bisect
from typing import Iterable

from refactor.c.lexer import _DIRECTIVE_WORD, _MASTER, KEYWORDS, Directive, Token, tokenize
from refactor.edits import Edit


def relex(
    old_text: str, tokens: list[Token], directives: list[Directive], new_text: str, edits: Iterable[Edit],
) -> tuple[list[Token], list[Directive]]:
    """The tokens and directives of `new_text`, which `edits` (spans of `old_text`) made of
    `old_text`, whose tokens and directives are given. The same as tokenize(new_text)."""
    spans = [edit.span for edit in edits]
    if not spans:
        return tokenize(new_text)
    first = min(span.start for span in spans)
    last = max(span.end for span in spans)
    delta = len(new_text) - len(old_text)
    if not (new_text.startswith(old_text[:first]) and new_text.endswith(old_text[last:])):
        return tokenize(new_text)  # the edits do not describe the change: trust nothing
    ends = [t.end for t in tokens]
    # The tokens that end before the line of the first edit: matching a token looks a character
    # or two past its end (a number stops at `e+`), never past a line break, except a string or
    # character literal that is not closed, which is looked for up to the end of the line
    # (through `\` line continuations).
    kept = bisect.bisect_right(ends, _line_start(old_text, first) - 1)
    restart = tokens[kept - 1].end if kept else 0
    new_tokens = tokens[:kept]
    new_directives = [d for d in directives if d.end <= restart]
    starts = [t.start for t in tokens]
    tail_from = last + delta  # in the new text, everything from here on is the old text's rest
    new = tuple.__new__
    append = new_tokens.append
    keywords = KEYWORDS
    match = _MASTER.match
    pos = restart
    n = len(new_text)
    while pos <= n:
        m = match(new_text, pos)
        group = m.lastgroup
        start, end = m.span(group)
        if group == "IDENT":
            token = new(Token, (keywords.get(new_text[start:end], "IDENT"), start, end))
        elif group == "PUNCT":
            token = new(Token, (new_text[start:end], start, end))
        elif group == "COMMENT" or group == "SPLICE":
            pos = end
            continue
        elif group == "DIRECTIVE":
            word = _DIRECTIVE_WORD.match(new_text, start).group(1)
            new_directives.append(Directive(word or "null", start, end, new_text[start:end]))
            pos = end
            continue
        elif group == "END":
            break
        else:  # NUMBER, STRING, CHAR, UNKNOWN
            token = new(Token, (group, start, end))
        if start >= tail_from:
            j = bisect.bisect_left(starts, start - delta)
            if j < len(tokens) and tokens[j] == (token.kind, start - delta, end - delta):
                return _joined(new_tokens, new_directives, tokens, directives, j, delta)
        append(token)
        pos = end
    return new_tokens, new_directives


def _line_start(text: str, offset: int) -> int:
    """Where the line holding `offset` starts, a line ending at a newline not continued by a backslash."""
    newline = text.rfind("\n", 0, offset)
    while newline > 0 and (text[newline - 1] == "\\" or text[newline - 1] == "\r" and text[newline - 2:newline - 1] == "\\"):
        newline = text.rfind("\n", 0, newline)
    return newline + 1


def _joined(new_tokens, new_directives, tokens, directives, j, delta):
    """The lexed part, then the old tokens (and directives) from `tokens[j]` on, shifted."""
    at = tokens[j].start
    if delta == 0:
        new_tokens.extend(tokens[j:])
        new_directives.extend(d for d in directives if d.start >= at)
        return new_tokens, new_directives
    new = tuple.__new__
    new_tokens.extend([new(Token, (kind, start + delta, end + delta)) for kind, start, end in tokens[j:]])
    new_directives.extend(
        Directive(d.kind, d.start + delta, d.end + delta, d.argument) for d in directives if d.start >= at
    )
    return new_tokens, new_directives
