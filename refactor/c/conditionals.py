"""Preprocessor conditionals: which tokens the parser sees in each configuration.

Code under `#if`/`#ifdef`/`#else` is parsed like any other code (as Coccinelle does). Usually
both branches parse together; where they cannot (a conditional that splits an `if`, a parameter
list or an initializer), a definition is parsed again in two more configurations:

- `first`: the first branch of every conditional (every condition true);
- `last`: the `#else` branch of every conditional, and nothing of one without `#else` (every
  condition false).

Code under `#if 0` is never parsed: it is trivia, like a comment (Coccinelle does the same).
So are the other branches of `#if 1`, and the `#else`/`#elif` branches of a conditional that
splits an expression or a declarator rather than covering whole statements: spatch's lexer
comments those out before parsing (`passed` in its `--parse-c` output), so its rules never see
them, and ours must not either (see `_passed_by_spatch`).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from refactor.c.lexer import Directive, Token

CONFIGURATIONS = ("all", "first", "last")
_IF_ZERO = re.compile(r"#\s*if\s+(0|false)\s*(?:$|/[/*])", re.S)
_IF_ONE = re.compile(r"#\s*if\s+(1|true)\s*(?:$|/[/*])", re.S)
# spatch looks for a conditional splitting an expression only in small ones: every branch at
# most this many lines (its `thresholdIfdefSizeMid`), and for alternative function headers
# (two branches, each a line at column 0 and at most 4 more, then `{` at column 0).
_MID_MAX_LINES = 6
_HEADER_MAX_LINES = 5
_OPENERS = ("if", "ifdef", "ifndef")
_BRANCHES = ("elif", "else", "elifdef", "elifndef")


@dataclass(frozen=True, slots=True)
class Branch:
    """One branch of a conditional: tokens with start in [start, end) belong to it."""

    start: int
    end: int
    index: int  # 0 for the #if branch
    last: bool  # the #else (or last #elif) branch
    has_else: bool  # the conditional has an #else
    dead: bool  # never parsed: under `#if 0`, or commented out as spatch does


def branches(directives: list[Directive], tokens: list[Token] | None = None, text: str = "") -> list[Branch]:
    """The branches of all conditionals, from the directives of a file; tolerant of imbalance.

    With the file's `tokens` and `text`, a branch spatch comments out is `dead` too.
    """
    conditionals = _conditionals(directives)
    if tokens is not None and any(len(group) > 1 for group in conditionals):
        file = _File(tokens, directives, text)
        conditionals = [_passed_by_spatch(group, file) for group in conditionals]
    out = [b for group in conditionals for b in group]
    out.sort(key=lambda b: b.start)
    return out


def _conditionals(directives: list[Directive]) -> list[list[Branch]]:
    """Each conditional's branches, in order."""
    out: list[list[Branch]] = []
    stack: list[list[tuple[Directive, bool]]] = []  # per open conditional: its branch heads
    for d in directives:
        if d.kind in _OPENERS:
            stack.append([(d, d.kind == "if" and bool(_IF_ZERO.match(d.argument)))])
        elif d.kind in _BRANCHES and stack:
            stack[-1].append((d, False))
        elif d.kind == "endif" and stack:
            heads = stack.pop()
            has_else = heads[-1][0].kind == "else"
            group = []
            for index, (head, dead) in enumerate(heads):
                end = heads[index + 1][0].start if index + 1 < len(heads) else d.start
                group.append(Branch(head.end, end, index, index == len(heads) - 1 and has_else, has_else, dead))
            out.append(group)
    return out


class _File:
    """What the heuristics look up in a file: its tokens by start, its directives by end."""

    def __init__(self, tokens: list[Token], directives: list[Directive], text: str):
        self.tokens = tokens
        self.text = text
        self.starts = [t.start for t in tokens]
        self.opener_starts = [d.start for d in directives if d.kind in _OPENERS]
        self.directive_ending_at = {d.end: d for d in directives}

    def tokens_in(self, branch: Branch) -> list[Token]:
        return self.tokens[bisect.bisect_left(self.starts, branch.start):bisect.bisect_left(self.starts, branch.end)]

    def has_nested(self, branch: Branch) -> bool:
        opener_starts = self.opener_starts
        return bisect.bisect_left(opener_starts, branch.start) != bisect.bisect_left(opener_starts, branch.end)

    def token_after(self, offset: int) -> Token | None:
        index = bisect.bisect_left(self.starts, offset)
        return self.tokens[index] if index < len(self.tokens) else None


def _passed_by_spatch(group: list[Branch], file: _File) -> list[Branch]:
    """The branches of one conditional, those spatch's lexer turns into comments marked dead:
    its parsing hacks for `#if 1`, for a conditional in the middle of an expression, for one
    whose first branch ends with `)`, and for alternative function headers keep the first
    branch alone as code."""
    if len(group) < 2 or group[0].dead:
        return group
    token_lists = [file.tokens_in(b) for b in group]
    nested = any(file.has_nested(b) for b in group)
    head = file.directive_ending_at.get(group[0].start)
    text = file.text
    if not (
        (head is not None and head.kind == "if" and _IF_ONE.match(head.argument))
        or (not nested and _splits_expression(token_lists, text))
        or _first_ends_with_paren(token_lists[0])
        or (not nested and _alternative_headers(token_lists, file.token_after(group[-1].end), text))
    ):
        return group
    return [group[0]] + [Branch(b.start, b.end, b.index, b.last, b.has_else, True) for b in group[1:]]


def _line_count(tokens: list[Token], text: str) -> int:
    if not tokens:
        return 0
    return 1 + sum(1 for a, b in zip(tokens, tokens[1:]) if "\n" in text[a.end:b.start])


def _splits_expression(token_lists: list[list[Token]], text: str) -> bool:
    """spatch's `find_ifdef_mid`: small branches without nested conditionals where the last
    one does not end a statement (`;`, `{`, `}`), or the first leaves a parenthesis open (or a
    brace, when every branch leaves the same ones open)."""
    if any(_line_count(t, text) > _MID_MAX_LINES for t in token_lists):
        return False
    last = next((t[-1] for t in reversed(token_lists) if t), None)
    ends_statement = last is None or last.kind in (";", "{", "}")
    counts = [_open_counts(t) for t in token_lists]
    parens, braces = counts[0]
    return not ends_statement or parens != 0 or (braces != 0 and all(c == counts[0] for c in counts))


def _open_counts(tokens: list[Token]) -> tuple[int, int]:
    parens = braces = 0
    for t in tokens:
        kind = t.kind
        if kind == "(":
            parens += 1
        elif kind == ")":
            parens -= 1
        elif kind == "{":
            braces += 1
        elif kind == "}":
            braces -= 1
    return parens, braces


def _first_ends_with_paren(first: list[Token]) -> bool:
    """spatch's `find_ifdef_cparen_else`: `#ifdef A if (x && y) #else if (x) #endif`."""
    return bool(first) and first[-1].kind == ")"


def _at_column_zero(token: Token, text: str) -> bool:
    return token.start == 0 or text[token.start - 1] == "\n"


def _alternative_headers(token_lists: list[list[Token]], after: Token | None, text: str) -> bool:
    """spatch's `find_ifdef_funheaders`: two alternative function headers at column 0, then the
    body's `{` at column 0."""
    return (
        len(token_lists) == 2
        and all(token_lists)
        and all(_at_column_zero(t[0], text) and _line_count(t, text) <= _HEADER_MAX_LINES for t in token_lists)
        and after is not None
        and after.kind == "{"
        and _at_column_zero(after, text)
    )


def dead_mask(tokens: list[Token], branch_list: list[Branch]) -> list[bool]:
    """For each token: is it under `#if 0`?"""
    return _mask(tokens, [b for b in branch_list if b.dead])


def _mask(tokens: list[Token], ranges: list[Branch]) -> list[bool]:
    mask = [False] * len(tokens)
    if not ranges:
        return mask
    starts = [t.start for t in tokens]
    for b in ranges:
        lo = bisect.bisect_left(starts, b.start)
        hi = bisect.bisect_left(starts, b.end)
        for i in range(lo, hi):
            mask[i] = True
    return mask


def dropped_mask(tokens: list[Token], branch_list: list[Branch], configuration: str) -> list[bool]:
    """For each token: is it left out of the parse in `configuration`?"""
    if configuration == "all":
        drop = [b for b in branch_list if b.dead]
    elif configuration == "first":
        drop = [b for b in branch_list if b.dead or b.index > 0]
    else:  # "last"
        drop = [b for b in branch_list if b.dead or not b.last]  # `#if 0` is never a last branch
    return _mask(tokens, drop)
