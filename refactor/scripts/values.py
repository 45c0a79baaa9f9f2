"""Metavariable values across the boundary between matching and Python.

Into a script: code is a `str` of its tokens joined by single spaces (spatch prints `x->y[2]` as
`x -> y [ 2 ]`, without comments), and a value a script set is the `str` it set; a position is a
tuple of Locations (one per place: several for a position bound in a nest); a default (`x << r.x = "text";`) is its
text, and `= []` for a position an empty tuple.

Out of a script (`coccinelle.x = ...`): a tuple of Locations is a position again, anything else
is code, its `str`, which later rules match token by token and add as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from refactor.c.lexer import tokenize
from refactor.c.tree import CNode
from refactor.engine.bindings import Binding
from refactor.scripts.locations import Location, location_of
from refactor.source import SourceFile

_POSITION_WORDS = re.compile(r"-?\d+:-?\d+")


@dataclass(frozen=True, slots=True)
class Default:
    """A script binding's default, used where the rule it names bound nothing."""

    text: str


def is_position(binding: Binding) -> bool:
    """Position bindings have no code and a word `start:end` per place (several for a position
    bound in a nest)."""
    return binding.code == "" and bool(binding.words) and all(_POSITION_WORDS.fullmatch(w) for w in binding.words)


def to_python(value: Binding | Default, source: SourceFile, trees: list[CNode], position: bool = False) -> object:
    """The Python value a script sees for a binding (or a default)."""
    if isinstance(value, Default):
        return () if position and value.text == "[]" else value.text
    if is_position(value):
        return tuple(location_of(value, source, trees, word) for word in value.words)
    if type(value.element) is CNode and value.element.kind == "script":
        return value.code  # a script's own value, handed on as it was set
    return " ".join(value.words)


def to_binding(name: str, value: object) -> Binding | None:
    """The binding a script's own metavariable gets from its Python value; None for no place."""
    if isinstance(value, (tuple, list)) and all(isinstance(v, Location) for v in value):
        places = [v for v in value if v._binding is not None]
        if not places:
            return None
        words = tuple(dict.fromkeys(w for v in places for w in v._binding.words))
        return Binding(name, places[0]._binding.element, words, "")
    text = str(value)
    tokens, _ = tokenize(text)
    return Binding(name, CNode("script", 0, 0, ()), tuple(text[t.start:t.end] for t in tokens), text)
