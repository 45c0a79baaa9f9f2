"""Checks of a transformation rule that look at more than one line or declaration.

- A rule with `*` lines (context mode) reports, one with `-`/`+` lines changes: spatch refuses
  a rule that does both, and so do we.
- The parameters of a script constraint or a script seed must be metavariables the rule
  declares, so that the match binds them; only Python code runs.
"""
from __future__ import annotations

from refactor.smpl.model import MetaVar, Rule, SmplError


def refuse_mixed_context(rule: Rule, path: str) -> None:
    """A rule with `*` lines reports; one with `-`/`+` lines changes: spatch refuses both at once."""
    starred = next((line for line in rule.body if line.marker == "*"), None)
    changed = next((line for line in rule.body if line.marker in ("-", "+", "++")), None)
    if starred is not None and changed is not None:
        raise SmplError(path, max(starred.line, changed.line), 1, "a rule cannot have both '*' lines and '-' or '+' lines",
                        "put the '*' lines (context mode) and the changes in rules of their own")


def check_script_params(metavar: MetaVar, declared: set[str], path: str) -> None:
    """The parameters of a script constraint or seed are metavariables the rule declares (an
    inherited one by its local name), so that the match binds them."""
    script = metavar.seed if type(metavar.seed).__name__ == "ScriptConstraint" else metavar.constraint
    if type(script).__name__ != "ScriptConstraint":
        return
    if script.language != "python":
        raise SmplError(path, metavar.line, metavar.column, f"script:{script.language} code is not supported (only Python runs here)")
    for param in script.params:
        if param.split(".")[-1] not in declared:
            raise SmplError(path, metavar.line, metavar.column, f"the script of '{metavar.name}' uses '{param}', which the rule does not declare",
                            f"declare it in the rule (e.g. 'expression {param};')")
