"""Fresh identifiers: names a rule makes up for the code it adds (`fresh identifier f = "p_" ## x;`).

The name is the seed's parts pasted together, each metavariable part replaced by the code it
bound (its words, without layout), once per match.
"""
from __future__ import annotations

from refactor.c.tree import CNode
from refactor.engine.bindings import Binding, Match
from refactor.smpl.model import MetaVar, SeedMeta


def with_fresh_identifiers(metavars: dict[str, MetaVar], match: Match) -> Match:
    fresh = [m for m in metavars.values() if m.kind == "fresh identifier"]
    if not fresh:
        return match
    env = match.env
    for metavar in fresh:
        name = "".join(_part(part, env.bindings) for part in metavar.seed)
        env = env.bind(Binding(metavar.name, CNode("fresh", 0, 0, ()), (name,), name))
    return Match(env, match.start, match.end, match.braceless_body)


def _part(part, bindings: dict[str, Binding]) -> str:
    if type(part) is SeedMeta:
        return "".join(bindings[part.name].words)
    return part.text
