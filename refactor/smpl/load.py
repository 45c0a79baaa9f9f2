"""Load a rule file: parse it, check its metavariables, compile its rules, in that order.

The one entry point from rule text to compiled rules (the CLI, `refactor test` and the API all
come here). Whatever goes wrong comes out as one SmplError completed for its reader (the line, a
caret, a hint: refactor.smpl.errors); what is merely suspicious comes back as warnings.
"""
from __future__ import annotations

from dataclasses import dataclass

from refactor.smpl.checks import check_metavariables
from refactor.smpl.compile import CompiledRule
from refactor.smpl.errors import SmplWarning, explain
from refactor.smpl.model import RuleFile, SmplError
from refactor.smpl.parser import parse_rule_file
from refactor.smpl.rule_set import compile_rules


@dataclass(frozen=True, slots=True)
class LoadedRules:
    rule_file: RuleFile
    compiled: tuple[CompiledRule, ...]
    warnings: tuple[SmplWarning, ...]


def load_rule_file(text: str, path: str = "<rule>", defined: frozenset[str] | None = None) -> LoadedRules:
    """Parse, check and compile the rule file `text`; SmplError (explained) when it is bad. With
    `defined` (the virtual names given), the rules they rule out are not compiled."""
    try:
        rule_file = parse_rule_file(text, path)
        warnings = check_metavariables(rule_file, text)
        compiled = tuple(compile_rules(rule_file, path, defined))
    except SmplError as error:
        raise explain(error, text) from None
    return LoadedRules(rule_file, compiled, tuple(explain(w, text) for w in warnings))
