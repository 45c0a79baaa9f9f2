"""Constraints that name another rule's metavariable: `position p != r.p;`, `binary operator
b = {r.b1, r.b2};`. Before a rule runs in a file, each such value becomes the code (or the
place) that r's metavariable took in those of r's matches that agree with the metavariables
the rule inherits from r (spatch's environments: `position p1 != y.p; expression y.E;` excludes
the places y matched with the same E)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from refactor.engine.bindings import Binding
from refactor.smpl.compile import CompiledRule
from refactor.smpl.model import ConstraintAnd, ConstraintNot, ConstraintOr, SubtermConstraint, ValueSet

_PLACE = re.compile(r"\d+:\d+$")


def resolve_inherited_values(
    rule: CompiledRule, results_of: Callable[[str], list[dict[str, Binding]]], prebound: dict[str, Binding]
) -> CompiledRule:
    """`rule` with the values its constraints take from other rules written out; `results_of`
    gives a rule's results (bindings by name) in this file."""
    if not any(_mentions_rule(m.constraint) for p in rule.alternatives for m in p.metavars.values()):
        return rule
    inherited = rule.inherited
    envs_of = {}
    for source in {value.partition(".")[0] for p in rule.alternatives for m in p.metavars.values()
                   for value in _named(m.constraint) if "." in value}:
        envs_of[source] = [
            env for env in results_of(source)
            if all(
                env.get(there) is None or prebound.get(local) is None or env[there].words == prebound[local].words
                for local, (from_rule, there) in inherited.items() if from_rule == source
            )
        ]
    alternatives = []
    for pattern in rule.alternatives:
        metavars = {
            name: replace(m, constraint=_resolved(m.constraint, envs_of)) if _mentions_rule(m.constraint) else m
            for name, m in pattern.metavars.items()
        }
        alternatives.append(replace(pattern, metavars=metavars))
    return replace(rule, alternatives=tuple(alternatives))


def _named(constraint) -> tuple[str, ...]:
    """The values and subterm references a constraint names, through not/and/or."""
    if type(constraint) is ValueSet:
        return constraint.values
    if type(constraint) is SubtermConstraint:
        return constraint.of
    if type(constraint) is ConstraintNot:
        return _named(constraint.inner)
    if type(constraint) in (ConstraintAnd, ConstraintOr):
        return _named(constraint.a) + _named(constraint.b)
    return ()


def _mentions_rule(constraint) -> bool:
    if type(constraint) is ValueSet:
        return any("." in value for value in constraint.values)
    if type(constraint) is SubtermConstraint:
        return any("." in value for value in constraint.of)
    if type(constraint) is ConstraintNot:
        return _mentions_rule(constraint.inner)
    if type(constraint) in (ConstraintAnd, ConstraintOr):
        return _mentions_rule(constraint.a) or _mentions_rule(constraint.b)
    return False


def _is_places(binding) -> bool:
    """A position's binding: no code, each word a `start:end` place."""
    return binding.code == "" and all(_PLACE.match(word) for word in binding.words)


def _resolved(constraint, envs_of):
    if type(constraint) is ValueSet:
        values: list[str] = []
        for value in constraint.values:
            rule, _, name = value.partition(".")
            if not name:
                values.append(value)
                continue
            for env in envs_of.get(rule, []):
                if name in env:
                    binding = env[name]
                    if _is_places(binding):
                        values.extend(binding.words)  # a position bound in a nest: every place
                    else:
                        values.append(" ".join(binding.words))
        return ValueSet(tuple(dict.fromkeys(values)), constraint.negated)
    if type(constraint) is SubtermConstraint:
        # `subE <= r.E`: E's code in each of r's matches, marked `=` as code, not a name
        return SubtermConstraint(tuple(
            "=" + " ".join(env[name].words)
            for rule, _, name in (value.partition(".") for value in constraint.of)
            for env in envs_of.get(rule, []) if name in env
        ) + tuple(value for value in constraint.of if "." not in value))
    if type(constraint) is ConstraintNot:
        return ConstraintNot(_resolved(constraint.inner, envs_of))
    if type(constraint) in (ConstraintAnd, ConstraintOr):
        return type(constraint)(_resolved(constraint.a, envs_of), _resolved(constraint.b, envs_of))
    return constraint
