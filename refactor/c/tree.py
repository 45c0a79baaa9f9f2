"""CNode: the C syntax tree, made of nodes and tokens, each with a span into the original text.

A node never stores text: `source.text[node.start:node.end]` is the one way to get it, so nothing
goes stale after an edit. Children are CNodes and Tokens (refactor.c.lexer.Token), in source order;
every token of the parsed code is in the tree, punctuation included.
"""
from __future__ import annotations

from typing import Iterator, NamedTuple, Union

from refactor.c.lexer import Token
from refactor.source import Span


class CNode(NamedTuple):
    """A syntax tree node: `kind` is the grammar rule (or its alias) that built it.

    A NamedTuple for the same reason as Token: trees have hundreds of thousands of nodes.
    """

    kind: str
    start: int
    end: int
    children: tuple["CNode | Token", ...]

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def nodes(self, kind: str | None = None) -> Iterator["CNode"]:
        """This node and all nodes below it, depth first, optionally only those of `kind`."""
        stack: list[CNode] = [self]
        while stack:
            node = stack.pop()
            if kind is None or node.kind == kind:
                yield node
            stack.extend(c for c in reversed(node.children) if type(c) is CNode)

    def tokens(self) -> Iterator[Token]:
        """The tokens under this node, in source order (iterative: trees can be deep)."""
        stack: list = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                if type(child) is CNode:
                    stack.append(iter(child.children))
                    break
                yield child
            else:
                stack.pop()


Element = Union[CNode, Token]


def is_node(element: Element) -> bool:
    return type(element) is CNode


def dump(element: Element, text: str, indent: str = "") -> str:
    """A readable outline of a tree, for tests and `refactor parse --tree`."""
    if type(element) is not CNode:
        return f"{indent}{element.kind} {text[element.start:element.end]!r}\n"
    out = [f"{indent}{element.kind}\n"]
    for child in element.children:
        out.append(dump(child, text, indent + "  "))
    return "".join(out)
