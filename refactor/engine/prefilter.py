"""Which rules could match a text at all, judged from the text alone, before parsing it
(Coccinelle's worth_trying): a file or definition that holds none of a rule's words is not
parsed for it.

A pattern's required words are the identifiers its `-` and context code spells out that are not
metavariables: the matcher compares such words by their text, so every one must occur in the
matched code. Words only in `+` code are not required (the pattern's text holds no `+` line),
nor are words of `when` clauses (code that must *not* be there). Two kinds of words are not
required either: `NULL`, which an isomorphism lets match `!E` or a plain tested `E`, and
keywords, which isomorphisms add or drop (`static`, `inline`, `const`). The test is a plain
substring test, comments included: it may let through a file that cannot match (which is then
parsed and matched for nothing), never the other way round. The same test on each definition's
text spares the parser and the matcher the definitions that cannot match: a match never spans
two definitions. How the words of all the rules of a file combine (disjunctions, dependencies)
is refactor.engine.word_formula's business.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Callable

from refactor.c.tree import CNode
from refactor.engine.places import WORD_TOKENS
from refactor.smpl.compile import CompiledRule, Pattern
from refactor.smpl.directives import DirectivePattern

_NOT_REQUIRED = frozenset({"NULL"})
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
# Memo of required_words by pattern identity (patterns are not hashable, and live for the run);
# the pattern is kept with its words so that its id cannot be reused meanwhile.
_WORDS: dict[int, tuple[object, frozenset[str]]] = {}


def required_words(pattern: Pattern | DirectivePattern) -> frozenset[str]:
    """The words every match of `pattern` contains. Not those inside a `<... P ...>` nest (P
    may occur no time at all). For a rule about preprocessor lines: the directive's keyword and
    the words of its literal argument (test on the whole file; no definition holds them)."""
    known = _WORDS.get(id(pattern))
    if known is not None and known[0] is pattern:
        return known[1]
    if isinstance(pattern, DirectivePattern):
        words = _directive_words(pattern)
    elif not hasattr(pattern, "tree"):
        words = frozenset()  # a kind of rule we do not know: it may match anything
    else:
        words = _pattern_words(pattern)
    _WORDS[id(pattern)] = (pattern, words)
    return words


def _pattern_words(pattern: Pattern) -> frozenset[str]:
    optional = [
        (nest.opening.end, nest.closing.start) for nest in pattern.nests.values() if not nest.at_least_once
    ]
    words = set()
    for token in pattern.tree.tokens():
        if token.kind in WORD_TOKENS and token.start not in pattern.meta_at:
            if not any(start <= token.start < end for start, end in optional):
                words.add(pattern.text[token.start:token.end])
    return frozenset(words - _NOT_REQUIRED)


def _directive_words(pattern: DirectivePattern) -> frozenset[str]:
    """`#include <linux/...>` needs `include`, `linux`; `#define NAME X` needs `define`, NAME
    unless it is a metavariable, and the words of X unless X is one. Whitespace in a
    directive's argument is normalized before matching, so its words are whole in the file."""
    words = set()
    for item in pattern.items:
        words.add(item.kind)
        literal = item.argument
        if item.kind == "define":
            name, _, body = literal.partition(" ")
            literal = " ".join(w for w in (name, body) if w not in pattern.metavars)
        else:
            literal = literal.split("...")[0]  # `...` stands for any rest
        words.update(w for w in _IDENTIFIER.findall(literal) if w not in pattern.metavars)
    return frozenset(words - _NOT_REQUIRED)


def may_match(rule: CompiledRule, text: str) -> bool:
    """False only when no alternative of `rule` can match anywhere in `text`."""
    return any(all(word in text for word in required_words(p)) for p in rule.alternatives)


def any_may_match(rules: list[CompiledRule]) -> Callable[[str], bool]:
    """A test of a definition's text: could any of `rules` match in it? Rules about
    preprocessor lines match no definition: they need none parsed. Script rules match nothing
    themselves: they run on what the others found, unless every value they take has a default
    (then they run on every file)."""
    scripts = [r for r in rules if not hasattr(r, "alternatives") and r.rule.kind == "script"]
    if any(set(s.inherited) <= set(s.defaults) for s in scripts):
        return lambda text: True
    word_sets = [
        required_words(p) for rule in rules for p in getattr(rule, "alternatives", ()) if not isinstance(p, DirectivePattern)
    ]
    if any(not words for words in word_sets):
        return lambda text: True
    # Each set once, and none that holds wherever a smaller one does: the test runs on every
    # definition of every file with the words (three rules renaming one member: one set).
    word_sets = [words for words in set(word_sets) if not any(other < words for other in word_sets)]
    return lambda text: any(all(word in text for word in words) for words in word_sets)


def worth_trying(pattern: Pattern, trees: list[CNode], text: str) -> list[CNode]:
    """The trees whose text holds every word `pattern` requires."""
    words = required_words(pattern)
    if not words:
        return trees
    return [tree for tree in trees if all(word in text[tree.start:tree.end] for word in words)]


def spans_holding(words: frozenset[str], text: str, start: int, end: int) -> Callable[[int, int], bool] | None:
    """A test of a span within text[start:end]: does it hold every one of `words`? (None when
    there are no words: every span may.) The same test as worth_trying's, made cheap enough to
    ask of every node of a tree: each word's places are found once, and a span holds the word
    when the first place at or after its start ends before its end (a bisection)."""
    if not words:
        return None
    places = []
    for word in words:
        found, at = [], text.find(word, start, end)
        while at >= 0:
            found.append(at)
            at = text.find(word, at + 1, end)
        places.append((found, len(word)))

    def holds(span_start: int, span_end: int) -> bool:
        for found, length in places:
            i = bisect_left(found, span_start)
            if i == len(found) or found[i] + length > span_end:
                return False
        return True

    return holds
