"""Control-flow graphs of statement lists: what `...` between two statements walks along.

A graph covers one list of statements (a function's body, or any block): one node per
statement, declaration and label, and one per control head (`if (...)`, a loop's header,
`switch (...)`, the `while (...)` of a do-while), with edges for every way control goes on:
into either branch of an if, round a loop and out of it, to each case of a switch (and
through from one case to the next), out of a loop or switch by `break`, back by `continue`,
to a label by `goto`. Control leaving the list (falling off its end, `return`, a jump to a
label outside it) goes to one exit node. Iterator macros (`list_for_each_entry(...) {}`)
are loops; `do { } while (0)` runs its body once.

Each node also knows `after`: where control goes once the whole statement is done, which is
where a pattern continues when it matched the statement as a whole (`if (E) S1 else S2`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from refactor.c.tree import CNode

_LOOPS = frozenset({"while_statement", "for_statement", "iterator_statement"})


@dataclass(slots=True)
class Node:
    element: CNode | None  # the statement; None for the exit
    role: str  # statement, if, loop, switch, do, do_tail, label, jump, exit
    own: tuple  # the parts evaluated at this node: a head's condition, a whole simple statement
    successors: list[int] = field(default_factory=list)
    after: int = -1  # the node after the whole statement


@dataclass(slots=True)
class Graph:
    nodes: list[Node]
    entry: int
    exit: int
    by_statement: dict[tuple[int, int, str], int]  # (start, end, kind) of a statement -> its node
    end: int = 0  # where the statements end (where an empty block's inside is)

    def node_of(self, statement: CNode) -> int | None:
        return self.by_statement.get((statement.start, statement.end, statement.kind))


def own_parts(s: CNode) -> tuple:
    """What a statement evaluates itself, apart from the statements inside it: the condition of
    an if, while or switch, the header of a for or an iterator, the whole of a simple statement."""
    children = s.children
    if s.kind in ("if_statement", "switch_statement", "while_statement"):
        return (children[2],)
    if s.kind in _LOOPS:
        return tuple(c for c in children[:-1] if type(c) is CNode)
    if s.kind == "do_statement":
        return (children[4],)
    if s.kind in ("compound_statement", "label", "labeled_statement"):
        return ()
    return (s,)


def graph_of(statements: list, text: str, end: int = 0, function_body: list | None = None) -> Graph:
    """The control-flow graph of a list of statements (the children of a block, braces excluded);
    `end` is where they end (needed when there are none).

    With `function_body` (the statements of the function the block is in), a `goto` out of the
    block goes on at its label in the function, to the function's end, as in spatch: the
    paths of `if (...) { ... return ...; }` in a rule follow `goto out;` to `out: return rc;`
    (mini_lock.cocci). Those nodes come after the block's own; the exit is then the end of the
    function for them."""
    builder = _Builder(text)
    exit_ = builder.add(None, "exit", ())
    entry = builder.sequence(list(statements), exit_, _Targets(None, None))
    inner_gotos, inner_labels = builder.gotos, builder.labels
    outer_labels: dict[str, int] = {}
    if function_body and any(label not in inner_labels for _, label in inner_gotos):
        builder.gotos, builder.labels = [], {}
        builder.sequence(list(function_body), exit_, _Targets(None, None))
        outer_labels = builder.labels
        for node, label in builder.gotos:
            builder.nodes[node].successors = [outer_labels.get(label, exit_)]
    for node, label in inner_gotos:
        builder.nodes[node].successors = [inner_labels.get(label, outer_labels.get(label, exit_))]
    return Graph(builder.nodes, entry, exit_, builder.by_statement, statements[-1].end if statements else end)


@dataclass(frozen=True, slots=True)
class _Targets:
    break_to: int | None
    continue_to: int | None


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes: list[Node] = []
        self.labels: dict[str, int] = {}
        self.gotos: list[tuple[int, str]] = []
        self.by_statement: dict[tuple[int, int, str], int] = {}

    def add(self, element, role: str, own: tuple, successors=(), after: int = -1) -> int:
        self.nodes.append(Node(element, role, own, list(successors), after))
        index = len(self.nodes) - 1
        if element is not None and role not in ("do_tail",):
            self.by_statement.setdefault((element.start, element.end, element.kind), index)
        return index

    def sequence(self, statements: list, following: int, targets: _Targets) -> int:
        for statement in reversed(statements):
            following = self.statement(statement, following, targets)
        return following

    def statement(self, s, following: int, targets: _Targets) -> int:
        if type(s) is not CNode:  # a stray token (`;` of an empty statement in some shapes)
            return following
        kind = s.kind
        children = s.children
        if kind == "compound_statement":
            return self.sequence(list(children[1:-1]), following, targets)
        if kind == "labeled_statement":  # a label on a branch's body: the label, then the body
            return self.sequence(list(children), following, targets)
        if kind == "if_statement":
            then_entry = self.statement(children[4], following, targets)
            else_entry = self.statement(children[6], following, targets) if len(children) > 6 else following
            return self.add(s, "if", own_parts(s), [then_entry, else_entry], following)
        if kind in _LOOPS:
            head = self.add(s, "loop", own_parts(s), [], following)
            body = self.statement(children[-1], head, _Targets(following, head))
            self.nodes[head].successors = [body, following]
            return head
        if kind == "do_statement":
            tail = self.add(s, "do_tail", own_parts(s), [], following)
            head = self.add(s, "do", (), [], following)
            body = self.statement(children[1], tail, _Targets(following, tail))
            self.nodes[head].successors = [body]
            once = self.word(children[4]) == "0"  # do { ... } while (0)
            self.nodes[tail].successors = [following] if once else [body, following]
            return head
        if kind == "switch_statement":
            return self.switch(s, following, targets)
        if kind == "return_statement":
            return self._jump(s, 0, following)
        if kind == "break_statement":
            return self._jump(s, targets.break_to if targets.break_to is not None else 0, following)
        if kind == "continue_statement":
            return self._jump(s, targets.continue_to if targets.continue_to is not None else 0, following)
        if kind == "goto_statement":
            node = self._jump(s, 0, following)
            label = children[1]
            if type(label) is not CNode and label.kind == "IDENT":
                self.gotos.append((node, self.word(label)))
            return node
        if kind == "label":
            node = self.add(s, "label", (), [following], following)
            if type(children[0]) is not CNode and children[0].kind == "IDENT":
                self.labels[self.word(children[0])] = node
            return node
        return self.add(s, "statement", (s,), [following], following)

    def word(self, element) -> str:
        return self.text[element.start:element.end] if type(element) is not CNode else ""

    def _jump(self, s: CNode, target: int, following: int) -> int:
        """return, break, continue, goto: control leaves for `target` (0 is the exit)."""
        return self.add(s, "jump", (s,), [target], following)

    def switch(self, s: CNode, following: int, targets: _Targets) -> int:
        head = self.add(s, "switch", own_parts(s), [], following)
        body = s.children[4]
        items = list(body.children[1:-1]) if type(body) is CNode and body.kind == "compound_statement" else [body]
        inner = _Targets(following, targets.continue_to)
        self.sequence(items, following, inner)
        cases = [
            self.by_statement[(item.start, item.end, item.kind)]
            for item in items
            if type(item) is CNode and item.kind == "label" and type(item.children[0]) is not CNode
            and item.children[0].kind in ("case", "default")
        ]
        has_default = any(
            type(item) is CNode and item.kind == "label" and type(item.children[0]) is not CNode and item.children[0].kind == "default"
            for item in items
        )
        self.nodes[head].successors = cases + ([] if has_default else [following])
        return head
