"""Which rules could match a text at all, judged from the text alone, before parsing it
(Coccinelle's worth_trying): a file that holds none of a rule's words is not parsed for it.

A pattern's required words are the identifiers it spells out that are not metavariables: the
matcher compares such words by their text, so every one must occur in the matched code. Two
kinds of words are not required: `NULL`, which an isomorphism lets match `!E` or a plain tested
`E`, and keywords, which isomorphisms add or drop (`static`, `inline`, `const`). The test is a
plain substring test on the whole text, comments included: it may let through a file that
cannot match (which is then parsed and matched for nothing), never the other way round. The same
test on each definition's text spares the parser and the matcher the definitions that cannot
match: a match never spans two definitions.
"""
from __future__ import annotations

from typing import Callable

from refactor.c.tree import CNode
from refactor.engine.places import WORD_TOKENS
from refactor.smpl.compile import CompiledRule, Pattern

_NOT_REQUIRED = frozenset({"NULL"})


def required_words(pattern: Pattern) -> frozenset[str]:
    """The words every match of `pattern` contains. Not those inside a `<... P ...>` nest (P
    may occur no time at all); none for a rule about preprocessor lines, which the C trees do
    not hold (its file-level test is done on the lines themselves)."""
    if not hasattr(pattern, "tree"):
        return frozenset()
    optional = [
        (nest.opening.end, nest.closing.start) for nest in pattern.nests.values() if not nest.at_least_once
    ]
    words = set()
    for token in pattern.tree.tokens():
        if token.kind in WORD_TOKENS and token.start not in pattern.meta_at:
            if not any(start <= token.start < end for start, end in optional):
                words.add(pattern.text[token.start:token.end])
    return frozenset(words - _NOT_REQUIRED)


def may_match(rule: CompiledRule, text: str) -> bool:
    """False only when no alternative of `rule` can match anywhere in `text`."""
    return any(all(word in text for word in required_words(p)) for p in rule.alternatives)


def any_may_match(rules: list[CompiledRule]) -> Callable[[str], bool]:
    """A test of a text: could any of `rules` match in it?"""
    # Script rules match nothing themselves: they run on what the others found, unless every
    # value they take has a default (then they run on every file).
    scripts = [r for r in rules if not hasattr(r, "alternatives") and r.rule.kind == "script"]
    if any(set(s.inherited) <= set(s.defaults) for s in scripts):
        return lambda text: True
    word_sets = [required_words(p) for rule in rules for p in getattr(rule, "alternatives", ())]
    if not word_sets or any(not words for words in word_sets):
        return lambda text: True
    return lambda text: any(all(word in text for word in words) for words in word_sets)


def worth_trying(pattern: Pattern, trees: list[CNode], text: str) -> list[CNode]:
    """The trees whose text holds every word `pattern` requires."""
    words = required_words(pattern)
    if not words:
        return trees
    return [tree for tree in trees if all(word in text[tree.start:tree.end] for word in words)]
