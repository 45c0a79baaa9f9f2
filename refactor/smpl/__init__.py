"""The rule side: `.cocci` files (SmPL) read into a model of rules, metavariables and bodies.

`parse_rule_file` is the entry point; the model types are re-exported here. Compiling rule bodies
into C patterns is a later stage and lives elsewhere.

The parser is imported on first use (`refactor.smpl.parse_rule_file`): it imports Lark, which
the modules of the model, compiled patterns and checks do not need.
"""
from refactor.smpl.model import (
    BodyLine, Constraint, ConstraintAnd, ConstraintNot, ConstraintOr, DepAnd, DepEver, DepFileIn,
    DepName, DepNever, DependsExpr, DepNot, DepOr, MetaVar, RegexConstraint, Rule, RuleFile,
    ScriptBinding, ScriptConstraint, Seed, SeedMeta, SeedText, SmplError, SubtermConstraint, ValueSet,
    dependency_names,
)

__all__ = [
    "BodyLine", "Constraint", "ConstraintAnd", "ConstraintNot", "ConstraintOr", "DepAnd", "DepEver",
    "DepFileIn", "DepName", "DepNever", "DependsExpr", "DepNot", "DepOr", "MetaVar", "RegexConstraint",
    "Rule", "RuleFile", "ScriptBinding", "ScriptConstraint", "Seed", "SeedMeta", "SeedText", "SmplError",
    "SubtermConstraint", "ValueSet", "dependency_names", "parse_rule_file",
]


def __getattr__(name: str):
    if name == "parse_rule_file":
        from refactor.smpl.parser import parse_rule_file

        return parse_rule_file
    raise AttributeError(f"module 'refactor.smpl' has no attribute {name!r}")
