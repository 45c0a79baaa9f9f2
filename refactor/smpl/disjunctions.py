"""Column-0 disjunctions of a rule body, `(` `|` `)`, expanded into the bodies they stand for.

The alternatives come out in the rule's order: at one place in the code, the first alternative
that matches is the one that applies, as in Coccinelle.
"""
from __future__ import annotations

from refactor.smpl.model import BodyLine, SmplError


MAX_ALTERNATIVES = 256


def _is_disjunction_line(line: BodyLine, symbol: str) -> bool:
    return line.marker == " " and line.text.strip() == symbol and line.text[:1] == symbol


def expand_disjunctions(lines: list[BodyLine], path: str) -> list[list[BodyLine]]:
    """Expand column-0 `(` `|` `)` disjunctions into the bodies they stand for, in order."""
    out: list[list[BodyLine]] = [[]]
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_disjunction_line(line, "&"):
            raise SmplError(path, line.line, 1, "conjunctions '( & )' are not supported yet")
        if _is_disjunction_line(line, "|") or _is_disjunction_line(line, ")"):
            raise SmplError(path, line.line, 1, f"'{line.text.strip()}' outside a disjunction")
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
