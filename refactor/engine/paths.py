"""`...` between statements, with Coccinelle's meaning: along the control-flow paths of the code.

`A; ... B;` matches where, from A, control reaches B: into branches and loops, out of them,
through `goto`. By default (a rule that changes code) every path from A must reach B, and the
`...` stops at the first B of each path (so B matches once per path, not at every later B);
with `exists` (on the rule, or `when exists` on the dots) one path is enough, and with
`when any` the dots may go on past a B. A path that meets code the `when != X` clauses
forbid, or leaves the block without B, is a counterexample: the match fails under forall, and
that path is dropped under exists. A path that comes back round a loop to code it has seen
is not followed again.

The matched statements can thus lie in different branches: a pattern position may match in
several places at once (`f(X);` in both branches of an if). Each complete way through is
its own environment, and the transformer makes the edits of each; identical edits are made
once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from refactor.c.cfg import Graph, graph_of
from refactor.c.tree import CNode
from refactor.engine.bindings import Env
from refactor.engine.nests import attach, matches_in_statements
from refactor.source import Span

if TYPE_CHECKING:
    from refactor.engine.match import Matcher

_NOT_MATCHED = frozenset({"do_tail", "exit"})
_HEADS = frozenset({"if", "loop", "switch"})  # nodes that are part of a statement matched elsewhere


def is_statement_dots(p) -> bool:
    return type(p) is CNode and p.kind in ("dots_statement", "nest_statements")


def continue_sequence(m: "Matcher", ps: list, i: int, cs: list, j: int, env: Env, prefix: bool) -> Iterator[tuple[Env, int]]:
    """Match ps[i:] (ps[i] is a `...` or a nest) against the statements cs[j:] of one block,
    along the paths of the block's control-flow graph. Yields (env, how many of cs it covers)."""
    braced = bool(cs) and _is(m.ctext, cs[0], "{") and _is(m.ctext, cs[-1], "}")
    statements = cs[1:-1] if braced else cs
    if braced and not (ps and _is(m.ptext, ps[-1], "}")):
        return
    rest = ps[i:-1] if braced else ps[i:]
    graph = m.graph(statements, cs[0].end if braced else (cs[-1].end if cs else 0))
    k = j - (1 if braced else 0)
    if k < len(statements):
        start = graph.node_of(statements[k])
        if start is None:
            return
    else:
        start = graph.exit
    for env2 in walk(m, graph, rest, 0, start, env, prefix and not braced):
        if braced:
            for env3 in m.match(ps[-1], cs[-1], env2):
                yield env3, len(cs)
        else:
            yield env2, _covered(statements, env2)


def walk(m: "Matcher", graph: Graph, ps: list, i: int, node: int, env: Env, prefix: bool, inside: bool = False) -> Iterator[Env]:
    """Match ps[i:] from `node` on; without `prefix` the pattern must end where the graph does.
    `inside`: the pattern goes on from within the control head `node` (its condition matched),
    into its branches."""
    if i == len(ps):
        if prefix or node == graph.exit:
            yield env
        return
    p = ps[i]
    if is_statement_dots(p):
        yield from _dots(m, graph, ps, i, node, env, prefix, inside)
        return
    if node == graph.exit or graph.nodes[node].role in _NOT_MATCHED:
        return
    current = graph.nodes[node]
    for env2 in m.match(p, current.element, env):
        if p.kind == "bare_expression" and current.role in _HEADS and i + 1 < len(ps) and is_statement_dots(ps[i + 1]):
            # `E ... B` where E is in an if's (a loop's, a switch's) condition: the dots go on
            # from the test into the branches (`if (dec_and_test(&x->n)) kfree(x);`), as in spatch
            yield from walk(m, graph, ps, i + 1, node, env2, prefix, inside=True)
        else:
            yield from walk(m, graph, ps, i + 1, _next(graph, node), env2, prefix)


def _dots(m: "Matcher", graph: Graph, ps: list, i: int, node: int, env: Env, prefix: bool, inside: bool = False) -> Iterator[Env]:
    p = ps[i]
    opening = p.children[0]
    forbidden = m.pattern.when_not.get(opening.start, ())
    mode = m.path_mode(opening)
    at = _position(graph, node)
    target = ps[i + 1] if i + 1 < len(ps) else None
    if target is not None and is_statement_dots(target):
        return  # `... ...`: nothing to tell the two apart
    # The dots do not run over another occurrence of the statement before them: `a(); ... b();`
    # on `a(); a(); b();` matches from the second a() only (spatch's shortest paths).
    previous = ps[i - 1] if i > 0 and not is_statement_dots(ps[i - 1]) else None
    reached = _reach(m, graph, node, target, forbidden, env, mode, previous, m.forbidden_branches(opening), inside, opening)
    if reached is None:
        return
    ends, visited = reached
    if mode[0] != "exists" and len(ends) > 1:
        shared = m.names_added_before(opening)
        if any(len({e.bindings[name].words for _, e in ends if name in e.bindings}) > 1 for name in shared):
            return  # code added once before the dots cannot take a different value on each path
    # What the dots stand for, for `- ...` and for code added after them: the statements passed
    # over, up to the first place the next statement matched (or to the end of the block).
    limit = graph.nodes[ends[0][0]].element.start if ends else None
    passed = [
        graph.nodes[n].element.end for n in visited
        if (limit is None or graph.nodes[n].element.end <= limit)
        and graph.nodes[n].element.end <= graph.end  # (not past a goto out of the block)
    ]
    consumed = Span(at, max(passed, default=at))
    env = env.pair(opening, consumed)
    ends = [(n, e.pair(opening, consumed)) for n, e in ends]
    if p.kind == "nest_statements":
        env = env.pair(p.children[-1], Span(consumed.end, consumed.end))
        ends = [(n, e.pair(p.children[-1], Span(consumed.end, consumed.end))) for n, e in ends]
    if p.kind == "nest_statements":
        run = [part for n in visited for part in ((graph.nodes[n].element,) if _simple(graph, n) else graph.nodes[n].own)]
        wholes = [graph.nodes[n].element for n in visited if graph.nodes[n].role in _HEADS and graph.nodes[n].element is not None]
        inside = matches_in_statements(m, p, run, env, wholes)
        if m.pattern.nests[opening.start].at_least_once and not inside:
            return
        attached = attach(m, env, opening.start, inside)
        if attached is None:
            return
        env = attached
        ends = [(n, e2) for n, e in ends if (e2 := attach(m, e, opening.start, inside)) is not None]
    if target is None:
        yield from walk(m, graph, ps, i + 1, graph.exit, env, prefix)
        return
    for n, env2 in ends:
        yield from walk(m, graph, ps, i + 2, _next(graph, n), env2, prefix)


def _reach(m: "Matcher", graph: Graph, start: int, target, forbidden, env: Env, mode, previous=None, branches=(), inside=False,
           dots=None):
    """Where `target` is first met on the paths from `start`, and the nodes passed over; None
    when a counterexample path rules the match out (forall) or no path reaches it. `inside`:
    the paths start in the branches of the control head `start`, not at it."""
    quantifier, go_past = mode
    stoppers = m.stoppers(dots, target) if target is not None and dots is not None else ()
    exited = False
    ends: list[tuple[int, Env]] = []
    visited: list[int] = []
    # (node, reached by a return, the target met on the way: only with `when any`)
    stack: list[tuple[int, bool, bool]] = [(start, False, False)]
    seen: set[tuple[int, bool]] = set()
    while stack:
        n, returned, met = stack.pop()
        if (n, met) in seen and n != graph.exit:
            continue
        seen.add((n, met))
        node = graph.nodes[n]
        if inside and n == start and not met:
            inside = False  # the head's own test was the statement before the dots
            stack.extend((successor, False, False) for successor in reversed(node.successors))
            continue
        if n == graph.exit:
            # Falling off the end without the target is a counterexample; a path that returns
            # early is one only under `when strict`.
            if target is not None and not met and (quantifier == "strict" or quantifier == "forall" and not returned):
                return None
            exited = True
            continue
        if target is not None and node.role not in _NOT_MATCHED:
            # every way it matches here: `c@p` among statements binds each use of c in the node
            found_all = _distinct_envs(m.match(target, node.element, env))
            found = found_all[0] if found_all else None
            if stoppers and not go_past and any(
                (earlier or found is None) and next(iter(sibling.match(element, node.element, env)), None) is not None
                for earlier, sibling, element in stoppers
            ):
                continue  # another alternative's code is met first here: this path is its own
            if found is not None:
                if n not in {end for end, _ in ends}:
                    ends.extend((n, one) for one in found_all)
                if not go_past:
                    continue
                met = True
        again = previous is not None and node.role not in _NOT_MATCHED and next(iter(m.match(previous, node.element, env)), None)
        if again or forbidden and (
            any(m._contains(part, forbidden, env) for part in node.own)
            # `when != if (...) S1 else S2`: a control statement as a whole, at its head
            or node.role in _HEADS and node.element is not None and m._matches_here(node.element, forbidden, env)
        ):
            if quantifier != "exists":
                return None
            continue
        if n not in visited:
            visited.append(n)
        returns = node.element is not None and node.element.kind == "return_statement"
        successors = list(node.successors)
        for truth, condition in branches:
            # `when != true E`: not into the branch taken when E (an if's or loop's test) is true
            if node.role in ("if", "loop") and len(successors) == 2 and node.own and any(
                next(iter(m.match(condition, part, env)), None) is not None for part in node.own
            ):
                barred = successors[0] if truth == "true" else successors[1]
                if quantifier != "exists":
                    return None
                successors = [s for s in successors if s != barred]
        stack.extend((successor, returns, met) for successor in reversed(successors))
    if target is not None and not ends:
        return None
    if target is None and not exited:
        return None  # `... when != X` to the end: no path gets there without X
    ends.sort(key=lambda end: graph.nodes[end[0]].element.start)
    return ends, visited


def _next(graph: Graph, n: int) -> int:
    """Where a pattern goes on after matching node n as a whole: after the statement, except
    that control leaves at a return (`return ...; }` of a branch whose dots went through a
    goto to `found: ... return ptr; fail: ...` ends there, not at `fail:`)."""
    node = graph.nodes[n]
    if node.role == "jump" and node.element.kind == "return_statement":
        return graph.exit
    return node.after


def _distinct_envs(envs) -> list[Env]:
    """The environments, one per distinct set of bindings, in order."""
    out, seen = [], set()
    for env in envs:
        key = tuple(sorted((name, b.words) for name, b in env.bindings.items()))
        if key not in seen:
            seen.add(key)
            out.append(env)
    return out


def _simple(graph: Graph, n: int) -> bool:
    return graph.nodes[n].role in ("statement", "jump")


def _position(graph: Graph, node: int) -> int:
    element = graph.nodes[node].element
    return element.start if element is not None else graph.end


def _covered(statements: list, env: Env) -> int:
    """How many of the block's statements the match reaches into (for the window it reports)."""
    ends = [e.end for e in env.pairs.values() if e.end > e.start]
    last = max(ends) if ends else 0
    return max((k + 1 for k, s in enumerate(statements) if s.start < last), default=0)


def _is(text: str, element, word: str) -> bool:
    return type(element) is not CNode and text[element.start:element.end] == word


__all__ = ["continue_sequence", "graph_of", "is_statement_dots", "walk"]
