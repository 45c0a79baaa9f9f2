"""Types of C expressions, from the declarations in the files of a run: what typed
metavariables (`struct anon_vma *av;`) need to tell one struct's member from another's.

A type is a normalized string: the type specifiers as written, one space apart, then one ` *`
per level of pointer (an array counts as a pointer): `struct anon_vma *`, `unsigned long`,
`pte_t *`. Qualifiers (`const`, `volatile`) and attributes are dropped.

Types come from (a) a SymbolIndex of struct and union members, global variables and function
return types, built from every file of the run (headers included), and (b) a Scope of the
parameters and locals of the function being matched. An expression whose type cannot be worked
out has type None, and a typed metavariable does not match it (as in spatch).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from refactor.c.lexer import Token
from refactor.c.tree import CNode

_TYPE_KEYWORDS = frozenset(
    "void char short int long float double signed unsigned _Bool _Complex __int128".split()
)
# Macros that return a pointer to their type argument: container_of(ptr, type, member), ...
_TYPE_ARGUMENT_MACROS = {
    "container_of": 1,
    "list_entry": 1,
    "list_first_entry": 1,
    "list_last_entry": 1,
    "list_first_entry_or_null": 1,
    "list_next_entry": None,
    "hlist_entry": 1,
    "rb_entry": 1,
}


@dataclass(slots=True)
class SymbolIndex:
    """Declarations seen in the files of a run."""

    members: dict[str, dict[str, str]] = field(default_factory=dict)  # "struct s" -> member -> type
    globals: dict[str, str] = field(default_factory=dict)
    functions: dict[str, str] = field(default_factory=dict)  # name -> return type

    def add_tree(self, tree: CNode, text: str) -> None:
        for node in tree.nodes():
            if node.kind == "struct_or_union_specifier":
                self._add_struct(node, text)
        for child in tree.children:
            if type(child) is not CNode:
                continue
            if child.kind == "declaration":
                for name, type_, is_function in declared(child, text):
                    (self.functions if is_function else self.globals)[name] = type_
            elif child.kind == "function_definition":
                for name, type_, _ in declared(child, text):
                    self.functions[name] = type_

    def _add_struct(self, node: CNode, text: str) -> None:
        tag = struct_name(node, text)
        if tag is None or not any(type(c) is not CNode and c.kind == "{" for c in node.children):
            return
        members = self.members.setdefault(tag, {})
        for member in node.children:
            if type(member) is CNode and member.kind == "member_declaration":
                for name, type_, _ in declared(member, text):
                    members[name] = type_
                # anonymous struct/union members: their members are members of this one
                specifiers = member.children[0]
                for spec in specifiers.nodes("struct_or_union_specifier"):
                    if struct_name(spec, text) is None:
                        for inner in spec.children:
                            if type(inner) is CNode and inner.kind == "member_declaration":
                                for name, type_, _ in declared(inner, text):
                                    members.setdefault(name, type_)


def struct_name(node: CNode, text: str) -> str | None:
    """`struct anon_vma` for a struct_or_union_specifier with a tag, None when anonymous."""
    words = [c for c in node.children if type(c) is not CNode]
    keyword = next((text[t.start:t.end] for t in words if t.kind in ("struct", "union")), "struct")
    tag = next((t for t in words if t.kind in ("IDENT", "TYPEDEF_NAME")), None)
    return f"{keyword} {text[tag.start:tag.end]}" if tag is not None else None


def base_type(specifiers: CNode, text: str) -> str:
    """The type named by declaration specifiers, without qualifiers, storage or attributes."""
    words: list[str] = []
    for spec in specifiers.children:
        if type(spec) is not CNode or spec.kind != "type_specifier":
            continue
        inner = spec.children[0]
        if type(inner) is CNode and inner.kind == "struct_or_union_specifier":
            words.append(struct_name(inner, text) or "struct <anonymous>")
        elif type(inner) is CNode and inner.kind == "enum_specifier":
            tag = next((t for t in inner.children if type(t) is not CNode and t.kind == "IDENT"), None)
            words.append(f"enum {text[tag.start:tag.end]}" if tag else "enum <anonymous>")
        elif type(inner) is CNode:
            words.append(" ".join(text[t.start:t.end] for t in inner.tokens()))
        else:
            words.append(text[inner.start:inner.end])
    return " ".join(words)


def _declarator_name_and_depth(declarator: CNode, text: str) -> tuple[str | None, int, bool]:
    """Name, pointer/array depth, and whether it declares a function."""
    depth = 0
    name = None
    is_function = False
    for child in declarator.children:
        if type(child) is not CNode:
            if child.kind == "IDENT" and name is None:
                name = text[child.start:child.end]
            continue
        if child.kind == "pointer":
            depth += sum(1 for t in child.children if type(t) is not CNode and t.kind == "*")
        elif child.kind == "array_suffix":
            depth += 1
        elif child.kind == "parameter_suffix" and name is not None:
            is_function = True
        elif child.kind in ("paren_declarator", "declarator"):
            inner = child.children[1] if child.kind == "paren_declarator" else child
            inner_name, inner_depth, _ = _declarator_name_and_depth(inner, text)
            name = name or inner_name
            depth += inner_depth
    return name, depth, is_function


def declared(node: CNode, text: str) -> list[tuple[str, str, bool]]:
    """(name, type, is a function) for each name a declaration, parameter or definition declares."""
    specifiers = next((c for c in node.children if type(c) is CNode and c.kind == "declaration_specifiers"), None)
    if specifiers is None:
        return []
    base = base_type(specifiers, text)
    out = []
    declarators: list[CNode] = []
    for child in node.children:
        if type(child) is CNode:
            if child.kind == "declarator":
                declarators.append(child)
            elif child.kind in ("init_declarator", "member_declarator"):
                declarators.extend(c for c in child.children if type(c) is CNode and c.kind == "declarator")
    for declarator in declarators:
        name, depth, is_function = _declarator_name_and_depth(declarator, text)
        if name is not None:
            out.append((name, base + " *" * depth, is_function))
    return out


@dataclass(slots=True)
class Scope:
    """Parameters and locals of the functions of one definition (shadowing is not modelled)."""

    names: dict[str, str]

    @classmethod
    def of(cls, tree: CNode, text: str) -> "Scope":
        names: dict[str, str] = {}
        for kind in ("parameter_declaration", "declaration"):
            for node in tree.nodes(kind):
                for name, type_, is_function in declared(node, text):
                    if not is_function:
                        names.setdefault(name, type_)
        return cls(names)


def normalize(type_text: str) -> str:
    """`struct  anon_vma*` -> `struct anon_vma *`."""
    spaced = type_text.replace("*", " * ")
    words = [w for w in spaced.split() if w not in ("const", "volatile")]
    base = [w for w in words if w != "*"]
    return " ".join(base) + " *" * words.count("*")


def type_of(element: CNode | Token, text: str, scope: Scope, index: SymbolIndex) -> str | None:
    """The type of an expression, or None when it cannot be worked out."""
    if type(element) is not CNode:
        if element.kind == "IDENT":
            name = text[element.start:element.end]
            return scope.names.get(name) or index.globals.get(name)
        if element.kind == "STRING":
            return "char *"
        return None
    kind = element.kind
    children = element.children
    if kind == "paren":
        return type_of(children[1], text, scope, index)
    if kind == "member":
        owner = type_of(children[0], text, scope, index)
        if owner is None:
            return None
        arrow = text[children[1].start:children[1].end] == "->"
        if arrow:
            if not owner.endswith(" *"):
                return None
            owner = owner[:-2]
        member = text[children[2].start:children[2].end]
        return index.members.get(owner, {}).get(member)
    if kind == "unary":
        op = text[children[0].start:children[0].end]
        inner = type_of(children[1], text, scope, index)
        if inner is None:
            return None
        if op == "&":
            return inner + " *"
        if op == "*":
            return inner[:-2] if inner.endswith(" *") else None
        return inner if op in ("+", "-", "~") else None
    if kind == "index":
        inner = type_of(children[0], text, scope, index)
        return inner[:-2] if inner and inner.endswith(" *") else None
    if kind == "cast":
        return _type_name(children[1], text)
    if kind == "assignment":
        return type_of(children[0], text, scope, index)
    if kind == "conditional":
        return type_of(children[-1], text, scope, index)
    if kind == "call":
        callee = children[0]
        if type(callee) is CNode or callee.kind not in ("IDENT", "TYPEDEF_NAME"):
            return None
        name = text[callee.start:callee.end]
        position = _TYPE_ARGUMENT_MACROS.get(name)
        if position is not None and len(children) == 4 and type(children[2]) is CNode:
            args = [a for a in children[2].children if type(a) is CNode and a.kind == "type_name"]
            if args:
                return _type_name(args[0], text) + " *"
        return index.functions.get(name)
    return None


def _type_name(node: CNode, text: str) -> str | None:
    if type(node) is not CNode or node.kind != "type_name":
        return None
    specifiers = node.children[0]
    depth = 0
    for child in node.children[1:]:
        if type(child) is CNode:
            depth += sum(1 for t in child.tokens() if t.kind == "*")
    return base_type(specifiers, text) + " *" * depth


def index_sources(sources: Iterable[tuple[str, list[CNode]]]) -> SymbolIndex:
    """A SymbolIndex of the definitions of several files: (text, trees) pairs."""
    index = SymbolIndex()
    for text, trees in sources:
        for tree in trees:
            index.add_tree(tree, text)
    return index
