"""Compile a whole rule file for a run: the rules that can run, given the virtual names defined.

A rule whose `depends on` is false whatever the other rules do (it needs a virtual name that
was not given, as `depends on patch` does under `-D report`), or that inherits metavariables
from such a rule, can never run. Spatch never runs it; we do not compile it either, so that a
construct we do not support in a rule that cannot run does not stop the rules that can (the
kernel's rules put their patch, context, org and report variants side by side).
"""
from __future__ import annotations

from itertools import product

from refactor.smpl.compile import compile_rule
from refactor.smpl.model import ConstraintAnd, ConstraintNot, ConstraintOr, Rule, RuleFile, ScriptConstraint, dependency_names


def compile_rules(rule_file: RuleFile, path: str, defined: frozenset[str] | None = None) -> list:
    """CompiledRule or CompiledScript for each rule that can run, in order. With `defined`
    None, every rule is compiled."""
    out = []
    excluded: set[str] = set()
    for rule in rule_file.rules:
        if defined is not None and can_never_run(rule, rule_file.virtuals, defined, excluded):
            excluded.add(rule.name)
            continue
        out.append(compile_rule(rule, path))
    return out


def can_never_run(rule: Rule, virtuals: tuple[str, ...], defined: frozenset[str], excluded: set[str]) -> bool:
    """Is `rule` excluded by the virtual names, or by its inheriting from an excluded rule?"""
    if rule.kind in ("initialize", "finalize"):
        return False
    if _inherits_from(rule, excluded):
        return True
    if rule.depends is None:
        return False
    # The names of rules that may still match, taken both ways; virtual names and excluded
    # rules have one value.
    open_names = [n for n in dependency_names(rule.depends) if n not in virtuals and n not in excluded]
    for values in product((False, True), repeat=len(open_names)):
        chosen = dict(zip(open_names, values))

        def satisfied(name: str) -> bool:
            return chosen[name] if name in chosen else name in defined

        for in_file in (True, False):
            if rule.depends.evaluate(satisfied, lambda _path: in_file):
                return False
    return True


def _inherits_from(rule: Rule, excluded: set[str]) -> bool:
    if rule.kind == "transform":
        return any(m.inherited_from in excluded for m in rule.metavars if m.inherited_from)
    # A script still runs on its defaults when every value it takes from the rule has one.
    return any(
        b.rule in excluded and not all(o.default is not None for o in rule.script_bindings if o.rule == b.rule)
        for b in rule.script_bindings
    )


def first_python(compiled: list) -> tuple[int, str] | None:
    """Where the first Python code of compiled rules is (line, what it is): a script rule, a
    script constraint or a script seed. None when running them runs no Python."""
    for item in compiled:
        rule = item.rule
        if rule.kind != "transform":
            return rule.line, f"@{rule.kind}:{rule.script_language or 'python'}@ rule '{rule.name}'"
        for metavar in rule.metavars:
            if isinstance(metavar.seed, ScriptConstraint):
                return metavar.line, f"the script seed of '{metavar.name}'"
            if _has_script(metavar.constraint):
                return metavar.line, f"the script constraint on '{metavar.name}'"
    return None


def _has_script(constraint) -> bool:
    match constraint:
        case ScriptConstraint():
            return True
        case ConstraintNot(inner=inner):
            return _has_script(inner)
        case ConstraintAnd(a=a, b=b) | ConstraintOr(a=a, b=b):
            return _has_script(a) or _has_script(b)
    return False
