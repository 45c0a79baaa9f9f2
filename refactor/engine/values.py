"""Values in matching: numbers in any base, names taken for constants, and metavariable
constraints (value sets and regular expressions, combined with not, and, or)."""
from __future__ import annotations

import re


CONSTANT_NAME = re.compile(r"[A-Z_][A-Z0-9_]*$")


def satisfies(constraint, code: str) -> bool:
    """Does bound code satisfy a value-set or regex constraint (and their combinations)?"""
    name = type(constraint).__name__
    if name == "ValueSet":
        inside = code in constraint.values or number(code) in {number(v) for v in constraint.values}
        return inside != constraint.negated
    if name == "RegexConstraint":
        return (re.search(constraint.pattern, code) is not None) != constraint.negated
    if name == "ScriptConstraint":
        return True  # Python code: checked once the match is found (refactor/engine/constraints.py)
    if name == "ConstraintNot":
        return not satisfies(constraint.inner, code)
    if name == "ConstraintAnd":
        return satisfies(constraint.a, code) and satisfies(constraint.b, code)
    if name == "ConstraintOr":
        return satisfies(constraint.a, code) or satisfies(constraint.b, code)
    return False


def number(text: str) -> int | str:
    stripped = text.rstrip("uUlL")
    try:
        return int(stripped, 0) if not (stripped.startswith("0") and stripped[1:].isdigit()) else int(stripped, 8)
    except ValueError:
        return text
