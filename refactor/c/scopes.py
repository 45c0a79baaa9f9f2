"""Which declaration a name in a function refers to: the innermost block declaring it before the
use, else a parameter, else something outside the function.

Coccinelle binds an expression metavariable to a variable, not only to its spelling: `f(a);
... g(a);` does not match when the second `a` is another variable, declared in an inner block.
"""
from __future__ import annotations

from refactor.c.tree import CNode
from refactor.c.types import declared

OUTSIDE = -1  # declared outside the function (a global, or unknown)


class Declarations:
    """Declarations of one definition's functions and blocks, by name."""

    def __init__(self, tree: CNode, text: str):
        # name -> [(scope start, scope end, declared at)], innermost found last
        self.by_name: dict[str, list[tuple[int, int, int]]] = {}
        for function in tree.nodes("function_definition"):
            body = function.children[-1]
            for parameter in function.nodes("parameter_declaration"):
                if parameter.end <= body.start:
                    for name, _, _ in declared(parameter, text):
                        self.by_name.setdefault(name, []).append((function.start, function.end, parameter.start))
        self.static: set[int] = set()  # where `static` locals are declared: not locals to spatch
        for block in tree.nodes("compound_statement"):
            for item in block.children:
                if type(item) is CNode and item.kind == "declaration":
                    if any(text[t.start:t.end] == "static" for t in item.children[0].tokens()):
                        self.static.add(item.start)
                    for name, _, is_function in declared(item, text):
                        if not is_function:
                            self.by_name.setdefault(name, []).append((block.start, block.end, item.start))
        for function in tree.nodes("for_statement"):
            for item in function.children:
                if type(item) is CNode and item.kind == "declaration":
                    for name, _, _ in declared(item, text):
                        self.by_name.setdefault(name, []).append((function.start, function.end, item.start))

    def of(self, name: str, at: int) -> int:
        """Where the declaration that `name` used at offset `at` refers to was made."""
        best = None
        for start, end, declared_at in self.by_name.get(name, ()):
            if start <= at < end and declared_at <= at and (best is None or start >= best[0]):
                best = (start, declared_at)
        return best[1] if best is not None else OUTSIDE

    def is_local(self, name: str, at: int) -> bool:
        """Is `name` at `at` a parameter or a (non-static) local of its function?"""
        where = self.of(name, at)
        return where != OUTSIDE and where not in self.static
