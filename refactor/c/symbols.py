"""File-level symbols: what one file declares outside functions (Facts), and the SymbolIndex a
file's expressions are typed with: its own Facts, then its headers' Facts, loaded only when a
lookup needs them.

Facts are plain data (dicts of type strings, see refactor.c.declarations) so that they can be
cached on disk as JSON (refactor.c.symbol_cache) and a second run need not parse a header again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from refactor.c.declarations import declared, struct_name
from refactor.c.lexer import Directive
from refactor.c.tree import CNode

_INCLUDE = re.compile(r'\s*#\s*include\s*(?P<open>[<"])(?P<name>[^>"]+)[>"]')
# Single-word types that are never typedef names: no need to look them up.
_BUILTIN = frozenset("void char short int long float double signed unsigned _Bool _Complex __int128".split())
# How many typedefs deep a type is unfolded (`typedef a b; typedef b c;` ...): more is a loop.
_TYPEDEF_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Include:
    name: str  # as written between <> or ""
    quoted: bool


@dataclass(frozen=True, slots=True)
class Facts:
    """Struct and union members, typedefs, function return types, global variables and
    #include directives of one file."""

    members: dict[str, dict[str, str]] = field(default_factory=dict)  # "struct s" -> member -> type
    typedefs: dict[str, str] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)  # name -> return type
    variables: dict[str, str] = field(default_factory=dict)
    includes: tuple[Include, ...] = ()

    def to_json(self) -> dict:
        return {
            "members": self.members, "typedefs": self.typedefs, "functions": self.functions,
            "variables": self.variables, "includes": [[i.name, i.quoted] for i in self.includes],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Facts":
        return cls(
            data["members"], data["typedefs"], data["functions"], data["variables"],
            tuple(Include(name, quoted) for name, quoted in data["includes"]),
        )


EMPTY_FACTS = Facts()


def includes_of(directives: Iterable[Directive]) -> tuple[Include, ...]:
    """The headers `#include`d, in order (under any #if: both branches may be compiled)."""
    found = []
    for directive in directives:
        if directive.kind == "include":
            written = _INCLUDE.match(directive.argument)
            if written is not None:
                found.append(Include(written["name"], written["open"] == '"'))
    return tuple(found)


def facts_of(trees: Iterable[CNode], text: str, directives: Iterable[Directive] = ()) -> Facts:
    """The Facts of a file from the trees of its definitions."""
    facts = Facts(includes=includes_of(directives))
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


class SymbolIndex:
    """Lookups in layers of Facts: the first layer is searched first. Later layers come from
    `layers`, an iterator pulled one Facts at a time and only when a lookup missed in all the
    layers before: a file whose expressions its own declarations type reads no header, and
    one that needs struct vm_area_struct reads headers in include order until it is found.
    Pulling lazily gives the answers loading everything would: the first layer that has a
    name wins either way."""

    __slots__ = ("_members", "_typedefs", "_functions", "_variables", "_layers")

    def __init__(self, first: Facts = EMPTY_FACTS, layers: Iterable[Facts] = ()):
        self._members = dict(first.members)
        self._typedefs = dict(first.typedefs)
        self._functions = dict(first.functions)
        self._variables = dict(first.variables)
        self._layers: Iterator[Facts] | None = iter(layers)

    @classmethod
    def of(cls, *layers: Facts) -> "SymbolIndex":
        index = cls()
        for facts in layers:
            index._add(facts)
        return index

    def _add(self, facts: Facts) -> None:
        for table, more in (
            (self._members, facts.members), (self._typedefs, facts.typedefs),
            (self._functions, facts.functions), (self._variables, facts.variables),
        ):
            for key, value in more.items():
                table.setdefault(key, value)

    def _find(self, table: dict, key: str):
        found = table.get(key)
        while found is None and self._layers is not None:
            facts = next(self._layers, None)
            if facts is None:
                self._layers = None  # all read
                break
            self._add(facts)
            found = table.get(key)
        return found

    def members(self, owner: str) -> dict[str, str] | None:
        """The members of `struct s` / `union u`, None when no definition is known."""
        return self._find(self._members, owner)

    def typedef(self, name: str) -> str | None:
        return self._find(self._typedefs, name)

    def function(self, name: str) -> str | None:
        """The return type of a function."""
        return self._find(self._functions, name)

    def variable(self, name: str) -> str | None:
        return self._find(self._variables, name)

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
    """(base, layers): `struct page * ()` -> (`struct page`, ` * ()`)."""
    cut = len(type_)
    while cut >= 2 and type_[cut - 2:cut] in (" *", "()"):
        cut -= 3 if type_[cut - 2:cut] == "()" else 2
    return type_[:cut], type_[cut:]
