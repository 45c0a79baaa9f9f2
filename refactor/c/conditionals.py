"""Preprocessor conditionals: which tokens the parser sees in each configuration.

Code under `#if`/`#ifdef`/`#else` is parsed like any other code (as Coccinelle does). Usually
both branches parse together; where they cannot (a conditional that splits an `if`, a parameter
list or an initializer), a definition is parsed again in two more configurations:

- `first`: the first branch of every conditional (every condition true);
- `last`: the `#else` branch of every conditional, and nothing of one without `#else` (every
  condition false).

Code under `#if 0` is never parsed: it is trivia, like a comment (Coccinelle does the same).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from refactor.c.lexer import Directive, Token

CONFIGURATIONS = ("all", "first", "last")
_IF_ZERO = re.compile(r"#\s*if\s+(0|false)\s*(?:$|/[/*])", re.S)
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
    dead: bool  # under `#if 0`


def branches(directives: list[Directive]) -> list[Branch]:
    """The branches of all conditionals, from the directives of a file; tolerant of imbalance."""
    out: list[Branch] = []
    stack: list[list[tuple[Directive, bool]]] = []  # per open conditional: its branch heads
    for d in directives:
        if d.kind in _OPENERS:
            stack.append([(d, d.kind == "if" and bool(_IF_ZERO.match(d.argument)))])
        elif d.kind in _BRANCHES and stack:
            stack[-1].append((d, False))
        elif d.kind == "endif" and stack:
            heads = stack.pop()
            has_else = heads[-1][0].kind == "else"
            for index, (head, dead) in enumerate(heads):
                end = heads[index + 1][0].start if index + 1 < len(heads) else d.start
                out.append(Branch(head.end, end, index, index == len(heads) - 1 and has_else, has_else, dead))
    out.sort(key=lambda b: b.start)
    return out


def dead_mask(tokens: list[Token], branch_list: list[Branch]) -> list[bool]:
    """For each token: is it under `#if 0`?"""
    return _mask(tokens, [b for b in branch_list if b.dead])


def _mask(tokens: list[Token], ranges: list[Branch]) -> list[bool]:
    mask = [False] * len(tokens)
    if not ranges:
        return mask
    import bisect

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
        drop = [b for b in branch_list if not b.last]  # `#if 0` is never a last branch
    return _mask(tokens, drop)
