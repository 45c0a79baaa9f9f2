"""Apply a rule file to one source file: each rule in order, each seeing the previous one's result.

A pure function of (source text, compiled rules, defined virtual names) to the new text and the
names of the rules that matched, which `depends on` of later rules reads; scripts add what
they print (their namespace is the one impurity: see refactor/scripts/host.py). The file is
parsed again after a rule changed it, so the next rule matches the code as it now is.
"""
from __future__ import annotations

from dataclasses import dataclass

from refactor.c.definitions import parse_source
from refactor.c.types import SymbolIndex, index_sources
from refactor.edits import Edit, apply_edits
from refactor.engine.places import braceless_body
from refactor.source import Span
from refactor.engine.bindings import Binding, Match
from refactor.engine.fresh import with_fresh_identifiers
from refactor.engine.match import Matcher
from refactor.engine.constraints import allowed
from refactor.engine.context import carried, finding_for, starred_spans, without_lines
from refactor.engine.environments import Environments
from refactor.engine.script_step import run_script_rule
from refactor.engine.transform import edits_for
from refactor.findings import Finding, Printed
from refactor.scripts.host import ScriptHost
from refactor.scripts.values import is_position
from refactor.smpl.compile import CompiledRule
from refactor.smpl.scripts import CompiledScript
from refactor.source import SourceFile


class BrokenOutput(Exception):
    """A rule's edits would leave code that no longer parses; nothing of the file is written."""


def _check_still_parses(before, after, rule_name: str) -> None:
    """Every definition that parsed must still parse after the rule's edits."""
    failed_before = len(before.failures())
    failures = after.failures()
    if len(failures) > failed_before:
        failure = failures[0]
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
    printed: tuple[Printed, ...] = ()  # what the rule file's scripts printed, in order
    findings: tuple[Finding, ...] = ()  # matches of `*` lines (context mode)
    shown: str | None = None  # what a diff shows: `text` without the lines `*` code matched

    @property
    def shown_text(self) -> str:
        return self.text if self.shown is None else self.shown


def apply_patterns(
    patterns: list,
    source: SourceFile,
    defined: frozenset[str] = frozenset(),
    index: SymbolIndex | None = None,
    host: ScriptHost | None = None,
) -> Outcome:
    """Run compiled rules (and scripts) over `source`; EditConflict when two matches edit the
    same code, ScriptError when a script raises.

    `index` holds the declarations of the whole run, for typed metavariables; without it the
    file's own declarations are used. `host` runs the scripts; without it, a fresh one for this
    file (refactor/scripts/host.py says when a run shares one).
    """
    text = source.text
    matched: set[str] = set()
    total = 0
    parsed = parse_source(source)
    if index is None and any(p.needs_types for p in patterns):
        index = index_sources([(text, [d.tree for d in parsed.definitions if d.tree is not None])])
    envs = Environments()  # each rule's results, for the rules that inherit from it
    scripts = _Scripts(host, source.path)
    printed: list[Printed] = []
    findings: list[Finding] = []
    starred: list[Span] = []
    for pattern in patterns:
        rule = pattern.rule
        if rule.kind in ("initialize", "finalize"):
            continue  # they run once per run, not per file (refactor/engine/run_files.py)
        if rule.depends is not None and not rule.depends.evaluate(lambda name: name in matched or name in defined):
            continue
        trees = [d.tree for d in parsed.definitions if d.tree is not None]
        scripts.at(text, trees)
        if isinstance(pattern, CompiledScript):
            step = run_script_rule(pattern, scripts.host(), envs)
            printed.extend(step.printed)
            matched.difference_update(step.emptied)
            if step.matched:
                matched.add(rule.name)
            if step.exit:
                break
            continue
        edits: list = []
        found: list[dict[str, Binding]] = []
        matches = 0
        current = SourceFile(source.path, text)  # where findings of `*` lines are counted
        for prebound, lineages in envs.inputs(pattern.inherited):
            for alternative, match in _run_rule(pattern, text, trees, index, prebound, envs, scripts.evaluate):
                matches += 1
                own = with_nested_positions(match)
                found.extend({**lineage, **own} for lineage in lineages)
                edits.extend(edits_for(alternative, match, text))
                if alternative.starred:
                    spans = starred_spans(alternative, match)
                    if spans:
                        starred.extend(spans)
                        findings.append(finding_for(current, spans, rule.name))
        printed.extend(scripts.drain())
        edits = _keep_braceless_bodies(edits, trees, text)
        envs.record(rule.name, found)
        if not found:
            continue
        matched.add(rule.name)
        total += matches
        if edits:
            new_text = apply_edits(text, edits)
            if new_text != text:
                reparsed = parse_source(SourceFile(source.path, new_text))
                _check_still_parses(parsed, reparsed, rule.name)
                text, parsed = new_text, reparsed
                starred = carried(starred, edits)
    shown = without_lines(text, starred) if starred else None
    return Outcome(text, frozenset(matched), total, tuple(printed), tuple(findings), shown)


class _Scripts:
    """The file's script host, made when first needed (a script rule, a script constraint or
    seed), told which text and trees the current rule sees."""

    def __init__(self, host: ScriptHost | None, path: str):
        self._host, self._path = host, path
        self._text, self._trees = "", []

    def at(self, text: str, trees: list) -> None:
        self._text, self._trees = text, trees
        if self._host is not None:
            self._host.set_file(SourceFile(self._path, text), trees)

    def host(self) -> ScriptHost:
        if self._host is None:
            self._host = ScriptHost()
            self._host.set_file(SourceFile(self._path, self._text), self._trees)
        return self._host

    def evaluate(self, expression: str, values: dict[str, Binding]) -> object:
        return self.host().evaluate(expression, values)

    def drain(self) -> list[Printed]:
        return self._host.drain() if self._host is not None else []


def _run_rule(pattern: CompiledRule, text: str, trees, index, prebound: dict[str, Binding], envs: Environments,
              evaluate) -> list:
    """(alternative, match) for each match of one rule with one set of inherited bindings that
    satisfies the constraints checked after matching (refactor/engine/constraints.py)."""
    found = []
    # Where an alternative of a disjunction matched, later alternatives do not: not at the
    # same place, nor inside it (`( v.fld | v )` changes `v.fld` once, not its `v` again).
    taken: list[tuple[int, int]] = []
    for alternative in pattern.alternatives:
        earlier = list(taken)
        for match in Matcher(alternative, text, index, prebound).find(trees):
            if any(start <= match.start and match.end <= end for start, end in earlier):
                continue
            if not allowed(alternative.metavars, match, envs, evaluate):
                continue
            taken.append((match.start, match.end))
            found.append((alternative, with_fresh_identifiers(alternative.metavars, match, evaluate)))
    return found


def _keep_braceless_bodies(edits: list, trees, text: str) -> list:
    """A removal that takes the whole braceless body of an if, else or loop leaves `{}` in its
    place, as spatch does, so that the statement still has a body."""
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


def with_nested_positions(match: Match) -> dict[str, Binding]:
    """A match's bindings, with the positions bound inside its nests (`<... f@p(...) ...>`):
    one binding per name holding every place, in order, as spatch binds them."""
    bindings = dict(match.env.bindings)
    places: dict[str, list[Binding]] = {}
    stack = [inner for _, inner in match.env.nested]
    while stack:
        inner = stack.pop()
        stack.extend(m for _, m in inner.env.nested)
        for name, binding in inner.env.bindings.items():
            if name not in bindings and is_position(binding):
                places.setdefault(name, []).append(binding)
    for name, found in places.items():
        words = sorted(dict.fromkeys(w for b in found for w in b.words), key=lambda w: tuple(int(x) for x in w.split(":")))
        bindings[name] = Binding(name, found[0].element, tuple(words), "")
    return bindings
