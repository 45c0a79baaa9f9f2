"""The rule side: `.cocci` files (SmPL) read into a model of rules, metavariables and bodies.

`parse_rule_file` is the entry point; the model types are re-exported here. Compiling rule bodies
into C patterns is a later stage and lives elsewhere.
"""
from refactor.smpl.model import (
    BodyLine, Constraint, ConstraintAnd, ConstraintNot, ConstraintOr, DepAnd, DepEver, DepFileIn,
    DepName, DepNever, DependsExpr, DepNot, DepOr, MetaVar, RegexConstraint, Rule, RuleFile,
    ScriptBinding, ScriptConstraint, Seed, SeedMeta, SeedText, SmplError, SubtermConstraint, ValueSet,
    dependency_names,
)
from refactor.smpl.parser import parse_rule_file

__all__ = [
    "BodyLine", "Constraint", "ConstraintAnd", "ConstraintNot", "ConstraintOr", "DepAnd", "DepEver",
    "DepFileIn", "DepName", "DepNever", "DependsExpr", "DepNot", "DepOr", "MetaVar", "RegexConstraint",
    "Rule", "RuleFile", "ScriptBinding", "ScriptConstraint", "Seed", "SeedMeta", "SeedText", "SmplError",
    "SubtermConstraint", "ValueSet", "dependency_names", "parse_rule_file",
]
