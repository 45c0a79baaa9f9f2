"""Compile a transformation rule's body into a pattern: a C tree to match, and hunks to apply.

The minus and context lines (everything but `+` lines) are one piece of C code with
metavariables; it is lexed with the C lexer, its identifiers classified like C code, and parsed
with the pattern grammar (grammars/c.lark extended by grammars/smpl_pattern.lark). A metavariable
is tagged with the token kind of what it stands for, so the C grammar places it: an expression
or identifier metavariable is an IDENT, a type metavariable a TYPEDEF_NAME, a statement
metavariable a META_STATEMENT.

The rule's changes are kept as hunks: a run of consecutive `-` and `+` lines, with the pattern
tokens it removes and the code it adds. refactor/engine/transform.py turns a hunk into edits.

What this slice does not support yet raises SmplError naming the construct and its line, never
a silent partial rule.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field, replace

from refactor.c import hacks
from refactor.c.layout import kernel_layout
from refactor.c.lexer import Token, tokenize
from refactor.c.parser import ParseError, parse_tokens
from refactor.c.tree import CNode
from refactor.c.types import normalize
from refactor.smpl.directives import compile_directive_rule, is_directive_rule
from refactor.smpl.disjunctions import expand_disjunctions, expand_inline, whole_conjunction
from refactor.smpl.marks import mark_statement_dots, split_when, starts_like_bare_function, strip_positions
from refactor.smpl.model import BodyLine, MetaVar, Rule, SmplError, ValueSet
from refactor.smpl.nests import Nest, disjunctions_in_nests, join_nest_tokens, split_hunks
from refactor.smpl.rule_checks import check_script_params, refuse_mixed_context

# Metavariable kinds this slice matches, and the token kind each stands as in a pattern.
SUPPORTED_KINDS = {
    "expression": "IDENT",
    "idexpression": "IDENT",
    "local idexpression": "IDENT",
    "binary operator": "META_BINARY",
    # One declaration, parameter or struct member, standing where one can stand.
    "declaration": "META_STATEMENT",
    "parameter": "TYPEDEF_NAME",
    "field": "META_FIELD",
    "field list": "META_FIELD",
    "initializer": "IDENT",  # an initializer: an expression or a braced list
    "attribute": "ATTR",  # an attribute (`__init`, `__attribute__((x))`)
    "function": "IDENT",  # a function's name
    "local function": "IDENT",  # the name of a function this file defines
    "iterator": "ITERATOR",  # a loop macro: `iter(...) S`
    "assignment operator": "META_ASSIGN",
    "global idexpression": "IDENT",
    "identifier": "IDENT",
    "symbol": "IDENT",
    "constant": "IDENT",
    "type": "TYPEDEF_NAME",
    "statement": "META_STATEMENT",
    # Lists stand where one element of the list can stand; the matcher lets them take a run.
    "expression list": "IDENT",
    "identifier list": "IDENT",
    "parameter list": "TYPEDEF_NAME",
    "statement list": "META_STATEMENT",
    # Names of macros used as declarations, loops or attributes.
    "declarer name": "DECL_MACRO",
    "iterator name": "ITERATOR",
    "attribute name": "ATTR",
}

# The order in which a pattern is tried as each kind of code: a pattern ending like a statement
# or a definition is tried as statements first, anything else as an expression first.
_STARTS_FOR_STATEMENTS = ("pattern_statements", "start", "pattern_members", "pattern_expression", "pattern_type")
_STARTS_FOR_EXPRESSIONS = ("pattern_expression", "pattern_statements", "start", "pattern_members", "pattern_type")


@dataclass(frozen=True, slots=True)
class Hunk:
    """A run of `-` and `+` lines: pattern tokens it removes, and the `+` code it adds."""

    removed: tuple[Token, ...]  # tokens of Pattern.text, in order
    added_text: str  # the `+` lines, joined with newlines, marker column removed
    added: tuple[Token, ...]  # tokens of added_text
    before: Token | None  # the last pattern token before the hunk (context or minus)
    after: Token | None  # the first pattern token after the hunk
    line: int  # first line of the hunk in the rule file


@dataclass(frozen=True, slots=True)
class Pattern:
    """A compiled rule body: what to match and what to change."""

    rule: Rule
    text: str  # the minus and context code; token spans refer to it
    start: str  # the grammar start symbol the code parsed as
    tree: CNode
    metavars: dict[str, MetaVar]
    meta_at: dict[int, str]  # start offset of a metavariable token -> its name
    minus: frozenset[int]  # start offsets of removed tokens
    hunks: tuple[Hunk, ...]
    line_of: tuple[int, ...]  # rule file line of each line of `text`
    # `... when != X`: for the start offset of a `...` token, the trees its code must not contain
    # (their tokens are in `text` too, after the rule's code).
    when_not: dict[int, tuple[CNode | Token, ...]] = field(default_factory=dict)
    # `X@p`: the start offset of the token X -> the position metavariables it binds.
    positions: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # `<... P ...>`: nests by the start offset of their opening token, and the hunks of each
    # nest's own code (not in `hunks`: they apply once per occurrence of P).
    nests: dict[int, Nest] = field(default_factory=dict)
    nested_hunks: dict[int, tuple[Hunk, ...]] = field(default_factory=dict)
    # `... when exists`, `when forall`, `when strict`, `when any`: how a `...` follows paths;
    # `when != true E` / `when != false E` as ("true" or "false", E's tree): a branch it may not take.
    when_modes: dict[int, tuple] = field(default_factory=dict)
    # Start offsets of the tokens of `*` lines (context mode): their matches are reported.
    starred: frozenset[int] = frozenset()

    @property
    def changes(self) -> bool:
        return bool(self.hunks) or any(self.nested_hunks.values())

    @property
    def needs_types(self) -> bool:
        return any(m.type_text for m in self.metavars.values())

    def added_text_names(self, hunk: "Hunk") -> set[str]:
        """The metavariables a hunk's added code uses."""
        return {hunk.added_text[t.start:t.end] for t in hunk.added if hunk.added_text[t.start:t.end] in self.metavars}


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule as patterns: one per alternative of its disjunctions, in the rule's order.

    At one place in the code, the first alternative that matches is the one that applies, as in
    Coccinelle; the others may apply elsewhere."""

    rule: Rule
    alternatives: tuple[Pattern, ...]  # or one DirectivePattern, for a rule of preprocessor lines
    # The disjunction is inside a nest: every alternative applies, not only the first to match.
    every_alternative: bool = False
    # `( A & B )` as the whole body: A's alternatives above; B's here, which must match the
    # same code as A, with the same bindings for the names they share.
    conjuncts: tuple[tuple[Pattern, ...], ...] = ()

    @property
    def needs_types(self) -> bool:
        return any(p.needs_types for p in self.alternatives)

    @property
    def inherited(self) -> dict[str, tuple[str, str]]:
        """Local name -> (rule, name there) for each inherited metavariable (`r.x`)."""
        return {m.name: (m.inherited_from, m.name) for m in self.rule.metavars if m.inherited_from}


def compile_rule_file(text: str, path: str = "<rule>", defined: frozenset[str] | None = None) -> list:
    """Parse, check and compile every rule of a rule file; SmplError with path:line:col when it is bad.

    With `defined` (the virtual names given), rules that those names rule out are left out
    (refactor/smpl/rule_set.py). refactor.smpl.load does the work (and keeps the warnings);
    this is its short form."""
    from refactor.smpl.load import load_rule_file  # imports the parser, and so Lark: only when needed

    return list(load_rule_file(text, path, defined).compiled)


def compile_rule(rule: Rule, path: str = "<rule>") -> CompiledRule:
    """Compile a rule, its disjunctions expanded; SmplError for what is malformed or unsupported.
    A script rule compiles to a CompiledScript (refactor/smpl/scripts.py)."""
    if rule.kind != "transform":
        from refactor.smpl.scripts import compile_script

        return compile_script(rule, path)
    refuse_mixed_context(rule, path)
    rule = _any_positions(rule)
    if is_directive_rule(rule.body):
        return CompiledRule(rule, (compile_directive_rule(rule, {m.name: m for m in rule.metavars}, path),))
    conjunction = whole_conjunction(list(rule.body))
    if conjunction is not None:
        first = _alternatives(replace(rule, body=tuple(conjunction[0])), path)
        if any(p.start == "pattern_expression" for p in first if isinstance(p, Pattern)):
            # `( E@p & <+... f(...) ...+> )`: the other branches are expressions too
            rule = replace(rule, options=rule.options + ("expression",))
        others = [_alternatives(replace(rule, body=tuple(branch)), path) for branch in conjunction[1:]]
        return CompiledRule(rule, first, False, tuple(others))
    every_alternative = disjunctions_in_nests(rule.body, path)
    return CompiledRule(rule, _alternatives(rule, path), every_alternative)


def _any_positions(rule: Rule) -> Rule:
    """`position any r.p;`: p is any of the places r bound, in one run (not one run per place
    as an inherited metavariable gives): a local position constrained to r's places."""
    if not any(m.kind == "position any" and m.inherited_from for m in rule.metavars):
        return rule
    metavars = tuple(
        replace(m, kind="position", inherited_from=None, constraint=ValueSet((f"{m.inherited_from}.{m.name}",), False))
        if m.kind == "position any" and m.inherited_from else m
        for m in rule.metavars
    )
    return replace(rule, metavars=metavars)


def _alternatives(rule: Rule, path: str) -> tuple[Pattern, ...]:
    bodies = [inline for body in expand_disjunctions(list(rule.body), path) for inline in expand_inline(body, path)]
    return tuple(_compile_body(replace(rule, body=tuple(body)), path) for body in bodies)


def _unsupported_constraint(constraint, top: bool = True) -> str | None:
    """The kind of a constraint the matcher cannot check, or None. A Python script constraint
    is checked after the match (refactor/engine/constraints.py), when it stands alone."""
    name = type(constraint).__name__
    if name == "ScriptConstraint" and top:
        return None if constraint.language == "python" else f"script:{constraint.language}"
    if name == "ValueSet":
        return None  # inherited values (`!= r.p`) are resolved when the rule runs
    if name == "RegexConstraint":
        return None
    if name == "ConstraintNot":
        return _unsupported_constraint(constraint.inner, False)
    if name in ("ConstraintAnd", "ConstraintOr"):
        return _unsupported_constraint(constraint.a, False) or _unsupported_constraint(constraint.b, False)
    if name == "SubtermConstraint":
        return None
    return {"ScriptConstraint": "combined script"}.get(name, name)


def _compile_body(rule: Rule, path: str) -> Pattern:
    """Compile one alternative of a transformation rule."""
    if rule.kind != "transform":
        raise SmplError(path, rule.line, 1, f"{rule.kind} rules (@{rule.kind}:{rule.script_language or 'python'}@) are not supported yet")
    metavars: dict[str, MetaVar] = {}
    declared_names = {m.name for m in rule.metavars if m.kind != "typedef"}  # typedef only names a type
    # `typedef u8;` only says that u8 is a type name: it is not a metavariable.
    type_names = frozenset(m.name for m in rule.metavars if m.kind == "typedef")
    for metavar in rule.metavars:
        if metavar.kind == "typedef":
            continue
        check_script_params(metavar, declared_names, path)
        if metavar.kind in ("position", "position any"):
            # `position any r.p`: r's places taken together; ours are per environment, which
            # for a position a match binds once comes to the same
            metavars[metavar.name] = replace(metavar, kind="position")
            continue
        if metavar.kind == "fresh identifier":
            metavars[metavar.name] = _checked_fresh(metavar, {m.name: m for m in rule.metavars}, path)
            continue
        if metavar.kind not in SUPPORTED_KINDS:
            raise SmplError(path, metavar.line, metavar.column, f"metavariable kind '{metavar.kind}' is not supported yet")
        if metavar.constraint is not None:
            unsupported = _unsupported_constraint(metavar.constraint)
            if unsupported:
                raise SmplError(path, metavar.line, metavar.column, f"{unsupported} constraints are not supported yet")
        if metavar.type_text:
            if metavar.kind not in ("expression", "idexpression", "local idexpression", "global idexpression", "constant"):
                raise SmplError(path, metavar.line, metavar.column, f"typed '{metavar.kind}' metavariables are not supported")
            words = normalize(metavar.type_text).replace("*", " ").split()
            type_metavariables = [w for w in words if w in declared_names]
            struct_tag = len(words) == 2 and words[0] in ("struct", "union", "enum") and words[1] in declared_names
            if type_metavariables and words != type_metavariables[:1] and not struct_tag:
                raise SmplError(path, metavar.line, metavar.column, "a type metavariable inside a larger type is not supported yet")
            if re.search(r"\b(const|volatile)\b", metavar.type_text):
                # Inferred types drop qualifiers: matching `const T x` would take any T.
                raise SmplError(path, metavar.line, metavar.column, "const/volatile in the type of a metavariable is not supported yet")
            array_of_unknown_size = re.search(r"\[\s*\]\s*$", metavar.type_text)  # `char [] c;`: strings
            if any(c in metavar.type_text[:array_of_unknown_size.start() if array_of_unknown_size else None] for c in "[]") or "{" in metavar.type_text and any(
                w in declared_names for w in re.findall(r"\w+", metavar.type_text)
            ):
                raise SmplError(path, metavar.line, metavar.column, "sets of types and array types of metavariables are not supported yet")
        metavars[metavar.name] = metavar

    lines: list[str] = []
    markers: list[str] = []
    line_of: list[int] = []
    body = tuple(_plain_marker(line, path) for line in rule.body)
    rule = replace(rule, body=body)
    whens: list[tuple[int, str, int]] = []  # (index of the `...` line, clause text, rule line)
    last_dots_line = -1
    for body_line in rule.body:
        if body_line.marker == "+":
            continue
        code, clauses = split_when(body_line.text)
        if "..." in code:
            last_dots_line = len(lines)
        if clauses:
            owner = len(lines) if "..." in code else last_dots_line
            if owner < 0:
                raise SmplError(path, body_line.line, 1, "'when' without a '...' before it")
            whens.extend((owner, clause, body_line.line) for clause in clauses)
        lines.append(code)
        markers.append(body_line.marker)
        line_of.append(body_line.line)
    text = "\n".join(lines) + "\n"
    text, position_marks = strip_positions(text, metavars, line_of, path)
    tokens, directives = tokenize(text)
    if directives:
        d = directives[0]
        raise SmplError(path, line_of[text.count("\n", 0, d.start)], 1, "preprocessor directives in rule code are not supported")
    for token in tokens:
        if token.kind == "UNKNOWN":
            where = _where(text, token.start, line_of)
            word = text[token.start:token.end]
            what = "positions (@p)" if word == "@" else f"the character {word!r}"
            raise SmplError(path, where[0], where[1], f"{what} in rule code: not supported yet")

    # `...` alone on its line stands for statements (or members); elsewhere for an expression.
    tokens = _six_dots(tokens)
    tokens, nests = join_nest_tokens(text, tokens, lambda offset: _where(text, offset, line_of), path,
                                     "expression" in rule.options)
    tokens = mark_statement_dots(text, tokens)
    meta_at = {t.start: text[t.start:t.end] for t in tokens if t.kind == "IDENT" and text[t.start:t.end] in metavars}
    if not tokens:
        raise SmplError(path, rule.line, 1, "the rule has no code to match")
    tree, start, tagged = _parse_pattern(tokens, text, line_of, path, metavars, meta_at, type_names,
                                         expression_first="expression" in rule.options)

    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    marker_of_token = {t.start: markers[_index_of_line(line_starts, t.start)] for t in tagged}
    minus = frozenset(start for start, marker in marker_of_token.items() if marker == "-")
    starred = frozenset(start for start, marker in marker_of_token.items() if marker == "*")
    hunks = _hunks(rule, tagged, marker_of_token, line_starts, line_of, metavars, path)
    text, when_not, when_modes = _compile_whens(whens, text, tagged, line_starts, metavars, meta_at, path)
    for dots in _lone_dots_of_branches(tree):
        # spatch 1.1.1 matches `if (...) { ... when != X }` (a loop's, an iterator's body too)
        # whatever the block holds: the when clauses of dots that are a branch's only code do
        # not constrain it (measured: `list_for_each_entry(c, ...) { ... when != break; }` of
        # the kernel's use_after_iter.cocci matches loops with a break). A function body's do.
        when_not.pop(dots, None)
        when_modes.pop(dots, None)
    positions: dict[int, tuple[str, ...]] = {}
    for at, name in position_marks:
        owner = max((t for t in tagged if t.end <= at), key=lambda t: t.end, default=None)
        if owner is None:
            raise SmplError(path, rule.line, 1, f"position '@{name}' with no code before it")
        positions[owner.start] = positions.get(owner.start, ()) + (name,)
    if start == "pattern_type" and len(tree.children[0].children) > 1:
        line, column = _where(text, tree.children[0].children[1].start, line_of)
        raise SmplError(path, line, column, "a pointer or array type on its own is not supported yet (write the declaration)")
    hunks, nested_hunks = split_hunks(hunks, nests, path)
    return Pattern(
        rule, text, start, tree, metavars, meta_at, minus, hunks, tuple(line_of), when_not, positions, nests, nested_hunks,
        when_modes, starred,
    )


def _checked_fresh(metavar: MetaVar, declared: dict[str, MetaVar], path: str) -> MetaVar:
    """A fresh identifier needs a seed of strings and metavariables of the rule, or a Python
    script (refactor/engine/fresh.py runs it)."""
    if metavar.seed is None:
        raise SmplError(path, metavar.line, metavar.column, "a fresh identifier without a seed is not supported yet")
    if not isinstance(metavar.seed, tuple):
        return metavar
    for part in metavar.seed:
        name = getattr(part, "name", None)
        if name is not None and (name not in declared or getattr(part, "rule", None) not in (None, declared[name].inherited_from)):
            where = f"{part.rule}.{name}" if getattr(part, "rule", None) else name
            raise SmplError(path, metavar.line, metavar.column, f"the seed of '{metavar.name}' uses '{where}', which the rule does not declare")
    return metavar


def _tag(kind: str, tokens: list[Token], k: int) -> str:
    """The token kind a metavariable stands as. A type metavariable right after a struct's `}`
    and before `;` is the name a typedef declares (`typedef struct { ... } T;`); one right
    before a `{` is a struct with its body (`T { ... };`)."""
    if kind == "type" and 0 < k < len(tokens) - 1 and tokens[k - 1].kind == "}" and tokens[k + 1].kind in (";", ","):
        return "IDENT"
    if kind == "type" and k + 1 < len(tokens) and tokens[k + 1].kind == "{" and (k == 0 or tokens[k - 1].kind in (";", "}")):
        return "META_TYPE_BODY"  # `T { ... };`: the struct T stands for, with its body
    return SUPPORTED_KINDS[kind]


def _six_dots(tokens: list[Token]) -> list[Token]:
    """`......` is C's own `...` (varargs) in a pattern: one token."""
    out: list[Token] = []
    for token in tokens:
        if token.kind == "..." and out and out[-1].kind == "..." and out[-1].end == token.start:
            out[-1] = Token("...", out[-1].start, token.end)
        else:
            out.append(token)
    return out


def _plain_marker(body_line: BodyLine, path: str) -> BodyLine:
    """`++` (code that may be added more than once) adds like `+`."""
    if body_line.marker == "++":
        return replace(body_line, marker="+")
    if body_line.marker not in ("-", "+", " ", "*", "?"):
        raise SmplError(path, body_line.line, 1, f"'{body_line.marker}' lines are not supported yet")
    return body_line


# Code that puts the classifier in the context a start symbol implies (kinds only; never text).
_CONTEXT = {
    "pattern_expression": (("{", "("), (")",)),
    "pattern_statements": (("{",), ()),
    "start": ((), ()),
    "pattern_members": (("struct", "{"), ()),
    "pattern_type": (("(",), (")",)),
}


def _parse_pattern(tokens, text, line_of, path, metavars, meta_at, typedefs=frozenset(),
                   expression_first: bool = False) -> tuple[CNode, str, list[Token]]:
    """Parse the pattern as the first kind of code it can be; returns tree, start, its tokens.
    `expression_first`: an expression if it can be one (`@r expression@`; a branch of a
    conjunction whose first branch is an expression), even `<+... E ...+>` alone."""
    last = tokens[-1].kind
    statements_first = last in (";", "}") or last == "NEST_CLOSE" and not expression_first
    starts = _STARTS_FOR_STATEMENTS if statements_first else _STARTS_FOR_EXPRESSIONS
    first_name = meta_at.get(tokens[0].start)
    # `i(...) { ... }` with `iterator i;` is a loop, not a function definition
    bare_function = starts_like_bare_function(tokens) and not (
        first_name is not None and metavars[first_name].kind in ("iterator", "iterator name")
    )
    if bare_function:
        starts = ("start",) + tuple(s for s in starts if s != "start")
    type_names = frozenset(name for name, m in metavars.items() if m.kind == "type") | typedefs
    for token in tokens:
        name = meta_at.get(token.start)
        if name is not None and metavars[name].kind == "position":  # `p` alone, not `X@p`
            raise SmplError(path, *_where(text, token.start, line_of), f"position '{name}' used as code")
    first_error: ParseError | None = None
    for start in starts:
        before, after = _CONTEXT[start]
        framed = [Token(k, 0, 0) for k in before] + list(tokens) + [Token(k, len(text), len(text)) for k in after]
        classified = hacks.classify(text, framed, type_names)[len(before):len(before) + len(tokens)]
        tagged = [
            Token(_tag(metavars[meta_at[t.start]].kind, classified, k), t.start, t.end) if t.start in meta_at else t
            for k, t in enumerate(classified)
        ]
        if bare_function and start == "start":
            tagged[0] = Token("IDENT", tagged[0].start, tagged[0].end)  # a name, not a macro
        try:
            return parse_tokens(tagged, len(text), grammar="pattern", start=start), start, tagged
        except ParseError as error:
            first_error = first_error or error
    token = first_error.token if first_error else None
    offset = token.start if token is not None else len(text) - 1
    line, column = _where(text, offset, line_of)
    word = text[token.start:token.end] if token is not None else "end of rule"
    raise SmplError(path, line, column, f"cannot parse the rule's C code at {word!r}")


def _hunks(rule, tokens, marker_of_token, line_starts, line_of, metavars, path) -> tuple[Hunk, ...]:
    """Group consecutive `-`/`+` lines into hunks, each with the tokens around it."""
    hunks: list[Hunk] = []
    body = rule.body
    index_of_pattern_line = {}
    pattern_line = 0
    for i, body_line in enumerate(body):
        if body_line.marker != "+":
            index_of_pattern_line[i] = pattern_line
            pattern_line += 1
    tokens_by_line: dict[int, list[Token]] = {}
    for token in tokens:
        tokens_by_line.setdefault(_index_of_line(line_starts, token.start), []).append(token)
    i = 0
    while i < len(body):
        if body[i].marker not in ("-", "+"):
            i += 1
            continue
        j = i
        while j < len(body) and body[j].marker in ("-", "+"):
            j += 1
        removed = [t for k in range(i, j) if body[k].marker == "-" for t in tokens_by_line.get(index_of_pattern_line[k], [])]
        added_lines = [body[k].text for k in range(i, j) if body[k].marker == "+"]
        added_text = kernel_layout("\n".join(added_lines))
        added, _ = tokenize(added_text)
        boundary = None if removed else _first_offset_after(i, body, index_of_pattern_line, line_starts)
        before_tokens = [t for t in tokens if t.start < (removed[0].start if removed else boundary)]
        after_tokens = [t for t in tokens if t.start >= (removed[-1].end if removed else boundary)]
        if not removed and not before_tokens and not after_tokens:
            raise SmplError(path, body[i].line, 1, "a '+' line with nothing to attach to")
        hunks.append(
            Hunk(
                tuple(removed),
                added_text,
                tuple(added),
                before_tokens[-1] if before_tokens else None,
                after_tokens[0] if after_tokens else None,
                body[i].line,
            )
        )
        i = j
    return tuple(hunks)


def _first_offset_after(index: int, body, index_of_pattern_line, line_starts) -> int:
    """Offset in the pattern text of the first pattern line at or after body line `index`."""
    for k in range(index, len(body)):
        if k in index_of_pattern_line:
            return line_starts[index_of_pattern_line[k]]
    return line_starts[-1]


def _compile_whens(whens, text, tokens, line_starts, metavars, meta_at, path):
    """Attach `when` clauses to the `...` of their line; compile `!= X` into trees after `text`."""
    when_not: dict[int, tuple] = {}
    when_modes: dict[int, tuple[str, ...]] = {}
    for owner, clause, rule_line in whens:
        dots = [t for t in tokens if t.kind in ("...", "DOTS_LINE", "NEST_OPEN", "STATEMENT_NEST_OPEN") and _index_of_line(line_starts, t.start) == owner]
        if not dots:
            raise SmplError(path, rule_line, 1, "'when' without a '...' on its line")
        if clause in ("any", "strict", "exists", "forall"):
            when_modes[dots[-1].start] = when_modes.get(dots[-1].start, ()) + (clause,)
            continue
        if not clause.startswith("!="):
            raise SmplError(path, rule_line, 1, f"'when {clause.split()[0]}' is not supported yet")
        code = clause[2:].strip()
        if not code:
            raise SmplError(path, rule_line, 1, "'when !=' with no code after it")
        truth = code.split(None, 1)[0] if code.split(None, 1)[0] in ("true", "false") and " " in code else None
        if truth is not None:
            code = code.split(None, 1)[1]  # `when != true E`: not through the branch where E is true
        offset = len(text)
        text = text + code + "\n"
        fragment = [t for t in tokenize(text)[0] if t.start >= offset]
        for t in fragment:
            if t.kind == "IDENT" and text[t.start:t.end] in metavars:
                meta_at[t.start] = text[t.start:t.end]
        try:
            tree, _, _ = _parse_pattern(fragment, text, [rule_line] * (text.count("\n") + 1), path, metavars, meta_at)
        except SmplError as error:
            raise SmplError(path, rule_line, 1, f"cannot parse 'when != {code}'") from error
        root = tree.children[0] if len(tree.children) == 1 else tree
        if truth is not None:
            when_modes[dots[-1].start] = when_modes.get(dots[-1].start, ()) + ((truth, root),)
            continue
        when_not[dots[-1].start] = when_not.get(dots[-1].start, ()) + (root,)
    return text, when_not, when_modes


def _index_of_line(line_starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(line_starts, offset) - 1


def _where(text: str, offset: int, line_of: list[int]) -> tuple[int, int]:
    """Rule-file line and column of an offset into the pattern text."""
    line_index = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return (line_of[line_index] if line_index < len(line_of) else line_of[-1]), column + 1


_BRANCH_OWNERS = frozenset({"if_statement", "while_statement", "for_statement", "iterator_statement", "do_statement"})


def _lone_dots_of_branches(tree: CNode) -> list[int]:
    """Start offsets of the `...` that are the whole of a `{ }` branch of an if or a loop."""
    found = []
    for node in tree.nodes():
        if node.kind not in _BRANCH_OWNERS:
            continue
        for child in node.children:
            if type(child) is CNode and child.kind == "compound_statement" and len(child.children) == 3:
                middle = child.children[1]
                if type(middle) is CNode and middle.kind == "dots_statement":
                    found.append(middle.children[0].start)
    return found
