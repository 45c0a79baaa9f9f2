"""What a declaration declares: each name with its type, as a type string.

A type string is the type's specifiers in a canonical spelling, then one layer per declarator
operator, innermost first: ` *` for a pointer or an array (an array is taken as a pointer: both
index and decay alike), ` ()` for a function. `int *(*fp)(void)` is `int * () *`: a pointer to
a function returning `int *`. Integer types are spelled one way (`long unsigned int` is
`unsigned long`); qualifiers, storage classes and attributes are dropped. A struct, union or
enum is `struct tag`; one without a tag gets a name made from a hash of its text
(`struct <anonymous 1f2e3d4c5b6a>`), the same in every file that holds the same definition.

A base type that only an expression can tell (`typeof(x) y`, `__auto_type y = x`) is left to the
caller: `Declared.base` is None and `Declared.base_expression` is that expression.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from refactor.c.lexer import Token
from refactor.c.tree import CNode

_INTEGER_WORDS = frozenset({"signed", "unsigned", "short", "long", "int", "char"})
# Nodes that declare names, and where their declarators stand.
_DECLARATOR_HOLDERS = frozenset({"init_declarator", "member_declarator"})
_PAREN_DECLARATORS = frozenset({"paren_declarator", "paren_abstract_declarator"})


@dataclass(frozen=True, slots=True)
class Declared:
    """One declared name: its type is `base + layers` (`base` None: see `base_expression`)."""

    name: str
    at: int  # offset of the name
    base: str | None
    layers: str  # " *", " * ()", " []", ...: what the declarator adds to the base type
    base_expression: CNode | Token | None = None  # typeof(E) or __auto_type's initializer
    is_typedef: bool = False

    @property
    def type(self) -> str | None:
        return None if self.base is None else self.base + self.layers

    @property
    def is_function(self) -> bool:
        return self.layers.endswith(" ()")


def canonical_words(words: list[str]) -> list[str]:
    """Integer types spelled one way: `long unsigned int` -> `unsigned long`, `signed` -> `int`."""
    if not words or not set(words) <= _INTEGER_WORDS:
        return words
    longs = words.count("long")
    if "char" in words:
        size = "char"
    elif "short" in words:
        size = "short"
    elif longs:
        size = " ".join(["long"] * longs)
    else:
        size = "int"
    if "unsigned" in words:
        return ["unsigned", *size.split()]
    if "signed" in words and size == "char":
        return ["signed", "char"]  # plain char is a type of its own
    return size.split()


def struct_name(node: CNode, text: str) -> str:
    """`struct anon_vma` for a struct, union or enum specifier; a hashed name when it has no tag."""
    keyword = "struct"
    tag = None
    for child in node.children:
        if type(child) is CNode:
            continue
        if child.kind in ("struct", "union", "enum"):
            keyword = child.kind
        elif child.kind in ("IDENT", "TYPEDEF_NAME") and tag is None:
            tag = text[child.start:child.end]
        elif child.kind == "{":
            break
    if tag is not None:
        return f"{keyword} {tag}"
    body = text[node.start:node.end].encode("utf-8", "surrogateescape")
    return f"{keyword} <anonymous {hashlib.blake2s(body, digest_size=6).hexdigest()}>"


def base_type(specifiers: CNode, text: str) -> tuple[str | None, CNode | Token | None]:
    """The type named by declaration specifiers, or (None, the expression) for `typeof(E)`;
    (None, None) when they name no type at all."""
    words: list[str] = []
    for spec in specifiers.children:
        if type(spec) is not CNode or spec.kind != "type_specifier":
            continue
        inner = spec.children[0]
        if type(inner) is not CNode:
            if inner.kind == "__auto_type":
                return None, None  # the caller takes the initializer's type
            if inner.kind == "_Atomic" and len(spec.children) == 4:  # _Atomic(T)
                return type_name_type(spec.children[2], text), None
            words.append(text[inner.start:inner.end])
        elif inner.kind in ("struct_or_union_specifier", "enum_specifier"):
            words.append(struct_name(inner, text))
        elif inner.kind == "typeof_specifier":
            argument = inner.children[2]
            if type(argument) is CNode and argument.kind == "type_name":
                return type_name_type(argument, text), None
            return None, argument
    if not words:
        return None, None
    return " ".join(canonical_words(words)), None


def declarator_layers(declarator: CNode, layers: str = "") -> tuple[Token | None, str]:
    """The name a (possibly abstract) declarator declares and the layers it adds to the base
    type. Pointers bind to the base first, then the suffixes right to left, then the
    parenthesized declarator inside: `*a[3]` is an array of pointers, `(*a)[3]` a pointer to
    an array."""
    name = None
    inner = None
    stars = 0
    suffixes: list[str] = []
    for child in declarator.children:
        if type(child) is not CNode:
            if child.kind == "IDENT" and name is None and inner is None:
                name = child
        elif child.kind == "pointer":
            stars += sum(1 for t in child.children if type(t) is not CNode and t.kind == "*")
        elif child.kind in _PAREN_DECLARATORS:
            inner = child.children[1]
        elif child.kind == "array_suffix":
            suffixes.append(" []")  # not a pointer to spatch: `expression *x` takes no array
        elif child.kind == "parameter_suffix":
            suffixes.append(" ()")
    layers += " *" * stars + "".join(reversed(suffixes))
    if inner is not None:
        return declarator_layers(inner, layers)
    return name, layers


def type_name_type(node: CNode, text: str) -> str | None:
    """The type a type name (`struct page *`, in a cast, sizeof or macro argument) stands for."""
    specifiers = node.children[0]
    base, _ = base_type(specifiers, text)
    if base is None:
        return None
    layers = ""
    if len(node.children) > 1 and type(node.children[1]) is CNode:
        _, layers = declarator_layers(node.children[1])
    return base + layers


def is_typedef(specifiers: CNode) -> bool:
    return any(
        type(s) is CNode and s.kind == "storage_class_specifier" and s.children[0].kind == "typedef"
        for s in specifiers.children
    )


def declared(node: CNode, text: str) -> list[Declared]:
    """The names a declaration, parameter, struct member or function definition declares."""
    specifiers = node.children[0] if node.children and type(node.children[0]) is CNode else None
    if specifiers is None or specifiers.kind != "declaration_specifiers":
        return []
    base, base_expression = base_type(specifiers, text)
    typedef = is_typedef(specifiers)
    out = []
    for child in node.children[1:]:
        if type(child) is not CNode:
            continue
        initializer = None
        declarator = None
        if child.kind == "declarator":
            declarator = child
        elif child.kind in _DECLARATOR_HOLDERS:
            declarator = next((c for c in child.children if type(c) is CNode and c.kind == "declarator"), None)
            initializer = next((c for c in child.children if type(c) is CNode and c.kind == "initializer"), None)
        if declarator is None:
            continue
        name, layers = declarator_layers(declarator)
        if name is None:
            continue
        own_base, own_expression = base, base_expression
        if base is None and base_expression is None and initializer is not None:
            own_expression = initializer.children[0]  # __auto_type x = E
        out.append(Declared(text[name.start:name.end], name.start, own_base, layers, own_expression, typedef))
    return out
