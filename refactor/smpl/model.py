"""The rule-file model: what a `.cocci` file says, before any of it is compiled or matched.

A RuleFile is a sequence of Rules; a transform rule has metavariable declarations and a body of
marked lines, a script rule has bindings and script text. Everything is a frozen value carrying
the line (and, for metavariables, the column) it came from, so that later stages can report
errors against the rule file. Nothing here knows about C: rule bodies stay text, one BodyLine per
line, with the column-0 marker split off, because that is how Coccinelle reads them and the
compile step needs exactly that to build minus/plus patterns.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, TypeAlias

# ---------------------------------------------------------------------------------------------
# Dependencies between rules (`depends on ...` in a rule header)


@dataclass(frozen=True, slots=True)
class DepName:
    """`r`: rule (or virtual) r matched in the current environment."""

    name: str

    def evaluate(self, satisfied: Callable[[str], bool], in_file: Callable[[str], bool] | None = None) -> bool:
        return satisfied(self.name)


@dataclass(frozen=True, slots=True)
class DepEver:
    """`ever r`: r matched in some environment (we do not distinguish environments here)."""

    name: str

    def evaluate(self, satisfied: Callable[[str], bool], in_file: Callable[[str], bool] | None = None) -> bool:
        return satisfied(self.name)


@dataclass(frozen=True, slots=True)
class DepNever:
    """`never r`: r matched in no environment."""

    name: str

    def evaluate(self, satisfied: Callable[[str], bool], in_file: Callable[[str], bool] | None = None) -> bool:
        return not satisfied(self.name)


@dataclass(frozen=True, slots=True)
class DepFileIn:
    """`file in "dir"`: the file being processed is `dir` or lies below it.

    Only the caller knows the file, so evaluating one needs `in_file`; without it we refuse
    rather than guess.
    """

    path: str

    def evaluate(self, satisfied: Callable[[str], bool], in_file: Callable[[str], bool] | None = None) -> bool:
        if in_file is None:
            raise ValueError(f'`file in "{self.path}"` needs an in_file predicate to be evaluated')
        return in_file(self.path)


@dataclass(frozen=True, slots=True)
class DepNot:
    expr: DependsExpr

    def evaluate(self, satisfied: Callable[[str], bool], in_file: Callable[[str], bool] | None = None) -> bool:
        return not self.expr.evaluate(satisfied, in_file)


@dataclass(frozen=True, slots=True)
class DepAnd:
    a: DependsExpr
    b: DependsExpr

    def evaluate(self, satisfied: Callable[[str], bool], in_file: Callable[[str], bool] | None = None) -> bool:
        return self.a.evaluate(satisfied, in_file) and self.b.evaluate(satisfied, in_file)


@dataclass(frozen=True, slots=True)
class DepOr:
    a: DependsExpr
    b: DependsExpr

    def evaluate(self, satisfied: Callable[[str], bool], in_file: Callable[[str], bool] | None = None) -> bool:
        return self.a.evaluate(satisfied, in_file) or self.b.evaluate(satisfied, in_file)


DependsExpr: TypeAlias = DepName | DepEver | DepNever | DepFileIn | DepNot | DepAnd | DepOr


def dependency_names(expr: DependsExpr | None) -> tuple[str, ...]:
    """The rule and virtual names an expression mentions, in order, without repeats."""
    match expr:
        case None | DepFileIn():
            return ()
        case DepName(name=name) | DepEver(name=name) | DepNever(name=name):
            return (name,)
        case DepNot(expr=inner):
            return dependency_names(inner)
        case DepAnd(a=a, b=b) | DepOr(a=a, b=b):
            return tuple(dict.fromkeys(dependency_names(a) + dependency_names(b)))
    raise TypeError(expr)


# ---------------------------------------------------------------------------------------------
# Constraints on metavariables


@dataclass(frozen=True, slots=True)
class ValueSet:
    """`= {a, b}` / `= a` (negated=False) or `!= {a, b}` / `!= a` (negated=True).

    Values are kept as written, normalized to single spaces: identifiers, integers, inherited
    metavariables (`r.x`), types (`bool *`) or operators (`&&`), depending on the metavariable.
    """

    values: tuple[str, ...]
    negated: bool


@dataclass(frozen=True, slots=True)
class RegexConstraint:
    """`=~ "re"` (negated=False) or `!~ "re"` (negated=True); `pattern` is the text between the
    quotes, unprocessed (Coccinelle hands it to its regex engine as written)."""

    pattern: str
    negated: bool


@dataclass(frozen=True, slots=True)
class ScriptConstraint:
    """`: script:python (a, r.b) { expr }`: a boolean computed by script code. Also used for the
    seed of a fresh identifier computed by script (`= script:python(x) { ... }`)."""

    language: str
    text: str
    params: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SubtermConstraint:
    """`<= r.E` / `<= {a, b}`: the value is a subterm of one of the given metavariables."""

    of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConstraintNot:
    inner: Constraint


@dataclass(frozen=True, slots=True)
class ConstraintAnd:
    a: Constraint
    b: Constraint


@dataclass(frozen=True, slots=True)
class ConstraintOr:
    a: Constraint
    b: Constraint


Constraint: TypeAlias = (
    ValueSet | RegexConstraint | ScriptConstraint | SubtermConstraint | ConstraintNot | ConstraintAnd | ConstraintOr
)


# ---------------------------------------------------------------------------------------------
# Fresh identifier seeds (`fresh identifier f = "prefix_" ## x;`)


@dataclass(frozen=True, slots=True)
class SeedText:
    """A string literal part of a seed, without its quotes."""

    text: str


@dataclass(frozen=True, slots=True)
class SeedMeta:
    """A metavariable part of a seed: its value is pasted in."""

    name: str
    rule: str | None = None


Seed: TypeAlias = tuple[SeedText | SeedMeta, ...] | ScriptConstraint


# ---------------------------------------------------------------------------------------------
# Metavariables, body lines, rules


@dataclass(frozen=True, slots=True)
class MetaVar:
    """One declared name of a rule, at the line and column of its declaration.

    `kind` is the declaration keyword(s) as Coccinelle spells them (`expression`, `local
    idexpression`, `statement list`, `position any`, `fresh identifier`, ...; `initialiser` is
    spelled `initializer`). A typed expression (`struct foo *x;`, `T x;`) has kind `expression` and
    its type in `type_text`. `typedef`, `symbol`, `declarer name`, `iterator name` and `attribute
    name` declare names rather than metavariables, but they are recorded the same way.
    """

    kind: str
    name: str
    line: int
    column: int
    type_text: str | None = None
    inherited_from: str | None = None
    constraint: Constraint | None = None
    list_length: str | None = None
    seed: Seed | None = None

    @property
    def qualified_name(self) -> str:
        """`r.x` for an inherited metavariable, `x` otherwise."""
        return f"{self.inherited_from}.{self.name}" if self.inherited_from else self.name


@dataclass(frozen=True, slots=True)
class BodyLine:
    """One line of a transform rule's body.

    `marker` is what column 0 says: `-` (remove), `+` (add), `++` (add, possibly several times),
    `*` (report a match), `?` (optional) or ` ` (context). `text` is the rest of the line after
    the marker; a context line keeps its whole text. A line inside a block comment that started
    on an earlier line takes the marker of the line the comment started on; it drops that marker
    from its text when it repeats it (each line of an added comment starts with `+`), and keeps its
    whole text otherwise (so ` * text` and `*/` in a comment are not `*` lines).
    """

    marker: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class ScriptBinding:
    """`local << rule.name;` in a script rule header (`x << r.x = "default";` sets `default`, the
    text of the default as written; `(s, ast) << r.x;` sets `ast_local`)."""

    local: str
    rule: str
    name: str
    default: str | None = None
    ast_local: str | None = None


RULE_KINDS = ("transform", "script", "initialize", "finalize")


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule: the `@...@` header, its declarations, and its body (or script code).

    `options` keeps the header words other than the name and `depends on`, normalized:
    `exists`, `forall`, `disable a, b`, `using "x.iso"`, `extends r`, and the parse-as annotation
    (`expression`, `identifier`, ...). A script rule's own new variables (`x;` without `<<`) are
    in `metavars` with kind `metavariable`.
    """

    name: str
    kind: str
    line: int
    depends: DependsExpr | None
    metavars: tuple[MetaVar, ...]
    body: tuple[BodyLine, ...]
    options: tuple[str, ...]
    script_language: str | None = None
    script_text: str | None = None
    script_bindings: tuple[ScriptBinding, ...] = ()
    script_line: int | None = None

    def metavar(self, name: str) -> MetaVar | None:
        """The metavariable declared under the local name `name`, if any."""
        return next((m for m in self.metavars if m.name == name), None)


@dataclass(frozen=True, slots=True)
class RuleFile:
    """A whole `.cocci` file: its rules in order, the virtual names it declares, and what it pulls
    in (`#include "x.cocci"` in `includes`, `using "x.iso"` in `isos`). `spatch_options` keeps the
    options of `#spatch ...` lines, which a rule file uses to ask for command-line options."""

    path: str
    rules: tuple[Rule, ...]
    virtuals: tuple[str, ...]
    includes: tuple[str, ...]
    isos: tuple[str, ...] = ()
    spatch_options: tuple[str, ...] = ()

    def rule(self, name: str) -> Rule | None:
        return next((r for r in self.rules if r.name == name), None)


class SmplError(Exception):
    """A malformed rule file, with where and why, printed compiler-style:

        PATH:LINE:COL: error: MESSAGE
        <the offending line>
        <caret under COL>
        hint: HINT

    refactor.smpl.errors completes an error raised without its line or hint, and defines the
    warning that prints the same way.
    """

    severity = "error"

    def __init__(self, path: str, line: int, column: int, message: str, hint: str | None = None,
                 source_line: str = ""):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        self.source_line = source_line
        super().__init__(str(self))

    def __reduce__(self):
        # Picklable with all its fields, so errors survive a process pool.
        return (type(self), (self.path, self.line, self.column, self.message, self.hint, self.source_line))

    def __str__(self) -> str:
        parts = [f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"]
        if self.source_line:
            # Keep tabs in the caret line so the caret sits under the column in any tab width.
            lead = "".join("\t" if c == "\t" else " " for c in self.source_line[: self.column - 1])
            parts += [self.source_line, lead + "^"]
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "\n".join(parts)
