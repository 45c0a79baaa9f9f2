"""Fresh identifiers: names a rule makes up for the code it adds (`fresh identifier f = "p_" ## x;`).

The name is the seed's parts pasted together, each metavariable part replaced by the code it
bound (its words, without layout), once per match; or what the seed's Python code returns.
"""
from __future__ import annotations

from refactor.c.tree import CNode
from refactor.engine.bindings import Binding, Match
from refactor.smpl.model import MetaVar, SeedMeta


def with_fresh_identifiers(metavars: dict[str, MetaVar], match: Match, evaluate=None) -> Match:
    """`evaluate(code, bindings)` runs a Python seed (`= script:python (x) { "p_" + x }`) in
    the rule file's script namespace, with its parameters bound by their local names."""
    fresh = [m for m in metavars.values() if m.kind == "fresh identifier"]
    if not fresh:
        return match
    env = match.env
    for metavar in fresh:
        if isinstance(metavar.seed, tuple):
            name = "".join(_part(part, env.bindings) for part in metavar.seed)
        else:
            params = {p.split(".")[-1]: env.bindings[p.split(".")[-1]] for p in metavar.seed.params}
            name = str(evaluate(metavar.seed.text, params))
        env = env.bind(Binding(metavar.name, CNode("fresh", 0, 0, ()), (name,), name))
    return Match(env, match.start, match.end, match.braceless_body)


def _part(part, bindings: dict[str, Binding]) -> str:
    if type(part) is SeedMeta:
        return "".join(bindings[part.name].words)
    return part.text
