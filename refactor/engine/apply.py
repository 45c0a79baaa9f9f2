"""Apply a rule file to one source file: each rule in order, each seeing the previous one's result.

A pure function of (source text, compiled rules, defined virtual names) to the new text and the
names of the rules that matched, which `depends on` of later rules reads. The file is parsed
again after a rule changed it, so the next rule matches the code as it now is.
"""
from __future__ import annotations

from dataclasses import dataclass

from refactor.c.definitions import parse_source
from refactor.c.types import SymbolIndex, index_sources
from refactor.edits import apply_edits
from refactor.engine.bindings import Binding
from refactor.engine.match import Matcher
from refactor.engine.transform import edits_for
from refactor.output.verify import broken_definitions
from refactor.smpl.compile import CompiledRule
from refactor.source import SourceFile


class BrokenOutput(Exception):
    """A rule's edits would leave code that no longer parses; nothing of the file is written."""


def _check_still_parses(before, after, rule_name: str) -> None:
    """Every definition the rule's edits touched must parse (the same test as the write gate's:
    comparing how many definitions fail is not enough, an edit can merge a broken definition
    into one that was already unreadable)."""
    broken = broken_definitions(before, after)
    if broken:
        failure = broken[0].failure
        where = after.source.position(failure.offset)
        raise BrokenOutput(
            f"{after.source.path}:{where}: rule '{rule_name}' would leave code that does not parse "
            f"({failure.reason}); the file is left unchanged"
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    text: str  # the new text (the original when nothing changed)
    matched: frozenset[str]  # names of rules that matched
    matches: int  # total matches of all rules


def apply_patterns(
    patterns: list[CompiledRule],
    source: SourceFile,
    defined: frozenset[str] = frozenset(),
    index: SymbolIndex | None = None,
) -> Outcome:
    """Run compiled rules over `source`; EditConflict when two matches edit the same code.

    `index` holds the declarations of the whole run, for typed metavariables; without it the
    file's own declarations are used.
    """
    text = source.text
    matched: set[str] = set()
    total = 0
    parsed = parse_source(source)
    if index is None and any(p.needs_types for p in patterns):
        index = index_sources([(text, [d.tree for d in parsed.definitions if d.tree is not None])])
    envs_of: dict[str, list[dict[str, Binding]]] = {}  # rule -> bindings of each of its matches
    for pattern in patterns:
        rule = pattern.rule
        if rule.depends is not None and not rule.depends.evaluate(lambda name: name in matched or name in defined):
            continue
        trees = [d.tree for d in parsed.definitions if d.tree is not None]
        edits: list = []
        found: list[dict[str, Binding]] = []
        for prebound in _inherited_bindings(pattern, envs_of):
            edits.extend(_run_rule(pattern, text, trees, index, prebound, found))
        envs_of[rule.name] = _distinct_envs(found)
        if not found:
            continue
        matched.add(rule.name)
        total += len(found)
        if edits:
            new_text = apply_edits(text, edits)
            if new_text != text:
                reparsed = parse_source(SourceFile(source.path, new_text))
                _check_still_parses(parsed, reparsed, rule.name)
                text, parsed = new_text, reparsed
    return Outcome(text, frozenset(matched), total)


def _run_rule(pattern: CompiledRule, text: str, trees, index, prebound: dict[str, Binding], found: list) -> list:
    """Edits of one rule for one set of inherited bindings; appends each match's bindings."""
    edits = []
    # Where an alternative of a disjunction matched, later alternatives do not: not at the
    # same place, nor inside it (`( v.fld | v )` changes `v.fld` once, not its `v` again).
    taken: list[tuple[int, int]] = []
    for alternative in pattern.alternatives:
        earlier = list(taken)
        for match in Matcher(alternative, text, index, prebound).find(trees):
            if any(start <= match.start and match.end <= end for start, end in earlier):
                continue
            taken.append((match.start, match.end))
            found.append(match.env.bindings)
            edits.extend(edits_for(alternative, match, text))
    return edits


def _inherited_bindings(pattern: CompiledRule, envs_of: dict[str, list[dict[str, Binding]]]) -> list[dict[str, Binding]]:
    """One set of pre-bound metavariables per combination of the inherited-from rules' matches.

    A rule that inherits from a rule with no match (in this file) does not run, as in spatch."""
    inherited = pattern.inherited
    if not inherited:
        return [{}]
    combinations: list[dict[str, Binding]] = [{}]
    for source_rule in sorted({rule for rule, _ in inherited.values()}):
        names = [(local, there) for local, (rule, there) in inherited.items() if rule == source_rule]
        options = [
            {local: env[there] for local, there in names}
            for env in envs_of.get(source_rule, [])
            if all(there in env for _, there in names)
        ]
        combinations = [dict(c, **o) for c in combinations for o in _distinct_envs(options)]
    return combinations


def _distinct_envs(envs: list[dict[str, Binding]]) -> list[dict[str, Binding]]:
    """Environments with different bound code (by words), in order."""
    seen = set()
    out = []
    for env in envs:
        key = tuple(sorted((name, b.words) for name, b in env.items()))
        if key not in seen:
            seen.add(key)
            out.append(env)
    return out
