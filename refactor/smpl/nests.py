"""Nests in a rule's C code: `<... P ...>` (P any number of times) and `<+... P ...+>` (at least once).

A nest stands for a run of code, like `...`, in which every occurrence of P is matched, and
changed by P's `-`/`+` lines. P matches in many places at once, so its changes are hunks of
their own, applied once per occurrence (see engine/nests.py).

Here: the C lexer's `<` `...` (and `<` `+` `...`, `...` `>`, `...` `+` `>`) are joined into one
token before parsing; a nest of an expression standing where statements stand gets its own
opening kind, so the grammar can tell it from a nest inside an expression.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from refactor.c.lexer import Token
from refactor.smpl.model import BodyLine, SmplError

OPENING_KINDS = frozenset({"NEST_OPEN", "STATEMENT_NEST_OPEN"})


@dataclass(frozen=True, slots=True)
class Nest:
    opening: Token
    closing: Token
    at_least_once: bool  # `<+... ...+>`

    def holds(self, token: Token | None) -> bool:
        """Is `token` strictly between the nest's opening and closing?"""
        return token is not None and self.opening.end <= token.start and token.end <= self.closing.start


def join_nest_tokens(text: str, tokens: list[Token], where, path: str,
                     expression: bool = False) -> tuple[list[Token], dict[int, Nest]]:
    """Tokens with each nest's brackets joined into one token, and the nests by opening start.

    `where(offset)` gives the rule-file (line, column) of an offset, for errors."""
    joined: list[Token] = []
    i = 0
    while i < len(tokens):
        kinds = [t.kind for t in tokens[i:i + 3]]
        glued = _glued(text, tokens[i:i + 3])
        if kinds[:2] == ["<", "..."] and glued >= 2:
            joined.append(Token("NEST_OPEN", tokens[i].start, tokens[i + 1].end))
            i += 2
        elif kinds == ["<", "+", "..."] and glued == 3:
            joined.append(Token("NEST_OPEN", tokens[i].start, tokens[i + 2].end))
            i += 3
        elif kinds[:2] == ["...", ">"] and glued >= 2:
            joined.append(Token("NEST_CLOSE", tokens[i].start, tokens[i + 1].end))
            i += 2
        elif kinds == ["...", "+", ">"] and glued == 3:
            joined.append(Token("NEST_CLOSE", tokens[i].start, tokens[i + 2].end))
            i += 3
        else:
            joined.append(tokens[i])
            i += 1
    nests: dict[int, Nest] = {}
    stack: list[int] = []
    for k, token in enumerate(joined):
        if token.kind == "NEST_OPEN":
            stack.append(k)
        elif token.kind == "NEST_CLOSE":
            if not stack:
                raise SmplError(path, *where(token.start), f"'{text[token.start:token.end]}' without a nest opening before it")
            k_open = stack.pop()
            opening, plus = joined[k_open], "+" in text[joined[k_open].start:joined[k_open].end]
            if plus != ("+" in text[token.start:token.end]):
                raise SmplError(path, *where(token.start), "a nest opened with '<...' closes with '...>', one opened with '<+...' with '...+>'")
            if (
                not expression  # the rule's code is an expression (`@r expression@`)
                and _stands_for_statements(joined, k_open)
                and _ends_statements(joined, k)
                and not _holds_statements(joined[k_open + 1:k])
            ):
                opening = Token("STATEMENT_NEST_OPEN", opening.start, opening.end)
                joined[k_open] = opening
            nests[opening.start] = Nest(opening, token, plus)
    if stack:
        token = joined[stack[-1]]
        raise SmplError(path, *where(token.start), f"'{text[token.start:token.end]}' is never closed")
    return joined, nests


def _glued(text: str, tokens: list[Token]) -> int:
    """How many of `tokens` follow one another with nothing between them."""
    count = 1 if tokens else 0
    for a, b in zip(tokens, tokens[1:]):
        if a.end != b.start:
            break
        count += 1
    return count


def _stands_for_statements(tokens: list[Token], k: int) -> bool:
    return k == 0 or tokens[k - 1].kind in ("{", "}", ";", "NEST_CLOSE", "DOTS_LINE")


def _ends_statements(tokens: list[Token], k: int) -> bool:
    """Does the nest closing at `k` end where statements do, rather than go on as an operand
    (`<+... f() ...+> - g()`)? A word after it starts a new statement."""
    if k + 1 == len(tokens):
        return True
    following = tokens[k + 1].kind
    return following in ("}", "NEST_OPEN", "NEST_CLOSE", "...", "DOTS_LINE") or following[0].isalpha()


def _holds_statements(inside: list[Token]) -> bool:
    depth = 0
    for token in inside:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(token.kind, 0)
        if depth == 0 and token.kind in (";", "{", "}"):
            return True
    return False


_NEST_OR_DISJUNCTION = re.compile(r"<\+?\.\.\.|\.\.\.\+?>|\\\(")


def disjunctions_in_nests(body: tuple[BodyLine, ...], path: str) -> bool:
    """Does a disjunction stand inside a nest? Disjunctions are expanded into whole-rule
    alternatives; inside a nest each occurrence may take another branch, so there every
    alternative applies (their edits together), instead of the first that matches. A rule that
    also has a disjunction outside its nests would need both readings: refused."""
    depth = 0
    inside = outside = None
    for line in body:
        if line.marker == "+":
            continue
        code = line.text
        if code[:1] in ("(", "|", ")"):
            if depth > 0:
                inside = inside or (line.line, 1)
            else:
                outside = outside or (line.line, 1)
        for found in _NEST_OR_DISJUNCTION.finditer(code):
            word = found.group()
            if word == "\\(":
                column = found.start() + 1 + (0 if line.marker == " " else len(line.marker))
                if depth > 0:
                    inside = inside or (line.line, column)
                else:
                    outside = outside or (line.line, column)
            depth += 1 if word.startswith("<") else -1 if word.endswith(">") else 0
    if inside and outside:
        raise SmplError(path, *inside, "a disjunction inside '<... ...>' in a rule with another outside it is not supported yet")
    return inside is not None


def split_hunks(hunks, nests: dict[int, Nest], path: str):
    """Hunks outside every nest, and for each nest the hunks of its own code (innermost nest)."""
    outer = []
    inner: dict[int, list] = {start: [] for start in nests}
    for hunk in hunks:
        for nest in nests.values():
            held = [nest.holds(t) for t in hunk.removed]
            starts = {t.start for t in hunk.removed}
            if any(held) and {nest.opening.start, nest.closing.start} <= starts:
                # the whole nest goes: its brackets' spans cover all of it
                hunk = replace(hunk, removed=tuple(t for t in hunk.removed if not nest.holds(t)))
            elif any(held) and not all(held):
                raise SmplError(path, hunk.line, 1, "removing code both inside and outside a '<... ...>' is not supported yet")
        owner = _innermost_owner(hunk, nests)
        if owner is None:
            outer.append(hunk)
            continue
        nest = nests[owner]
        # The nest's brackets are not part of P's matches: anchor to P's own code only.
        before = None if hunk.before is not None and hunk.before.start == nest.opening.start else hunk.before
        after = None if hunk.after is not None and hunk.after.start == nest.closing.start else hunk.after
        inner[owner].append(replace(hunk, before=before, after=after))
    return tuple(outer), {start: tuple(h) for start, h in inner.items()}


def _innermost_owner(hunk, nests: dict[int, Nest]) -> int | None:
    owners = []
    for start, nest in nests.items():
        if hunk.removed:
            inside = all(nest.holds(t) for t in hunk.removed)
        else:
            before_ok = hunk.before is not None and (nest.holds(hunk.before) or hunk.before.start == nest.opening.start)
            after_ok = hunk.after is not None and (nest.holds(hunk.after) or hunk.after.start == nest.closing.start)
            inside = before_ok and after_ok
        if inside:
            owners.append(start)
    return max(owners) if owners else None
