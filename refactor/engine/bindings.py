"""What a match knows: metavariable bindings, and which C element each pattern token matched."""
from __future__ import annotations

from dataclasses import dataclass

from refactor.c.lexer import Token
from refactor.c.tree import CNode
from refactor.source import Span


@dataclass(frozen=True, slots=True)
class Binding:
    name: str
    element: CNode | Token
    words: tuple[str, ...]  # the bound code's token texts: equality ignores layout and comments
    code: str  # the bound code as written (comments included), for added code


@dataclass(frozen=True, slots=True)
class Env:
    """Bindings and matched pairs so far; copied on every change, never mutated."""

    bindings: dict[str, Binding]
    pairs: dict[int, CNode | Token | Span]  # pattern token start offset -> C element (or span)
    # Typed metavariables bound before their type was checked: the check waits until the whole
    # pattern matched, so that types are worked out only for code that matches otherwise.
    untyped: tuple[str, ...] = ()
    # Each match of a nest's pattern (`<... P ...>`): (start offset of the nest's opening
    # token, that match of P). One pattern, many places: they cannot share `pairs`.
    nested: tuple[tuple[int, "Match"], ...] = ()

    def pair(self, pattern_token: Token, element) -> "Env":
        pairs = dict(self.pairs)
        pairs[pattern_token.start] = element
        return Env(self.bindings, pairs, self.untyped, self.nested)

    def bind(self, binding: Binding, typed_later: bool = False) -> "Env":
        bindings = dict(self.bindings)
        bindings[binding.name] = binding
        untyped = self.untyped + (binding.name,) if typed_later else self.untyped
        return Env(bindings, self.pairs, untyped, self.nested)

    def typed(self) -> "Env":
        """The same, every type checked."""
        return Env(self.bindings, self.pairs, (), self.nested)

    def with_nested(self, nest_start: int, matches: list["Match"]) -> "Env":
        return Env(self.bindings, self.pairs, self.untyped, self.nested + tuple((nest_start, m) for m in matches))

    def at(self, names: tuple[str, ...], element) -> "Env | None":
        """Bind position metavariables to `element`'s place; None if one is bound elsewhere.
        An inherited position may hold several places (those bound in a nest): any one is it."""
        words = (f"{element.start}:{element.end}",)
        bindings = dict(self.bindings)
        for name in names:
            bound = bindings.get(name)
            if bound is not None:
                if words[0] not in bound.words:
                    return None
                continue
            bindings[name] = Binding(name, element, words, "")
        return Env(bindings, self.pairs, self.untyped, self.nested)


EMPTY = Env({}, {})


@dataclass(frozen=True, slots=True)
class Match:
    env: Env
    start: int  # span of the matched C code
    end: int
    # For a statement that is the whole body of an if/else/loop (no braces): where that body
    # starts, the end of the token before it (`)` or `else`); the transformer adds braces when
    # its edits turn the body into several statements.
    braceless_body: tuple[int, int] | None = None
