"""File-level symbols: what one file declares outside functions (Facts), and the SymbolIndex a
file's expressions are typed with: its own Facts, then its headers' Facts, each read only when a
lookup gets to it and the header's text spells the name looked up.

Facts are plain data (dicts of type strings, see refactor.c.declarations) so that they can be
cached on disk as JSON (refactor.c.symbol_cache) and a second run need not parse a header again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from refactor.c.declarations import declared, struct_name
from refactor.c.tree import CNode

# `#include <x.h>` / `#include "x.h"` at the start of a line (spaces allowed around the #).
_INCLUDE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*(?P<open>[<"])(?P<name>[^>"\n]+)[>"]', re.MULTILINE)
# Single-word types that are never typedef names: no need to look them up.
_BUILTIN = frozenset("void char short int long float double signed unsigned _Bool _Complex __int128".split())
# How many typedefs deep a type is unfolded (`typedef a b; typedef b c;` ...): more is a loop.
_TYPEDEF_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Include:
    name: str  # as written between <> or ""
    quoted: bool


def includes_in(data: bytes) -> tuple[Include, ...]:
    """The headers a file `#include`s, in order, under any #if (both branches may be compiled)."""
    return tuple(
        Include(m["name"].decode("utf-8", "surrogateescape"), m["open"] == b'"') for m in _INCLUDE.finditer(data)
    )


@dataclass(frozen=True, slots=True)
class Facts:
    """Struct and union members, typedefs, function return types and global variables declared
    by one file."""

    members: dict[str, dict[str, str]] = field(default_factory=dict)  # "struct s" -> member -> type
    typedefs: dict[str, str] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)  # name -> return type
    variables: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"members": self.members, "typedefs": self.typedefs, "functions": self.functions, "variables": self.variables}

    @classmethod
    def from_json(cls, data: dict) -> "Facts":
        return cls(data["members"], data["typedefs"], data["functions"], data["variables"])


EMPTY_FACTS = Facts()


def facts_of(trees: Iterable[CNode], text: str) -> Facts:
    """The Facts of a file from the trees of its definitions."""
    facts = Facts()
    for tree in trees:
        for node in tree.nodes("struct_or_union_specifier"):
            _add_struct(facts.members, node, text)
        for child in tree.children:
            if type(child) is not CNode:
                continue
            if child.kind == "declaration":
                for d in declared(child, text):
                    if d.type is None:
                        continue
                    if d.is_typedef:
                        facts.typedefs[d.name] = d.type
                    elif d.is_function:
                        facts.functions[d.name] = d.type[:-3]
                    else:
                        facts.variables[d.name] = d.type
            elif child.kind == "function_definition":
                for d in declared(child, text):
                    if d.type is not None and d.is_function:
                        facts.functions[d.name] = d.type[:-3]
    return facts


def _add_struct(members: dict[str, dict[str, str]], node: CNode, text: str) -> None:
    if not any(type(c) is not CNode and c.kind == "{" for c in node.children):
        return  # `struct s` mentioned, not defined here
    own: dict[str, str] = {}
    _collect_members(node, text, own)
    members.setdefault(struct_name(node, text), own)


def _collect_members(node: CNode, text: str, into: dict[str, str]) -> None:
    """Members of a struct body; an unnamed struct or union member's members are members of
    this one (C11 anonymous members), at any depth."""
    for member in node.children:
        if type(member) is not CNode or member.kind != "member_declaration":
            continue
        found = declared(member, text)
        for d in found:
            if d.type is not None:
                into.setdefault(d.name, d.type)
        if not found:
            for spec in member.children[0].children:
                if type(spec) is CNode and spec.kind == "type_specifier":
                    inner = spec.children[0]
                    if type(inner) is CNode and inner.kind == "struct_or_union_specifier":
                        _collect_members(inner, text, into)


@dataclass(frozen=True, slots=True)
class Layer:
    """The Facts of one file, read on demand. A file whose text does not spell a name cannot
    declare it: `text` lets a lookup pass over the file without reading its Facts."""

    read: Callable[[], Facts]
    text: bytes | None = None  # None: always read


class SymbolIndex:
    """Lookups in layers of Facts, in order: the first layer that declares a name gives its
    type, as the first declaration the preprocessor meets would. A layer is read only when a
    lookup reaches it and its text holds the name, so a file whose own declarations type its
    expressions reads no header, and one that needs struct vm_area_struct parses only the
    headers that mention it, up to the one that defines it. Answers are remembered."""

    __slots__ = ("_layers", "_seen", "_read", "_answers")

    def __init__(self, layers: Iterable[Layer] = ()):
        self._layers: Iterator[Layer] | None = iter(layers)  # not reached yet
        self._seen: list[Layer] = []  # reached, in order
        self._read: dict[int, Facts] = {}  # position in _seen -> Facts, for the layers read
        self._answers: dict[tuple[str, str], object] = {}

    @classmethod
    def of(cls, *facts: Facts) -> "SymbolIndex":
        return cls([Layer(lambda f=f: f) for f in facts])

    def _layer(self, i: int) -> Layer | None:
        while i >= len(self._seen) and self._layers is not None:
            layer = next(self._layers, None)
            if layer is None:
                self._layers = None
            else:
                self._seen.append(layer)
        return self._seen[i] if i < len(self._seen) else None

    def _find(self, table: str, key: str):
        answer_key = (table, key)
        if answer_key in self._answers:
            return self._answers[answer_key]
        word = key.rsplit(" ", 1)[-1]
        # A struct without a tag is only named by declarations in the file that defines it:
        # that file has been read already, so only read layers are searched.
        anonymous = word.endswith(">")
        needle = word.encode("utf-8", "surrogateescape")
        found = None
        i = 0
        while found is None:
            layer = self._layer(i) if not anonymous else (self._seen[i] if i < len(self._seen) else None)
            if layer is None:
                break
            facts = self._read.get(i)
            if facts is None and not anonymous and (layer.text is None or needle in layer.text):
                facts = self._read[i] = layer.read()
            if facts is not None:
                found = getattr(facts, table).get(key)
            i += 1
        if found is not None or not anonymous:  # a layer read later may define an anonymous one
            self._answers[answer_key] = found
        return found

    def members(self, owner: str) -> dict[str, str] | None:
        """The members of `struct s` / `union u`, None when no definition is known."""
        return self._find("members", owner)

    def typedef(self, name: str) -> str | None:
        return self._find("typedefs", name)

    def function(self, name: str) -> str | None:
        """The return type of a function."""
        return self._find("functions", name)

    def variable(self, name: str) -> str | None:
        return self._find("variables", name)

    def resolve(self, type_: str) -> str:
        """`type_` with typedef names at its base unfolded: `foo_t *` -> `struct foo * *`."""
        for _ in range(_TYPEDEF_DEPTH):
            base, layers = split_type(type_)
            if " " in base or base in _BUILTIN or not base:
                return type_  # `struct s`, `unsigned long`: not a typedef name
            found = self.typedef(base)
            if found is None:
                return type_
            type_ = found + layers
        return type_


def split_type(type_: str) -> tuple[str, str]:
    """(base, layers): `struct page * ()` -> (`struct page`, ` * ()`); `char []` -> (`char`, ` []`)."""
    cut = len(type_)
    while cut >= 2 and type_[cut - 2:cut] in (" *", "()", "[]"):
        cut -= 2 if type_[cut - 2:cut] == " *" else 3
    return type_[:cut], type_[cut:]
