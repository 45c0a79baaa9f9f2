"""Constraints checked once a match is found, because they need more than the matched code:

- on a position, `p != r.p` and `p != {r1.p, r2.p}`: the place is none of the places those
  rules' remaining results bound (spatch compares with every value, not one environment's:
  the rule runs whether or not r matched); `p = r.p` keeps only those places;
- `x : script:python (a, r.b) { expr }` on a position or any other metavariable: the Python
  expression, evaluated in the rule file's script namespace with `x` and the parameters bound
  (by their local names), must be true.

A match that fails one is dropped before it counts or changes anything. The matcher takes the
first way a pattern matches at a place, so a place whose first way fails is not tried another
way; for a position or a single metavariable there is only one.
"""
from __future__ import annotations

from typing import Callable

from refactor.engine.bindings import Binding, Match
from refactor.engine.environments import Environments
from refactor.smpl.model import ConstraintAnd, ConstraintNot, ConstraintOr, MetaVar, ScriptConstraint, ValueSet

Evaluate = Callable[[str, dict[str, Binding]], object]  # (Python expression, bindings by name) -> value


def unsupported_position_constraint(constraint) -> str | None:
    """Why a position's constraint cannot be checked, or None."""
    if isinstance(constraint, ValueSet):
        local = [v for v in constraint.values if "." not in v]
        return f"a position compared with '{local[0]}' (not an inherited position)" if local else None
    if isinstance(constraint, ScriptConstraint):
        return unsupported_script(constraint)
    return f"{type(constraint).__name__} constraints on positions"


def unsupported_script(constraint: ScriptConstraint) -> str | None:
    if constraint.language != "python":
        return f"script:{constraint.language} constraints (only Python runs here)"
    return None


def checked_after_matching(metavar: MetaVar) -> bool:
    """Script constraints; value sets naming other rules' positions are written out before the
    rule runs, per inherited environment (refactor/engine/inherited.py), and checked as the
    position is bound."""
    return isinstance(metavar.constraint, ScriptConstraint)


def allowed(metavars: dict[str, MetaVar], match: Match, envs: Environments, evaluate: Evaluate) -> bool:
    """Does `match` satisfy the constraints that are checked after matching?"""
    bindings = match.env.bindings
    for name, metavar in metavars.items():
        if not checked_after_matching(metavar) or name not in bindings:
            continue
        if not _satisfied(metavar.constraint, name, bindings, envs, evaluate):
            return False
    return True


def _satisfied(constraint, name: str, bindings: dict[str, Binding], envs: Environments, evaluate: Evaluate) -> bool:
    match constraint:
        case ValueSet(values=values, negated=negated):
            words = set(bindings[name].words)
            inside = any(
                env.get(there) is not None and not words.isdisjoint(env[there].words)
                for value in values
                for rule, _, there in [value.partition(".")]
                for env in envs.of(rule)
            )
            return inside != negated
        case ScriptConstraint(text=text, params=params):
            values = {name: bindings[name]}
            for param in params:
                local = param.split(".")[-1]
                if local in bindings:
                    values[local] = bindings[local]
            return bool(evaluate(text, values))
        case ConstraintNot(inner=inner):
            return not _satisfied(inner, name, bindings, envs, evaluate)
        case ConstraintAnd(a=a, b=b):
            return _satisfied(a, name, bindings, envs, evaluate) and _satisfied(b, name, bindings, envs, evaluate)
        case ConstraintOr(a=a, b=b):
            return _satisfied(a, name, bindings, envs, evaluate) or _satisfied(b, name, bindings, envs, evaluate)
    raise TypeError(constraint)
