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
from refactor.engine.match import Matcher
from refactor.engine.transform import edits_for
from refactor.smpl.compile import CompiledRule
from refactor.source import SourceFile


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
    for pattern in patterns:
        rule = pattern.rule
        if rule.depends is not None and not rule.depends.evaluate(lambda name: name in matched or name in defined):
            continue
        trees = [d.tree for d in parsed.definitions if d.tree is not None]
        edits = []
        # Where an alternative of a disjunction matched, later alternatives do not: not at the
        # same place, nor inside it (`( v.fld | v )` changes `v.fld` once, not its `v` again).
        taken: list[tuple[int, int]] = []
        for alternative in pattern.alternatives:
            earlier = list(taken)
            for match in Matcher(alternative, text, index).find(trees):
                if any(start <= match.start and match.end <= end for start, end in earlier):
                    continue
                taken.append((match.start, match.end))
                edits.extend(edits_for(alternative, match, text))
        if not taken:
            continue
        matched.add(rule.name)
        total += len(taken)
        if edits:
            new_text = apply_edits(text, edits)
            if new_text != text:
                text = new_text
                parsed = parse_source(SourceFile(source.path, text))
    return Outcome(text, frozenset(matched), total)
