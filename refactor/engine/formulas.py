"""Formulas over words (a word, all of, any of), tested on a text or on a file's bytes: what
refactor.engine.word_formula builds from rules. On their own, with nothing of the rule side,
so that a run whose rule file's formulas come from the cache (refactor.engine.result_cache)
tests files without importing the rules' modules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, TypeAlias


@dataclass(frozen=True, slots=True)
class Word:
    """True of a text that holds `text` (a str, or bytes for a test on a file's bytes)."""

    text: str | bytes

    def holds(self, text) -> bool:
        return self.text in text


@dataclass(frozen=True, slots=True)
class AllOf:
    items: tuple["Formula", ...]

    def holds(self, text) -> bool:
        return all(item.holds(text) for item in self.items)


@dataclass(frozen=True, slots=True)
class AnyOf:
    items: tuple["Formula", ...]

    def holds(self, text) -> bool:
        return any(item.holds(text) for item in self.items)


Formula: TypeAlias = Word | AllOf | AnyOf
TRUE: Formula = AllOf(())
FALSE: Formula = AnyOf(())


def all_of(items: Iterable[Formula]) -> Formula:
    """The conjunction, flattened, without repeats; FALSE absorbs it."""
    out: list[Formula] = []
    for item in items:
        if item == FALSE:
            return FALSE
        for part in item.items if isinstance(item, AllOf) else (item,):
            if part not in out:
                out.append(part)
    return out[0] if len(out) == 1 else AllOf(tuple(out))


def any_of(items: Iterable[Formula]) -> Formula:
    """The disjunction, flattened, without repeats; TRUE absorbs it."""
    out: list[Formula] = []
    for item in items:
        if item == TRUE:
            return TRUE
        for part in item.items if isinstance(item, AnyOf) else (item,):
            if part not in out:
                out.append(part)
    return out[0] if len(out) == 1 else AnyOf(tuple(out))


def encoded(formula: Formula) -> Formula:
    """The same formula over bytes (UTF-8, as SourceFile decodes), to test a file undecoded."""
    match formula:
        case Word(text=text):
            return Word(text.encode("utf-8", "surrogateescape") if isinstance(text, str) else text)
        case AllOf(items=items):
            return AllOf(tuple(encoded(i) for i in items))
        case AnyOf(items=items):
            return AnyOf(tuple(encoded(i) for i in items))
    raise TypeError(formula)


def words_of(formula: Formula) -> frozenset[str]:
    match formula:
        case Word(text=text):
            return frozenset({text})
        case AllOf(items=items) | AnyOf(items=items):
            return frozenset().union(*(words_of(i) for i in items))
    raise TypeError(formula)


def grep_words(formula: Formula) -> frozenset[str] | None:
    """Words such that every text the formula holds for holds one of them; None when there are
    none such (the formula holds for a text without any word). For a conjunction one part is
    enough: the one with the fewest words, longer words first (a long word is likely rarer)."""
    match formula:
        case Word(text=text):
            return frozenset({text})
        case AnyOf(items=items):
            parts = [grep_words(i) for i in items]
            return None if any(p is None for p in parts) else frozenset().union(*parts)
        case AllOf(items=items):
            parts = [p for p in (grep_words(i) for i in items) if p is not None]
            if not parts:
                return None
            return min(parts, key=lambda p: (len(p), -min(len(w) for w in p)))
    raise TypeError(formula)
