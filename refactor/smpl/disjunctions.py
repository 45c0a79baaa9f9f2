"""Disjunctions of a rule body, expanded into the bodies they stand for: column-0 `(` `|` `)`
around lines, and inline `\\( A \\| B \\)` within a line.

The alternatives come out in the rule's order: at one place in the code, the first alternative
that matches is the one that applies, as in Coccinelle.
"""
from __future__ import annotations

import re
from dataclasses import replace

from refactor.smpl.model import BodyLine, SmplError


MAX_ALTERNATIVES = 1024


def _is_disjunction_line(line: BodyLine, symbol: str) -> bool:
    return line.marker == " " and line.text.strip() == symbol and line.text[:1] == symbol


def expand_disjunctions(lines: list[BodyLine], path: str) -> list[list[BodyLine]]:
    """Expand column-0 `(` `|` `)` disjunctions into the bodies they stand for, in order."""
    lines = _split_marks(lines)
    out: list[list[BodyLine]] = [[]]
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_disjunction_line(line, "&"):
            raise SmplError(path, line.line, 1, "conjunctions '( & )' are not supported yet except as a whole rule")
        if _is_disjunction_line(line, "|") or _is_disjunction_line(line, ")"):
            raise SmplError(path, line.line, 1, f"'{line.text.strip()}' outside a disjunction")
        if line.marker in ("?", "?-"):
            # an optional line (`?-`: removed where it is there): the rule with it, then without it
            kept = replace(line, marker="-" if line.marker == "?-" else " ")
            out = [body + [kept] for body in out] + [list(body) for body in out]
            i += 1
            continue
        if not _is_disjunction_line(line, "("):
            out = [body + [line] for body in out]
            i += 1
            continue
        branches: list[list[BodyLine]] = [[]]
        depth = 0
        j = i + 1
        while j < len(lines):
            current = lines[j]
            if _is_disjunction_line(current, "("):
                depth += 1
            elif _is_disjunction_line(current, ")"):
                if depth == 0:
                    break
                depth -= 1
            elif _is_disjunction_line(current, "|") and depth == 0:
                branches.append([])
                j += 1
                continue
            branches[-1].append(current)
            j += 1
        if j == len(lines):
            raise SmplError(path, line.line, 1, "unbalanced disjunction: '(' without ')'")
        expanded = [alt for branch in branches for alt in expand_disjunctions(branch, path)]
        out = [body + alt for body in out for alt in expanded]
        if len(out) > MAX_ALTERNATIVES:
            raise SmplError(path, line.line, 1, f"more than {MAX_ALTERNATIVES} alternatives in disjunctions")
        i = j + 1
    return out


_INLINE = re.compile(r"\\\(|\\\||\\\)")


def _split_marks(lines: list[BodyLine]) -> list[BodyLine]:
    """`) (E1@p,...);` in column 0 closes a disjunction and goes on with code: the code is a line
    of its own (spaces where the mark was, so columns stay), joined to each branch's last line
    as C reads newlines."""
    out: list[BodyLine] = []
    for line in lines:
        mark = line.text[:1]
        rest = line.text[1:]
        if line.marker == " " and mark in ("(", "|", ")") and rest.strip() and not rest.lstrip().startswith(("|", "&")):
            if mark == "(" and rest.lstrip()[:1] not in ("",) and _is_c_parenthesis(rest):
                out.append(line)
                continue
            out.append(replace(line, text=mark))
            out.append(replace(line, text=" " + rest))
        else:
            out.append(line)
    return out


def _is_c_parenthesis(rest: str) -> bool:
    """`(x)` in column 0 that closes on its line is C's own parenthesis, not a disjunction."""
    depth = 1
    for char in rest:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return True
    return False


def _join_open_inline(lines: list[BodyLine]) -> list[BodyLine]:
    """An inline disjunction that goes on over several lines is read as one line."""
    out: list[BodyLine] = []
    depth = 0
    for line in lines:
        if depth > 0 and line.marker != "+":
            out[-1] = replace(out[-1], text=out[-1].text + " " + line.text.strip())
        else:
            out.append(line)
        for mark in _INLINE.finditer(line.text):
            depth += {"\\(": 1, "\\)": -1}.get(mark.group(), 0)
    return out


def expand_inline(lines: list[BodyLine], path: str) -> list[list[BodyLine]]:
    """Expand the first inline disjunction `\\( A \\| B \\)` of a body, recursively."""
    lines = _join_open_inline(lines)
    for index, line in enumerate(lines):
        if "\\(" not in line.text:
            continue
        branches, start, end = _inline_group(line, path)
        clause = _when_clause_around(line.text, start, end)
        if clause is not None:
            # `when != \(A\|B\) aop E`: neither may be there, one clause for each; not one body
            # for each, where the body forbidding only B would match past an A.
            clause_start, clause_end = clause
            clauses = " ".join(
                line.text[clause_start:start] + " " + branch + " " + line.text[end:clause_end] for branch in branches
            )
            text = line.text[:clause_start] + clauses + " " + line.text[clause_end:]
            return expand_inline(lines[:index] + [replace(line, text=text)] + lines[index + 1:], path)
        bodies = []
        for branch in branches:
            # `\(` and `\)` are tokens of their own: spaces keep `= @p\(f\|g\)` from pasting
            # `@p` onto `f`, and keep the columns of the first branch.
            text = line.text[:start] + "  " + branch + "  " + line.text[end:]
            bodies.extend(expand_inline(lines[:index] + [replace(line, text=text)] + lines[index + 1:], path))
            if len(bodies) > MAX_ALTERNATIVES:
                raise SmplError(path, line.line, start + 2, f"more than {MAX_ALTERNATIVES} alternatives in disjunctions")
        return bodies
    return [lines]


_WHEN_WORD = re.compile(r"\bwhen\b")


def _when_clause_around(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the `when != ...` clause holding the group from `start` to `end`, if any."""
    before = list(_WHEN_WORD.finditer(text, 0, start))
    if not before or not text[before[-1].end():start].lstrip().startswith("!="):
        return None
    after = _WHEN_WORD.search(text, end)
    return before[-1].start(), after.start() if after else len(text)


def _inline_group(line: BodyLine, path: str) -> tuple[list[str], int, int]:
    """The branches of the first `\\(`...`\\)` of a line, and the span the group takes."""
    start = line.text.index("\\(")
    depth = 0
    branches: list[str] = []
    cursor = start + 2
    for mark in _INLINE.finditer(line.text, start):
        symbol = mark.group()
        if symbol == "\\(":
            depth += 1
        elif symbol == "\\|" and depth == 1:
            branches.append(line.text[cursor:mark.start()])
            cursor = mark.end()
        elif symbol == "\\)":
            depth -= 1
            if depth == 0:
                branches.append(line.text[cursor:mark.start()])
                return branches, start, mark.end()
    raise SmplError(path, line.line, start + 2, "an inline disjunction '\\(' must close on its own line (not supported yet across lines)")


def whole_conjunction(lines: list[BodyLine]) -> list[list[BodyLine]] | None:
    """The branches of a conjunction `( A & B )` that is the whole rule body, else None.
    Each branch must match the same code; a conjunction elsewhere is refused by the expansion."""
    code = [
        line for line in _split_marks(lines)
        if line.marker != " " or line.text.strip() and not line.text.strip().startswith(("//", "/*"))
    ]
    if len(code) < 5 or not _is_disjunction_line(code[0], "(") or not _is_disjunction_line(code[-1], ")"):
        return None
    branches: list[list[BodyLine]] = [[]]
    depth = 0
    for line in code[1:-1]:
        if _is_disjunction_line(line, "("):
            depth += 1
        elif _is_disjunction_line(line, ")"):
            depth -= 1
            if depth < 0:
                return None  # the first `(` closes before the end: not one group
        elif _is_disjunction_line(line, "&") and depth == 0:
            branches.append([])
            continue
        elif _is_disjunction_line(line, "|") and depth == 0:
            return None  # a disjunction, not a conjunction
        branches[-1].append(line)
    return branches if len(branches) > 1 and depth == 0 else None
