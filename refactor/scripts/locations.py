"""Positions as scripts see them: coccilib's Location, made from a position binding.

Spatch gives a script a position metavariable as a tuple of Locations whose fields are strings:
`file` (the path as given), `line`, `column` (from 0), `line_end`, `column_end` (exclusive),
`current_element` (the function, or the declared name, around the position; `something_else`
elsewhere) and the `current_element_*` span of that definition. A Location keeps the binding it
came from (`_binding`), so that a script can hand a position on to later rules (`coccinelle.p2 = p`).
"""
from __future__ import annotations

import bisect

from refactor.c.tree import CNode
from refactor.engine.bindings import Binding
from refactor.source import SourceFile

SOMETHING_ELSE = "something_else"  # what spatch calls a place outside any named definition


class Location:
    """One position, with spatch's field names and string values."""

    def __init__(self, file: str, start: tuple[int, int], end: tuple[int, int], element: str,
                 element_start: tuple[int, int], element_end: tuple[int, int], binding: Binding | None = None):
        self.file = file
        self.line, self.column = str(start[0]), str(start[1])
        self.line_end, self.column_end = str(end[0]), str(end[1])
        self.current_element = element
        self.current_element_line, self.current_element_column = str(element_start[0]), str(element_start[1])
        self.current_element_line_end, self.current_element_column_end = str(element_end[0]), str(element_end[1])
        self._binding = binding

    def __repr__(self) -> str:
        return f"Location({self.file}:{self.line}:{self.column}-{self.line_end}:{self.column_end} in {self.current_element})"


def location_of(binding: Binding, source: SourceFile, trees: list[CNode], word: str | None = None) -> Location:
    """The Location of a position binding's place `word` (`start:end`; default: its first)."""
    word = word or binding.words[0]
    start, end = (int(x) for x in word.split(":"))
    tree = _definition_at(trees, start)
    if tree is None:
        name, span = SOMETHING_ELSE, (start, end)
    else:
        name, span = _name_of(tree, source.text), (tree.start, tree.end)
    return Location(
        source.path, _line_column(source, start), _line_column(source, end), name,
        _line_column(source, span[0]), _line_column(source, span[1]),
        Binding(binding.name, binding.element, (word,), ""),
    )


def offset_of(source: SourceFile, line: int, column: int) -> int:
    """The offset of a 1-based line and a 0-based column (spatch's), clamped to the text."""
    starts = source.line_starts()
    index = min(max(line, 1), len(starts)) - 1
    return min(starts[index] + max(column, 0), len(source.text))


def _line_column(source: SourceFile, offset: int) -> tuple[int, int]:
    position = source.position(offset)
    return position.line, position.column - 1


def _definition_at(trees: list[CNode], offset: int) -> CNode | None:
    starts = [t.start for t in trees]
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset <= trees[i].end:
        return trees[i]
    return None


def _name_of(tree: CNode, text: str) -> str:
    """A function's name, or the first name a declaration declares; spatch's current_element."""
    top = tree.children[0] if tree.kind == "start" and len(tree.children) == 1 and type(tree.children[0]) is CNode else tree
    if top.kind not in ("function_definition", "declaration"):
        return SOMETHING_ELSE
    for child in top.children:
        if type(child) is CNode and child.kind in ("declarator", "init_declarator"):
            # the declared name comes before any initializer or parameter type
            name = next((t for t in child.tokens() if t.kind == "IDENT"), None)
            return text[name.start:name.end] if name is not None else SOMETHING_ELSE
    return SOMETHING_ELSE
