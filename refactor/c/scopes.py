"""The parameters and locals of one top-level definition, each with the stretch of text where it
is visible, so that a name means what C says it means at each place.

A parameter is visible in its whole function; a local from its declarator to the end of the
block that declares it (a `for` header's declaration: to the end of the `for`; a statement
expression's: to its end). Where several declarations of a name are visible, the innermost
block's wins: a local of an inner block shadows an outer one, and a parameter, only inside
that block. Names not declared inside the definition are looked up in the SymbolIndex.
"""
from __future__ import annotations

from dataclasses import dataclass

from refactor.c.declarations import Declared, declared
from refactor.c.tree import CNode

_FUNCTIONS = frozenset({"function_definition", "macro_function_definition"})


@dataclass(frozen=True, slots=True)
class Local:
    """A declaration visible from `visible` to `end`, inside a block starting at `block`."""

    block: int
    visible: int
    end: int
    declared: Declared


class Scope:
    """Look up a name as seen from an offset of one definition."""

    __slots__ = ("by_name",)

    def __init__(self, by_name: dict[str, list[Local]] | None = None):
        self.by_name = by_name or {}

    def lookup(self, name: str, at: int) -> Declared | None:
        """The declaration `name` refers to at offset `at`, or None if it is not a local."""
        best: Local | None = None
        for local in self.by_name.get(name, ()):
            if local.visible <= at < local.end and (
                best is None or (local.block, local.visible) > (best.block, best.visible)
            ):
                best = local
        return None if best is None else best.declared

    @classmethod
    def of(cls, tree: CNode, text: str) -> "Scope":
        by_name: dict[str, list[Local]] = {}

        def add(block: CNode, found: list[Declared]) -> None:
            for d in found:
                if not d.is_function and not d.is_typedef:
                    by_name.setdefault(d.name, []).append(Local(block.start, d.at, block.end, d))

        # (node, innermost block around it); top-level declarations are globals, not locals
        stack: list[tuple[CNode, CNode | None]] = [(tree, None)]
        while stack:
            node, block = stack.pop()
            kind = node.kind
            if kind in _FUNCTIONS:
                parameters = _parameters(node)
                if parameters is not None:
                    for parameter in parameters.children:
                        if type(parameter) is CNode and parameter.kind == "parameter_declaration":
                            found = declared(parameter, text)
                            add(node, [Declared(d.name, node.start, d.base, d.layers, d.base_expression) for d in found])
                for child in node.children:
                    if type(child) is CNode and child.kind == "compound_statement":
                        stack.append((child, child))
                continue
            if kind == "declaration" and block is not None:
                add(block, declared(node, text))
            elif kind in ("compound_statement", "for_statement"):
                block = node
            elif kind in ("parameter_suffix", "type_name"):
                continue  # parameters of a declared function type are not in scope
            stack.extend((child, block) for child in node.children if type(child) is CNode)
        return cls(by_name)


def _parameters(function: CNode) -> CNode | None:
    """The parameter list of a function definition: the one right after its name."""
    declarator = next((c for c in function.children if type(c) is CNode and c.kind == "declarator"), None)
    while declarator is not None:
        children = declarator.children
        for i, child in enumerate(children):
            if type(child) is not CNode and child.kind == "IDENT":
                after = children[i + 1] if i + 1 < len(children) else None
                return after if type(after) is CNode and after.kind == "parameter_suffix" else None
        paren = next((c for c in children if type(c) is CNode and c.kind == "paren_declarator"), None)
        declarator = paren.children[1] if paren is not None else None
    # macro_function_definition: DECL_MACRO(args) { ... } declares no parameters we can read
    return None


OUTSIDE = -1  # declared outside the function (a global, or unknown)


class Declarations:
    """Which declaration a name refers to, for matching: Coccinelle binds an expression
    metavariable to a variable, not only to its spelling (`f(a); ... g(a);` does not match when
    the second `a` is another variable, declared in an inner block), and tells locals from
    globals (`local idexpression`; a `static` local is not a local there)."""

    def __init__(self, tree: CNode, text: str):
        self.scope = Scope.of(tree, text)
        self.static: set[int] = set()
        for block in tree.nodes("compound_statement"):
            for item in block.children:
                if type(item) is CNode and item.kind == "declaration" and any(
                    text[t.start:t.end] == "static" for t in item.children[0].tokens()
                ):
                    self.static.update(d.at for d in declared(item, text))

    def of(self, name: str, at: int) -> int:
        """Where the declaration that `name` used at offset `at` refers to was made."""
        found = self.scope.lookup(name, at)
        return OUTSIDE if found is None else found.at

    def is_local(self, name: str, at: int) -> bool:
        """Is `name` at `at` a parameter or a (non-static) local of its function?"""
        where = self.of(name, at)
        return where != OUTSIDE and where not in self.static
