"""One script rule within a file's run of the rules: run it once per distinct tuple of the
values it inherits, and record what it keeps for the rules after it.

As in spatch: a script whose inherited rule bound nothing does not run, unless every value it
takes from that rule has a default; a script with no inherited values runs once. After
`cocci.include_match(False)` the tuple's environments are dropped (later rules that inherit
from the rules it came from no longer see it); otherwise the script's result carries its own
metavariables (`coccinelle.x = ...`) and the tuple it ran on.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from refactor.engine.bindings import Binding
from refactor.engine.environments import Env, Environments
from refactor.findings import Printed
from refactor.scripts.host import ScriptHost
from refactor.smpl.scripts import CompiledScript


@dataclass(slots=True)
class ScriptStep:
    printed: list[Printed] = field(default_factory=list)
    matched: bool = False  # the script ran and kept at least one environment
    emptied: set[str] = field(default_factory=set)  # rules whose every result was dropped
    exit: bool = False  # cocci.exit(): the rule file stops for this file


def run_script_rule(script: CompiledScript, host: ScriptHost, envs: Environments,
                    matched: set[str] | None = None, defined: frozenset[str] = frozenset()) -> ScriptStep:
    """`matched`/`defined`: the rules that matched and the virtual names, for a `depends on`
    judged per inherited tuple (None: judged already)."""
    step = ScriptStep()
    inherited = script.inherited
    runs = envs.inputs(inherited, script.defaults) if inherited else [({}, [{}])]
    if inherited and matched is not None:
        runs = envs.satisfying(runs, script.rule.depends, matched, defined)
    kept: list[Env] = []
    for values, lineages in runs:
        result = host.run(script, values)
        step.printed.extend(result.printed)
        if result.exit:
            step.exit = True
            break
        tuple_ran_on = {
            f"{inherited[local][0]}.{inherited[local][1]}": value
            for local, value in values.items() if isinstance(value, Binding)
        }
        if not result.keep:
            step.emptied |= envs.drop(tuple_ran_on)
            continue
        own = {name: binding for name, binding in result.outputs.items() if binding is not None}
        kept.extend({**lineage, **tuple_ran_on, **own} for lineage in lineages)
    envs.record(script.rule.name, kept)
    step.matched = bool(kept)
    return step
