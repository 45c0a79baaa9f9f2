"""Apply a rule file to one source file: each rule in order, each seeing the previous one's result.

A pure function of (source text, compiled rules, defined virtual names, where headers are) to the
new text and the names of the rules that matched, which `depends on` of later rules reads;
scripts add what they print (their namespace is the one impurity: see refactor/scripts/host.py).
The file is parsed again after a rule changed it, so the next rule matches the code as it now
is. A file without the words a change needs (refactor.engine.word_formula) is not parsed at all,
nor is a definition without the words of any rule (refactor.engine.prefilter).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from refactor.c.definitions import ParsedFile, parse_source
from refactor.c.headers import HeaderSearch, headers_for
from refactor.c.parse_cache import ParseCache
from refactor.c.relex import relex
from refactor.c.symbols import SymbolIndex
from refactor.edits import Edit, apply_edits
from refactor.engine.bindings import Binding, Match
from refactor.engine.constraints import allowed
from refactor.engine.context import carried, finding_for, starred_spans, without_lines
from refactor.engine.directives import directive_edits
from refactor.engine.environments import Environments
from refactor.engine.fresh import with_fresh_identifiers
from refactor.engine.inherited import resolve_inherited_values
from refactor.engine.match import Matcher
from refactor.engine.paths import is_statement_dots
from refactor.engine.places import braceless_body
from refactor.engine.prefilter import any_may_match, may_match, worth_trying
from refactor.engine.script_step import run_script_rule
from refactor.engine.transform import edits_for
from refactor.engine.typed import UnknownType
from refactor.engine.word_formula import file_tests
from refactor.findings import Finding, Printed
from refactor.output.verify import broken_definitions
from refactor.scripts.host import ScriptHost
from refactor.scripts.values import is_position
from refactor.smpl.compile import CompiledRule
from refactor.smpl.directives import DirectivePattern
from refactor.smpl.scripts import CompiledScript
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
    printed: tuple[Printed, ...] = ()  # what the rule file's scripts printed, in order
    findings: tuple[Finding, ...] = ()  # matches of `*` lines (context mode)
    shown: str | None = None  # what a diff shows: `text` without the lines `*` code matched

    # The parse of the original and of the new text (in which every definition whose text is
    # new was parsed), for refactor.output.verify not to lex and parse them again.
    before: ParsedFile | None = field(default=None, repr=False, compare=False)
    after: ParsedFile | None = field(default=None, repr=False, compare=False)

    @property
    def shown_text(self) -> str:
        return self.text if self.shown is None else self.shown


def apply_patterns(
    patterns: list,
    source: SourceFile,
    defined: frozenset[str] = frozenset(),
    headers: HeaderSearch | None = None,
    host: ScriptHost | None = None,
    parse_cache: ParseCache | None = None,
) -> Outcome:
    """Run compiled rules (and scripts) over `source`; EditConflict when two matches edit the
    same code, ScriptError when a script raises.

    Typed metavariables are checked against the file's own declarations and, when those do not
    tell, the declarations of the headers it includes, found as `headers` says (by default only
    `#include "x.h"` beside the file). `host` runs the scripts; without it, a fresh one for this
    file (refactor/scripts/host.py says when a run shares one). Parses come from and go to
    `parse_cache`, if given.
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
    envs = Environments()  # each rule's results, for the rules that inherit from it
    scripts = _Scripts(host, source.path)
    printed: list[Printed] = []
    findings: list[Finding] = []
    starred: list[Span] = []
    for position, pattern in enumerate(patterns):
        rule = pattern.rule
        if rule.kind in ("initialize", "finalize"):
            continue  # they run once per run, not per file (refactor/engine/run_files.py)
        # A rule that inherits has its `depends on` judged per inherited tuple (below); the rest
        # once for the file.
        inherits = bool(pattern.inherited)
        if not inherits and rule.depends is not None and not rule.depends.evaluate(lambda name: name in matched or name in defined):
            continue
        if not isinstance(pattern, CompiledScript) and not may_match(pattern, text):
            envs.record(rule.name, [])
            continue
        trees = [d.tree for d in parsed.definitions if d.tree is not None]
        scripts.at(text, trees)
        if isinstance(pattern, CompiledScript):
            step = run_script_rule(pattern, scripts.host(), envs, matched, defined)
            printed.extend(step.printed)
            matched.difference_update(step.emptied)
            if step.matched:
                matched.add(rule.name)
            if step.exit:
                break
            continue
        edits: list = []
        found: list[dict[str, Binding]] = []
        unknown: list[UnknownType] = []
        matches = 0
        current = SourceFile(source.path, text)  # where findings of `*` lines are counted
        for prebound, lineages in envs.satisfying(envs.inputs(pattern.inherited), rule.depends if inherits else None,
                                                  matched, defined):
            resolved = resolve_inherited_values(pattern, envs.of, prebound)
            run = _run_rule(resolved, text, trees, index, prebound, envs, scripts.evaluate, unknown)
            for alternative, match, also in run:
                matches += 1
                own = with_nested_positions(match)
                found.extend({**lineage, **own} for lineage in lineages)
                edits.extend(edits_for(alternative, match, text))
                for conjunct, conjunct_match in also:
                    edits.extend(edits_for(conjunct, conjunct_match, text))
                # `*` lines count in every branch of a conjunction, one finding per match
                spans = [
                    span for branch, branch_match in ((alternative, match), *also) if getattr(branch, "starred", False)
                    for span in starred_spans(branch, branch_match)
                ]
                if spans:
                    starred.extend(spans)
                    findings.append(finding_for(current, sorted(spans), rule.name))
            found.extend(run.directive_envs)
            edits.extend(run.directive_edits)
        printed.extend(scripts.drain())
        edits = _keep_braceless_bodies(edits, trees, text)
        notes.extend(_notes(SourceFile(source.path, text), pattern, unknown))
        envs.record(rule.name, found)
        if not found:
            continue
        matched.add(rule.name)
        total += matches or len(found)
        if edits:
            new_text = apply_edits(text, edits)
            if new_text != text:
                if original_texts is None:
                    original_texts = {source.text[d.span.start:d.span.end] for d in original.definitions}
                # Parsed again: what a later rule may match, and whatever differs from the
                # original, which must still parse (here and in refactor.output.verify). Only
                # the first is worth caching: the rest is a few definitions, lexed around the edits.
                later = any(not isinstance(p, CompiledScript) and may_match(p, new_text) for p in patterns[position + 1:])
                reparsed = parse_source(
                    SourceFile(source.path, new_text),
                    worth_parsing=_new_or_worth(original_texts, worth_parsing if later else None),
                    cache=parse_cache if later else None,
                    lexed=relex(text, parsed.tokens, parsed.directives, new_text, edits),
                )
                _check_still_parses(parsed, reparsed, rule.name)
                text, parsed = new_text, reparsed
                starred = carried(starred, edits)
    shown = without_lines(text, starred) if starred else None
    return Outcome(text, frozenset(matched), total, tuple(notes), tuple(printed), tuple(findings), shown, original, parsed)


def _new_or_worth(original_texts: set[str], worth_parsing):
    if worth_parsing is None:
        return lambda definition: definition not in original_texts
    return lambda definition: definition not in original_texts or worth_parsing(definition)


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


class _RuleRun:
    """The matches of one rule for one set of inherited bindings, as (alternative, match, the
    other branches' matches of a whole-rule conjunction); a rule about preprocessor lines gives
    its edits and bindings directly."""

    def __init__(self, pattern: CompiledRule, text: str, trees, index: SymbolIndex | None,
                 prebound: dict[str, Binding], envs: Environments, evaluate, unknown: list[UnknownType]):
        self.pattern, self.text, self.trees, self.index = pattern, text, trees, index
        self.prebound, self.envs, self.evaluate, self.unknown = prebound, envs, evaluate, unknown
        self.directive_edits: list[Edit] = []
        self.directive_envs: list[dict[str, Binding]] = []

    def __iter__(self):
        pattern, text, trees = self.pattern, self.text, self.trees
        # Where an alternative of a disjunction matched, later alternatives do not: not at the
        # same place, nor inside it (`( v.fld | v )` changes `v.fld` once, not its `v` again).
        taken: list[tuple[int, int]] = []
        # With the disjunction inside a nest, the same rule applies at the nest's occurrences:
        # `<... ( v.fld | v ) ...>` changes `v.fld` once, not its `v` again.
        taken_inside: list[tuple[int, int]] = []
        # Along paths: the C code each match paired with its pattern, by the match's span.
        taken_code: dict[tuple[int, int], list[frozenset]] = {}
        pending: list[UnknownType] = []
        for position, alternative in enumerate(pattern.alternatives):
            if isinstance(alternative, DirectivePattern):
                changes, envs = directive_edits(alternative, text, self.prebound)
                self.directive_envs.extend(envs)
                self.directive_edits.extend(changes)
                continue
            earlier, earlier_inside = list(taken), list(taken_inside)
            earlier_code = {span: list(codes) for span, codes in taken_code.items()}
            matcher = Matcher(alternative, text, self.index, self.prebound)
            matcher.alternatives, matcher.alternative_index = pattern.alternatives, position
            paths, sequence = along_paths(alternative), _is_sequence(alternative)
            for match in matcher.find(_at_inherited_places(alternative, self.prebound, worth_trying(alternative, trees, text))):
                if pattern.every_alternative:
                    match = _without_nested_in(match, earlier_inside)
                elif paths:
                    # Along paths the alternatives took turns node by node already (each `...`
                    # stops where another's code is met, refactor.engine.paths): a match is
                    # another place unless an earlier alternative matched all of its code over
                    # the same stretch (`return n;` then `return ...;` after the same `...`
                    # take different returns of one loop body: both count).
                    code = _paired_code(match)
                    if any(code <= other for other in earlier_code.get((match.start, match.end), ())):
                        continue
                elif any(start <= match.start and match.end <= end for start, end in earlier):
                    continue
                elif sequence and any(start == match.start for start, _ in earlier):
                    # `( if (...) { ... } | if (...) S1 S2 )`: where an earlier alternative
                    # matched the first statement, the sequence is not tried (ifcol.cocci)
                    continue
                if not allowed(alternative.metavars, match, self.envs, self.evaluate):
                    continue
                also = []
                if pattern.conjuncts:
                    match, also = _conjoined(pattern, match, text, trees, self.index)
                    if match is None:
                        continue
                if pattern.every_alternative:
                    taken_inside.extend((m.start, m.end) for _, m in match.env.nested)
                taken.append((match.start, match.end))
                if paths:
                    taken_code.setdefault((match.start, match.end), []).append(_paired_code(match))
                yield alternative, with_fresh_identifiers(alternative.metavars, match, self.evaluate), also
            pending.extend(matcher.types.unknown_types)
        self.unknown.extend(u for u in pending if not any(start <= u.start < end for start, end in taken))


def _at_inherited_places(alternative, prebound: dict[str, Binding], trees: list) -> list:
    """The trees a match can be in when the pattern puts an inherited position somewhere
    (`if@p1 (...)` with `position ifm.p1`): those holding one of the places it stands for.
    deref_null.cocci runs a rule per `if` of ifm's; each looks in one definition, not all."""
    for names in alternative.positions.values():
        for name in names:
            binding = prebound.get(name)
            if binding is None or binding.code != "" or not alternative.metavars[name].kind.startswith("position"):
                continue
            starts = [int(word.partition(":")[0]) for word in binding.words if word.partition(":")[0].isdigit()]
            if starts:
                trees = [tree for tree in trees if any(tree.start <= start < tree.end for start in starts)]
    return trees


def _run_rule(pattern, text, trees, index, prebound, envs, evaluate, unknown) -> _RuleRun:
    return _RuleRun(pattern, text, trees, index, prebound, envs, evaluate, unknown)


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


def _conjoined(pattern: CompiledRule, match: Match, text: str, trees, index):
    """`( A & B )`: `match` of A, with a match of each other branch at the same place and with
    the same bindings for shared names (their bindings join A's); (None, []) when one has none."""
    tree = next((t for t in trees if t.start <= match.start < t.end), None)
    env, also = match.env, []
    for alternatives in pattern.conjuncts:
        found = None
        for conjunct in alternatives:
            for candidate in Matcher(conjunct, text, index, env.bindings).find([tree] if tree is not None else trees):
                if (candidate.start, candidate.end) == (match.start, match.end):
                    found = (conjunct, candidate)
                    break
            if found:
                break
        if found is None:
            return None, []
        also.append(found)
        for binding in found[1].env.bindings.values():
            if binding.name not in env.bindings:
                env = env.bind(binding)
    return Match(env, match.start, match.end, match.braceless_body), also


def _without_nested_in(match: Match, spans: list[tuple[int, int]]) -> Match:
    """`match` without the nest occurrences that lie within `spans`."""
    kept = tuple((k, m) for k, m in match.env.nested if not any(s <= m.start and m.end <= e for s, e in spans))
    if len(kept) == len(match.env.nested):
        return match
    return Match(replace(match.env, nested=kept), match.start, match.end, match.braceless_body)


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


def _is_sequence(alternative) -> bool:
    """Is this a pattern of several statements in a row?"""
    tree = getattr(alternative, "tree", None)
    return tree is not None and tree.kind == "pattern_statements" and len(tree.children) > 1


def _paired_code(match: Match) -> frozenset:
    """The spans of the C code a match paired with its pattern's tokens and nodes."""
    return frozenset((element.start, element.end) for element in match.env.pairs.values())


def along_paths(alternative) -> bool:
    """Is this a pattern of statements with `...` among them, at its top or in a block (matched
    along paths)?"""
    tree = getattr(alternative, "tree", None)
    return tree is not None and tree.kind == "pattern_statements" and any(
        is_statement_dots(item) for node in tree.nodes() for item in node.children
    )
