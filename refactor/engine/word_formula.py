"""The words a file must hold for a rule file to change it: one formula over words, built from
every compiled rule through its disjunctions and dependencies, as Coccinelle's get_constants
builds it, and tested on a file's bytes before anything else is done with it.

- A rule matches only where one of its alternatives (the bodies its disjunctions expand to)
  matches, and an alternative only where all its required words are
  (refactor.engine.prefilter.required_words), plus, for a metavariable constrained to a set of
  identifiers (`identifier f = {kmalloc, kzalloc};`), one of them: an OR of ANDs. A disjunction
  thus requires what all its branches share, and more exactly, per branch.
- A rule with `depends on r` (or inheriting a metavariable from r, or `extends r`) runs only
  where r matched: it needs r's words too. A virtual name is true or false as `-D` says. What
  holds when a rule did *not* match (`!r`, `never r`) says nothing about words: true.
- A word that an earlier rule adds (in its `+` code) may be there by the time a later rule
  runs, so a later rule does not require it; after a rule that adds a fresh identifier, later
  rules require no word at all.
- The file is worth reading when one of the rules that change code may match (context rules
  only bind metavariables for them); when no rule changes code, when any may.

The formula may let through a file that cannot change (it is then parsed for nothing), never
the other way round. `grep_words` turns it into words of which any file that passes holds at
least one: what `git grep -L` looks for (refactor.git_grep).
"""
from __future__ import annotations

import re

# The formulas themselves, re-exported: grep_words and words_of are used through this module too.
from refactor.engine.formulas import (  # noqa: F401
    FALSE, TRUE, AllOf, AnyOf, Formula, Word, all_of, any_of, encoded, grep_words, words_of,
)
from refactor.engine.prefilter import _NOT_REQUIRED, required_words
from refactor.smpl.compile import CompiledRule
from refactor.smpl.directives import DirectivePattern
from refactor.smpl.model import DepAnd, DepEver, DepFileIn, DepName, DepNever, DepNot, DepOr, DependsExpr, ValueSet

_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# Metavariables whose value-set constraint lists words that the matched code spells as they are.
_SPELLED_KINDS = frozenset({
    "identifier", "symbol", "expression", "idexpression", "local idexpression", "global idexpression",
    "declarer name", "iterator name", "attribute name",
})


def pattern_formula(pattern) -> Formula:
    """One alternative: its required words, and one of the identifiers of each value set that
    constrains a metavariable it uses outside optional nests."""
    parts: list[Formula] = [Word(w) for w in sorted(required_words(pattern))]
    if isinstance(pattern, DirectivePattern) or not hasattr(pattern, "tree"):
        return all_of(parts)
    optional = [(n.opening.end, n.closing.start) for n in pattern.nests.values() if not n.at_least_once]
    used = {name for start, name in pattern.meta_at.items() if not any(s <= start < e for s, e in optional)}
    for name in sorted(used):
        metavar = pattern.metavars.get(name)
        constraint = metavar.constraint if metavar is not None and metavar.kind in _SPELLED_KINDS else None
        if isinstance(constraint, ValueSet) and not constraint.negated and constraint.values and all(
            _IDENTIFIER.fullmatch(v) and v not in _NOT_REQUIRED for v in constraint.values
        ):
            parts.append(any_of(Word(v) for v in constraint.values))
    return all_of(parts)


def _changes(rule: CompiledRule) -> bool:
    """Does the rule change code, or report (`*` lines)? Unknown kinds of alternatives count as
    doing so."""
    return any(getattr(p, "changes", True) or getattr(p, "starred", False) for p in rule.alternatives)


def _added_words(rule: CompiledRule) -> tuple[frozenset[str], bool]:
    """The identifiers a rule's `+` code spells, and whether it adds a fresh identifier."""
    words: set[str] = set()
    fresh = False
    for pattern in rule.alternatives:
        if isinstance(pattern, DirectivePattern):
            for item in pattern.items:
                for line in item.added_before + item.added_after:
                    words.update(_IDENTIFIER.findall(line))
            continue
        hunks = list(getattr(pattern, "hunks", ())) + [h for hs in getattr(pattern, "nested_hunks", {}).values() for h in hs]
        for hunk in hunks:
            spelled = set(_IDENTIFIER.findall(hunk.added_text))
            words |= spelled
            metavars = getattr(pattern, "metavars", {})
            fresh = fresh or any(metavars[w].kind == "fresh identifier" for w in spelled if w in metavars)
    return frozenset(words), fresh


def _without(formula: Formula, words: frozenset[str]) -> Formula:
    """The formula with `words` taken as present."""
    match formula:
        case Word(text=text):
            return TRUE if text in words else formula
        case AllOf(items=items):
            return all_of(_without(i, words) for i in items)
        case AnyOf(items=items):
            return any_of(_without(i, words) for i in items)
    raise TypeError(formula)


def _dependency(expr: DependsExpr | None, matched: dict[str, Formula], defined: frozenset[str]) -> Formula | bool:
    """What a `depends on` needs of the text: a formula, or an exact True/False where it is
    decided by virtual names alone (only those can be negated)."""
    match expr:
        case None:
            return True
        case DepName(name=name) | DepEver(name=name):
            return matched[name] if name in matched else name in defined
        case DepNever(name=name):
            return name not in defined if name not in matched else TRUE
        case DepNot(expr=inner):
            value = _dependency(inner, matched, defined)
            return (not value) if isinstance(value, bool) else TRUE
        case DepAnd(a=a, b=b):
            left, right = _dependency(a, matched, defined), _dependency(b, matched, defined)
            if left is False or right is False:
                return False
            if left is True or right is True:
                return right if left is True else left
            return all_of((left, right))
        case DepOr(a=a, b=b):
            left, right = _dependency(a, matched, defined), _dependency(b, matched, defined)
            if left is True or right is True:
                return True
            if left is False or right is False:
                return right if left is False else left
            return any_of((left, right))
        case DepFileIn():
            return TRUE
    return TRUE  # a dependency we do not know: it may hold


_MEMO: dict[tuple, tuple[list[CompiledRule], Formula, Formula]] = {}


def file_tests(rules: list[CompiledRule], defined: frozenset[str] = frozenset()) -> tuple[Formula, Formula]:
    """rule_file_formula, and the same over bytes, computed once per rule list (by identity)."""
    key = (tuple(id(r) for r in rules), defined)
    known = _MEMO.get(key)
    if known is None or any(a is not b for a, b in zip(known[0], rules)):
        formula = rule_file_formula(rules, defined)
        known = (list(rules), formula, encoded(formula))
        _MEMO[key] = known
    return known[1], known[2]


def rule_file_formula(rules: list[CompiledRule], defined: frozenset[str] = frozenset()) -> Formula:
    """What a text must hold for the rules (in order, as run) to change it; see the module doc."""
    matched: dict[str, Formula] = {}
    added: frozenset[str] = frozenset()
    anything_added = False
    for_changes: list[Formula] = []
    for_any: list[Formula] = []
    for rule in rules:
        if not hasattr(rule, "alternatives"):  # a script rule: it runs on what the rules it reads found
            if rule.rule.kind != "script":
                continue  # initialize and finalize run once per run, not per file
            if set(rule.inherited) <= set(rule.defaults):
                return TRUE  # it runs on every file, with its defaults
            parents = sorted({parent for parent, _ in rule.inherited.values()})
            formula = all_of([matched.get(parent, TRUE) for parent in parents])
            if rule.rule.depends is not None:
                needs = _dependency(rule.rule.depends, matched, defined)
                if needs is False:
                    continue
                formula = formula if needs is True else all_of([formula, needs])
            matched[rule.rule.name] = formula
            for_changes.append(formula)  # what a script prints is what the run is for
            continue
        own = TRUE if anything_added else _without(any_of(pattern_formula(p) for p in rule.alternatives), added)
        needs = _dependency(rule.rule.depends, matched, defined)
        if needs is False:
            matched[rule.rule.name] = FALSE
            continue
        parents = sorted({parent for parent, _ in rule.inherited.values()})
        inherited = [matched.get(parent, TRUE) for parent in parents]
        formula = all_of([own] + ([] if needs is True else [needs]) + inherited)
        matched[rule.rule.name] = formula
        (for_changes if _changes(rule) else for_any).append(formula)
        words, fresh = _added_words(rule)
        added |= words
        anything_added = anything_added or fresh
    return any_of(for_changes) if for_changes else any_of(for_any)
