"""Apply a rule file to one source file: each rule in order, each seeing the previous one's result.

A pure function of (source text, compiled rules, defined virtual names, where headers are) to the
new text and the names of the rules that matched, which `depends on` of later rules reads. The
file is parsed again after a rule changed it, so the next rule matches the code as it now is. A
file without the words a change needs (refactor.engine.word_formula) is not parsed at all, nor
is a definition without the words of any rule (refactor.engine.prefilter).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from refactor.c.definitions import ParsedFile, parse_source
from refactor.c.headers import HeaderSearch, headers_for
from refactor.c.parse_cache import ParseCache
from refactor.c.relex import relex
from refactor.c.symbols import SymbolIndex
from refactor.edits import Edit, apply_edits
from refactor.engine.bindings import Binding
from refactor.engine.directives import directive_edits
from refactor.engine.fresh import with_fresh_identifiers
from refactor.engine.inherited import resolve_inherited_values
from refactor.engine.match import Matcher
from refactor.engine.places import braceless_body
from refactor.engine.prefilter import any_may_match, may_match, worth_trying
from refactor.engine.typed import UnknownType
from refactor.engine.word_formula import file_tests
from refactor.engine.transform import edits_for
from refactor.output.verify import broken_definitions
from refactor.smpl.compile import CompiledRule
from refactor.smpl.directives import DirectivePattern
from refactor.source import SourceFile, Span


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
    # `path:line:col: note: ...` for each place where only an unknown type kept a rule from
    # matching: what `--verbose` prints, so that the user can add the missing `-I`.
    notes: tuple[str, ...] = ()
    # The parse of the original and of the new text (in which every definition whose text is
    # new was parsed), for refactor.output.verify not to lex and parse them again.
    before: ParsedFile | None = field(default=None, repr=False, compare=False)
    after: ParsedFile | None = field(default=None, repr=False, compare=False)


def apply_patterns(
    patterns: list[CompiledRule],
    source: SourceFile,
    defined: frozenset[str] = frozenset(),
    headers: HeaderSearch | None = None,
    parse_cache: ParseCache | None = None,
) -> Outcome:
    """Run compiled rules over `source`; EditConflict when two matches edit the same code.

    Typed metavariables are checked against the file's own declarations and, when those do not
    tell, the declarations of the headers it includes, found as `headers` says (by default only
    `#include "x.h"` beside the file). Parses come from and go to `parse_cache`, if given.
    """
    text = source.text
    if not file_tests(patterns, defined)[0].holds(text):
        return Outcome(text, frozenset(), 0)
    worth_parsing = any_may_match(patterns)
    matched: set[str] = set()
    total = 0
    notes: list[str] = []
    parsed = original = parse_source(source, worth_parsing=worth_parsing, cache=parse_cache)
    original_texts: set[str] | None = None
    index = None
    if any(p.needs_types for p in patterns):
        index = headers_for(headers or HeaderSearch()).index_for(parsed)
    envs_of: dict[str, list[dict[str, Binding]]] = {}  # rule -> bindings of each of its matches
    for position, pattern in enumerate(patterns):
        rule = pattern.rule
        if rule.depends is not None and not rule.depends.evaluate(lambda name: name in matched or name in defined):
            continue
        if not may_match(pattern, text):
            envs_of[rule.name] = []
            continue
        trees = [d.tree for d in parsed.definitions if d.tree is not None]
        edits: list = []
        found: list[dict[str, Binding]] = []
        unknown: list[UnknownType] = []
        for prebound in _inherited_bindings(pattern, envs_of):
            resolved = resolve_inherited_values(pattern, envs_of, prebound)
            edits.extend(_run_rule(resolved, text, trees, index, prebound, found, unknown))
        edits = _keep_braceless_bodies(edits, trees, text)
        notes.extend(_notes(SourceFile(source.path, text), pattern, unknown))
        envs_of[rule.name] = _distinct_envs(found)
        if not found:
            continue
        matched.add(rule.name)
        total += len(found)
        if edits:
            new_text = apply_edits(text, edits)
            if new_text != text:
                if original_texts is None:
                    original_texts = {source.text[d.span.start:d.span.end] for d in original.definitions}
                # Parsed again: what a later rule may match, and whatever differs from the
                # original, which must still parse (here and in refactor.output.verify). Only
                # the first is worth caching: the rest is a few definitions, lexed around the edits.
                later = any(may_match(p, new_text) for p in patterns[position + 1:])
                reparsed = parse_source(
                    SourceFile(source.path, new_text),
                    worth_parsing=_new_or_worth(original_texts, worth_parsing if later else None),
                    cache=parse_cache if later else None,
                    lexed=relex(text, parsed.tokens, parsed.directives, new_text, edits),
                )
                _check_still_parses(parsed, reparsed, rule.name)
                text, parsed = new_text, reparsed
    return Outcome(text, frozenset(matched), total, tuple(notes), original, parsed)


def _new_or_worth(original_texts: set[str], worth_parsing):
    if worth_parsing is None:
        return lambda definition: definition not in original_texts
    return lambda definition: definition not in original_texts or worth_parsing(definition)


def _run_rule(
    pattern: CompiledRule, text: str, trees, index: SymbolIndex | None, prebound: dict[str, Binding],
    found: list, unknown: list[UnknownType],
) -> list:
    """Edits of one rule for one set of inherited bindings; appends each match's bindings, and
    the places where only an unknown type kept it from matching."""
    edits = []
    # Where an alternative of a disjunction matched, later alternatives do not: not at the
    # same place, nor inside it (`( v.fld | v )` changes `v.fld` once, not its `v` again).
    taken: list[tuple[int, int]] = []
    pending: list[UnknownType] = []
    for alternative in pattern.alternatives:
        if isinstance(alternative, DirectivePattern):
            directive_changes, envs = directive_edits(alternative, text, prebound)
            found.extend(envs)
            edits.extend(directive_changes)
            continue
        earlier = list(taken)
        matcher = Matcher(alternative, text, index, prebound)
        for match in matcher.find(worth_trying(alternative, trees, text)):
            if any(start <= match.start and match.end <= end for start, end in earlier):
                continue
            taken.append((match.start, match.end))
            match = with_fresh_identifiers(alternative.metavars, match)
            found.append(match.env.bindings)
            edits.extend(edits_for(alternative, match, text))
        pending.extend(matcher.types.unknown_types)
    unknown.extend(u for u in pending if not any(start <= u.start < end for start, end in taken))
    return edits


def _keep_braceless_bodies(edits: list, trees, text: str) -> list:
    """A removal that takes the whole braceless body of an if, else or loop leaves `{}` in its
    place, as spatch does, so that the statement still has a body."""
    if not any(edit.text == "" for edit in edits):
        return edits  # nothing removed: no need to look for bodies
    bodies = {
        (element.start, element.end)
        for tree in trees for node in tree.nodes() for i, element in enumerate(node.children)
        if braceless_body(node, i, element) is not None
    }
    if not bodies:
        return edits
    out = []
    for edit in edits:
        if edit.text == "":
            inside = [b for b in bodies if edit.span.start <= b[0] and b[1] <= edit.span.end]
            whole = [b for b in inside if not text[edit.span.start:b[0]].strip() and not text[b[1]:edit.span.end].strip()]
            if whole:
                start, end = whole[0]
                out.append(Edit(Span(start, end), "{}"))
                continue
        out.append(edit)
    return out


def _notes(source: SourceFile, pattern: CompiledRule, unknown: list[UnknownType]) -> list[str]:
    """One note per place (the first reason given there)."""
    notes = []
    seen: set[int] = set()
    for u in sorted(unknown, key=lambda u: u.start):
        if u.start in seen:
            continue
        seen.add(u.start)
        wanted = next(p.metavars[u.metavariable].type_text for p in pattern.alternatives if u.metavariable in p.metavars)
        notes.append(
            f"{source.path}:{source.position(u.start)}: note: type of '{u.code}' unknown ({u.reason}): "
            f"rule '{pattern.rule.name}' wants {wanted} for {u.metavariable} there"
        )
    return notes


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
