"""Where a nest's pattern occurs: every match of P inside the code a `<... P ...>` stands for.

The code a nest covers is searched at any depth (statements inside blocks and braceless
branches too: along the straight line, a path through the run goes through them), for
non-overlapping matches, outermost and earliest first. Each match keeps its own bindings and
pairs, on top of the bindings of the enclosing match, and becomes a Match of its own for the
transformer. Metavariables bound inside a nest stay inside it, as in Coccinelle.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from refactor.c.tree import CNode
from refactor.engine.bindings import Env, Match
from refactor.engine.places import EXPRESSION_NODES, EXPRESSION_TOKENS, braceless_body, in_expression

if TYPE_CHECKING:
    from refactor.engine.match import Matcher


def matches_in_statements(matcher: "Matcher", nest: CNode, run: list, env: Env, wholes: list = ()) -> list[Match]:
    """Matches of the nest's pattern in the statements `run`, and in every block inside them;
    `wholes`: control statements (if, loops) whose parts are in `run` piece by piece (their
    tests, their branches' statements), which a nest of statements may match as a whole
    (`<... if (x > y) { ... } else { ... } ...>`)."""
    inside = list(nest.children[1:-1])
    if nest.children[0].kind == "STATEMENT_NEST_OPEN":  # an expression, anywhere in the statements
        found = [m for element in run for m in _expression_matches(matcher, inside[0], element, None, 0, env)]
        return _outermost(found, matcher)
    found: list[Match] = []
    for whole in wholes:
        for env2, last in matcher._seq(inside, [whole], 0, 0, env, prefix=True):
            if last:
                found.append(Match(env2, whole.start, whole.end, None))
                break
    for sequence, braceless in _sequences(run):
        for first in range(len(sequence)):
            for env2, last in matcher._seq(inside, sequence, 0, first, env, prefix=True):
                if last > first:
                    found.append(Match(env2, sequence[first].start, sequence[last - 1].end, braceless))
                    break
    return _outermost(found, matcher)


def matches_in_expression(matcher: "Matcher", inside, element, env: Env) -> list[Match]:
    """Matches of an expression nest's pattern in the C expression `element`, itself included."""
    return _outermost(list(_expression_matches(matcher, inside, element, None, 0, env)), matcher)


def is_expression(element) -> bool:
    return element.kind in (EXPRESSION_NODES if type(element) is CNode else EXPRESSION_TOKENS)


def _sequences(run: list):
    """The run itself, the statements of every block inside it, and every braceless branch
    (a sequence of one), each with where its braceless body starts (None when braced)."""
    yield run, None
    stack = [(element, None, 0) for element in run]
    while stack:
        element, parent, index = stack.pop()
        if type(element) is not CNode:
            continue
        body = braceless_body(parent, index, element)
        if body is not None:
            yield [element], body
        if element.kind == "compound_statement":
            yield list(element.children[1:-1]), None
        stack.extend((child, element, i) for i, child in enumerate(element.children))


def _expression_matches(matcher: "Matcher", pattern, element, parent, index: int, env: Env):
    lone_token = type(pattern) is not CNode
    # A metavariable bound already (`kfree(E); ... E@p` with E `priv->name`) is sought as the
    # code it stands for, a whole expression too; an unbound one alone takes single words.
    bound = lone_token and matcher.pattern.meta_at.get(pattern.start) in env.bindings
    stack = [(element, parent, index)]
    while stack:
        current, owner, at = stack.pop()
        if not lone_token or ((bound or type(current) is not CNode) and (owner is None or in_expression(owner, at))):
            first = next(iter(matcher.match(pattern, current, env)), None)
            if first is not None:
                yield Match(first, current.start, current.end)
                continue  # outermost: not again inside what matched
        if type(current) is CNode:
            stack.extend((child, current, i) for i, child in reversed(list(enumerate(current.children))))


def _outermost(found: list[Match], matcher: "Matcher") -> list[Match]:
    """Non-overlapping matches, outermost and earliest first, each with its types checked."""
    chosen: list[Match] = []
    for match in sorted(found, key=lambda m: (m.start, -m.end)):
        checked = matcher.types.first([(match.env, None)])
        if checked is None:
            continue
        match = Match(checked[0], match.start, match.end, match.braceless_body)
        if all(match.start >= c.end or match.end <= c.start for c in chosen):
            chosen.append(match)
    return chosen


def attach(matcher: "Matcher", env: Env, nest_start: int, inside: list[Match]) -> Env | None:
    """`env` with the matches of a nest's pattern. What they bind that `env` does not is seen
    after the nest too (`<+... g(x); ...+>` then `+ h(x);`), when every match binds it alike;
    when they differ, code added outside the nest could not say which, and the match is dropped
    rather than guessed."""
    env = env.with_nested(nest_start, inside)
    values: dict[str, set] = {}
    for match in inside:
        for name, binding in match.env.bindings.items():
            if name not in env.bindings:
                values.setdefault(name, set()).add(binding.words)
    used_outside = matcher.names_added_outside_nests()
    for name, seen in values.items():
        if len(seen) == 1:
            env = env.bind(next(m.env.bindings[name] for m in inside if name in m.env.bindings))
        elif name in used_outside:
            return None
    return env
