"""Read a `.cocci` rule file (SmPL) into the model of refactor.smpl.model, as Coccinelle reads it.

How a rule file is cut up:
- A rule starts at a line whose first character is `@` (outside a comment). Its header runs to the
  next `@` (`@@` is the header of an unnamed rule), its metavariable declarations from there to
  the next `@@`.
- A transform rule's body is line-based: column 0 is the marker column (`-`, `+`, `++`, `*`, `?`,
  `?-`); any other first character makes a context line that keeps its whole text. A line inside
  a block comment opened on an earlier line belongs to that comment, marker included.
- A script rule's body is its code, up to the next line that starts with `@`.
The prologue (before the first rule), each header and each declaration are grammar-shaped and go to
Lark (grammars/smpl.lark) with comments blanked out; the rest is line work here. Names are checked
as Coccinelle checks them: a rule depends on and inherits from rules above it or virtuals, a
metavariable is declared once per rule, a typed declaration `T x;` needs `T` declared as a type
first. Every problem is an SmplError with line:column; no Lark exception escapes.
"""
from __future__ import annotations

import bisect
import contextvars
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput

from refactor.c.parser import grammar_text
from refactor.smpl.model import (
    BodyLine, Constraint, ConstraintAnd, ConstraintNot, ConstraintOr, DepAnd, DepEver, DepFileIn,
    DepName, DepNever, DependsExpr, DepNot, DepOr, MetaVar, RegexConstraint, Rule, RuleFile,
    ScriptBinding, ScriptConstraint, Seed, SeedMeta, SeedText, SmplError, SubtermConstraint, ValueSet,
)

__all__ = ["parse_rule_file"]

# First words that can start a metavariable declaration: kinds, then C type words.
KIND_WORDS = (
    "metavariable", "fresh", "identifier", "parameter", "type", "statement", "declaration", "field",
    "initialiser", "initializer", "typedef", "attribute", "declarer", "iterator", "symbol", "format",
    "assignment", "binary", "comments", "pragmainfo", "error", "function", "local", "global",
    "idexpression", "expression", "constant", "position", "analysis",
)
C_TYPE_WORDS = (
    "char", "short", "int", "long", "double", "float", "void", "complex", "size_t", "ssize_t",
    "ptrdiff_t", "signed", "unsigned", "const", "volatile", "struct", "union", "enum",
)
_DECL_START = frozenset(KIND_WORDS + C_TYPE_WORDS)
_C_STATEMENT_WORDS = frozenset({"return", "if", "else", "for", "while", "do", "switch", "case", "default",
                                "goto", "break", "continue", "sizeof"})
# What a rule body that lacks its '@@' starts with: markers, disjunctions, dots, directives, or a
# name followed by what follows a name in code.
_BODY_STARTS = ("-", "+", "*", "?", "(", "|", ")", "&", "...", "<...", "<+...", "#", '"', "!", "~")
_AFTER_CODE_WORD = ("(", "->", "=", "[", "++", "--", "@", ":", ";")
_GLOBAL_NAME_KINDS = frozenset({"declarer name", "iterator name", "attribute name"})
_NAMING_KINDS = frozenset({"typedef", "symbol", "declarer name", "iterator name", "attribute name"})
# Rule names that inheritance may use without a rule of that name: command-line values and the
# values merged from parallel runs.
_SPECIAL_RULES = frozenset({"virtual", "merge"})
# What is missing after a word, when a header or declaration stops short.
_MISSING = {":": "the script language", "on": "a rule name", "extends": "a rule name", "ever": "a rule name",
            "never": "a rule name", "!": "a rule name", "&&": "a rule name", "||": "a rule name",
            "(": "a rule name", "disable": "an isomorphism name"}
_TERMINAL_WORDS = {"NAME": "a name", "TYPE_NAME": "a type name", "INT": "a number",
                   "STRING": "a string", "PATH": "<file>", "SCRIPT_BODY": "'{ code }'", "$END": "the end"}

# The names the rule file has declared as types, visible to the post-lexer during one parse.
_KNOWN_TYPES: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("smpl_types", default=frozenset())


class _RetypeTypeNames:
    """Post-lexer: a NAME declared as a type (type metavariable, typedef) becomes TYPE_NAME."""

    always_accept = ("NAME",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        names = _KNOWN_TYPES.get()
        for tok in stream:
            yield Token.new_borrow_pos("TYPE_NAME", tok.value, tok) if tok.type == "NAME" and tok.value in names else tok


_PARSER: Lark | None = None


def _parser() -> Lark:
    """The Lark parser for grammars/smpl.lark, built once per process; its tables are cached on
    disk by Lark (checked against the grammar), which makes a run's start 60 ms faster."""
    global _PARSER
    if _PARSER is None:
        import hashlib

        import lark

        from refactor.c.parser import _cache_dir

        text = grammar_text("smpl.lark")
        key = hashlib.sha256((text + lark.__version__).encode()).hexdigest()[:16]
        try:
            _cache_dir().mkdir(parents=True, exist_ok=True)
            cache: str | bool = str(_cache_dir() / f"smpl-lark-{key}.cache")  # one per grammar: worktrees differ
        except OSError:
            cache = False
        _PARSER = Lark(text, parser="lalr", lexer="contextual",
                       start=["prologue", "header", "metadecl", "script_metadecl"],
                       postlex=_RetypeTypeNames(), maybe_placeholders=True, cache=cache)
    return _PARSER


def parse_rule_file(text: str, path: str = "<rule>") -> RuleFile:
    """Parse the text of a `.cocci` file; raise SmplError for anything malformed."""
    try:
        return _Reader(text, path).read()
    except LarkError as exc:  # every Lark call is guarded; this keeps the promise regardless
        raise SmplError(path, 1, 1, f"internal error in the rule parser: {exc}") from None


# ---------------------------------------------------------------------------------------------
# Lexical helpers: comments and literals, with offsets kept


def _skip(s: str, i: int) -> int:
    """If a comment or a string/char literal starts at `i`, the offset just past it, else `i`.
    Literals end at the end of their line at the latest (C has no multi-line literals)."""
    c = s[i]
    if c in "\"'":
        j = i + 1
        while j < len(s) and s[j] not in (c, "\n"):
            j += 2 if s[j] == "\\" else 1
        return j + 1 if j < len(s) and s[j] == c else min(j, len(s))
    if s.startswith("//", i):
        j = s.find("\n", i)
        return len(s) if j < 0 else j
    if s.startswith("/*", i):
        j = s.find("*/", i + 2)
        return len(s) if j < 0 else j + 2
    return i


def _blank_comments(s: str) -> str:
    """`s` with comments replaced by spaces (newlines kept), so offsets stay valid."""
    out, i = list(s), 0
    while i < len(s):
        j = _skip(s, i)
        if j == i:
            i += 1
            continue
        if s[i] == "/":
            out[i:j] = ["\n" if ch == "\n" else " " for ch in s[i:j]]
        i = j
    return "".join(out)


def _next_at(s: str, i: int) -> int:
    """Offset of the next `@` at or after `i` outside comments and literals, or -1."""
    while i < len(s):
        j = _skip(s, i)
        if j != i:
            i = j
        elif s[i] == "@":
            return i
        else:
            i += 1
    return -1


def _comment_state(line: str, in_comment: bool) -> bool:
    """Whether a block comment is still open at the end of `line`."""
    i = 0
    while i < len(line):
        if in_comment:
            j = line.find("*/", i)
            if j < 0:
                return True
            in_comment, i = False, j + 2
        elif line.startswith("/*", i):
            in_comment, i = True, i + 2
        else:
            j = _skip(line, i)
            if line.startswith("//", i):
                return False
            i = j if j != i else i + 1
    return in_comment


def _segments(masked: str) -> list[tuple[int, int]]:
    """Split declarations at `;` outside brackets and literals: (start, end) with the `;`."""
    segs, start, depth, i = [], 0, 0, 0
    while i < len(masked):
        c = masked[i]
        if c in "\"'":
            i = _skip(masked, i)
            continue
        depth += (c in "([{") - (c in ")]}" and depth > 0)
        if c == ";" and depth == 0:
            segs.append((start, i + 1))
            start = i + 1
        i += 1
    if masked[start:].strip():
        segs.append((start, len(masked)))
    return segs


def _join(tokens: list[str]) -> str:
    """Tokens as written, normalized: `r.T`, `struct foo **`, `unsigned long`."""
    out = ""
    for t in tokens:
        if not out:
            out = t
        elif t == "." or out.endswith(".") or (t == "*" and out.endswith("*")):
            out += t
        else:
            out += " " + t
    return out


def _tokens(tree: Tree | Token) -> list[str]:
    return [str(tree)] if isinstance(tree, Token) else [str(t) for t in tree.scan_values(lambda v: isinstance(v, Token))]


def _unquote(s: str) -> str:
    return s[1:-1]


# ---------------------------------------------------------------------------------------------
# The reader


def _with_seed_inheritance(metavars: tuple[MetaVar, ...]) -> tuple[MetaVar, ...]:
    """`fresh identifier a = "p_" ## r.x;` inherits r.x, declared or not (as spatch reads it)."""
    local = {m.name for m in metavars}
    added: list[MetaVar] = []
    for metavar in metavars:
        if metavar.kind != "fresh identifier" or not isinstance(metavar.seed, tuple):
            continue
        for part in metavar.seed:
            if isinstance(part, SeedMeta) and part.rule and part.name not in local:
                added.append(MetaVar("identifier", part.name, metavar.line, metavar.column, inherited_from=part.rule))
                local.add(part.name)
    return metavars + tuple(added)


@dataclass(frozen=True, slots=True)
class _Header:
    """What a rule header says; `named` is False for a rule that got a `rule starting on...` name."""

    name: str
    named: bool
    kind: str
    depends: DependsExpr | None
    options: tuple[str, ...]
    language: str | None


class _Reader:
    """One pass over one rule file; holds what later rules may refer to."""

    def __init__(self, text: str, path: str):
        self.text, self.path = text, path
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.virtuals: list[str] = []
        self.includes: list[str] = []
        self.isos: list[str] = []
        self.spatch_options: list[str] = []
        self.rules: list[Rule] = []
        self.typedefs: set[str] = set()
        self.global_names: dict[str, MetaVar] = {}  # see _GLOBAL_NAME_KINDS
        self.declared: dict[str, set[str]] = {}  # rule name -> the metavariable names it binds

    # -- positions and errors

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def error(self, offset: int, message: str, hint: str | None = None) -> SmplError:
        line, column = self.position(min(offset, len(self.text)))
        return SmplError(self.path, line, column, message, hint, self.line_text(line))

    def line_end(self, offset: int) -> int:
        j = self.text.find("\n", offset)
        return len(self.text) if j < 0 else j

    def parse(self, text: str, start: str, base: int, what: str, types: frozenset[str] = frozenset()) -> Tree:
        """Parse with Lark; a syntax error becomes an SmplError located in the file."""
        reset = _KNOWN_TYPES.set(types)
        try:
            return _parser().parse(text, start=start)
        except UnexpectedInput as exc:
            raise self.syntax_error(exc, text, base, what) from None
        finally:
            _KNOWN_TYPES.reset(reset)

    def syntax_error(self, exc: UnexpectedInput, text: str, base: int, what: str) -> SmplError:
        """An SmplError for a Lark syntax error in `text` (which starts at offset `base`), worded
        for the usual mistakes: a missing ';', a missing name or value, a misspelt keyword."""
        if isinstance(exc, UnexpectedCharacters):
            return self.error(base + exc.pos_in_stream, f"unexpected character {text[exc.pos_in_stream]!r} in {what}")
        tok = getattr(exc, "token", None)
        at_end = tok is None or tok.type == "$END"
        pos = len(text.rstrip()) if at_end else tok.start_pos
        prev_end = len(text[:pos].rstrip())
        previous = (re.search(r"(\w+|[^\w\s]+)\s*$", text[:pos]) or [None, ""])[1]
        expected = self.acceptable(exc)
        if "SEMICOLON" in expected and (at_end or "\n" in text[prev_end:pos]):
            return self.error(base + prev_end, f"missing ';' after {what}",
                              "each declaration ends with ';', as in 'expression E;'")
        if previous in ("=", "!=", "<=") and expected & {"NAME", "LBRACE"}:
            return self.error(base + prev_end, f"missing a value after '{previous}' in {what}",
                              f"as in 'identifier f {previous} {{foo, bar}};'")
        if at_end and expected & {"NAME", "TYPE_NAME"}:
            thing = _MISSING.get(previous, "a name")
            return self.error(base + prev_end, f"missing {thing} after '{'depends on' if previous == 'on' else previous}' in {what}")
        shown = "the end" if at_end else f"'{tok}'"
        keywords = [w.strip("'") for w in self.describe(expected, limit=None).split(", ")]
        close = [] if at_end else difflib.get_close_matches(str(tok), keywords, 1)
        return self.error(base + pos, f"unexpected {shown} in {what}; expected {self.describe(expected)}",
                          f"did you mean '{close[0]}'?" if close else None)

    @staticmethod
    def acceptable(exc: UnexpectedInput) -> set[str]:
        """The terminals the parser would have taken where it stopped. Lark's own `expected` is
        what the contextual lexer allowed, where keywords hide behind NAME; the parse table says
        which keywords were possible."""
        terminals = {t.name for t in _parser().terminals}
        state = getattr(exc, "state", None)
        try:
            return {name for name in state.parse_conf.parse_table.states[state.position] if name in terminals}
        except AttributeError:
            return set(getattr(exc, "expected", ()) or ())

    @staticmethod
    def describe(expected: set[str], limit: int | None = 8) -> str:
        terminals = {t.name: t for t in _parser().terminals}
        words = set()
        for name in expected - {"$END"}:
            t = terminals.get(name)
            words.add(f"'{t.pattern.value}'" if t is not None and t.pattern.type == "str"
                      else _TERMINAL_WORDS.get(name, name.lower()))
        words = sorted(words)
        if limit is None or len(words) <= limit:
            return ", ".join(words)
        return ", ".join(words[:limit]) + ", ..."

    # -- the file

    def read(self) -> RuleFile:
        pos = self.prologue()
        while pos < len(self.text):
            pos = self.rule(pos)
        return RuleFile(self.path, tuple(self.rules), tuple(self.virtuals), tuple(self.includes), tuple(self.isos),
                        tuple(self.spatch_options))

    def next_rule(self, offset: int, c_aware: bool) -> int:
        """Offset of the next line starting with `@` (outside block comments if c_aware)."""
        in_comment = False
        while offset < len(self.text):
            end = self.line_end(offset)
            line = self.text[offset:end]
            if line.startswith("@") and not in_comment:
                return offset
            if c_aware:
                in_comment = _comment_state(line, in_comment)
            offset = end + 1
        return len(self.text)

    def prologue(self) -> int:
        end = self.next_rule(0, c_aware=True)
        masked = _blank_comments(self.text[:end])
        if not masked.strip():
            return end
        try:
            tree = _parser().parse(masked, start="prologue")
        except UnexpectedInput as exc:
            offset = getattr(exc, "pos_in_stream", None)
            offset = len(masked.rstrip()) if offset is None or offset < 0 else offset
            line_start = masked.rfind("\n", 0, offset) + 1
            first = masked[line_start:].split(None, 1)[0] if masked[line_start:].split() else ""
            if first in ("virtual", "#include", "include", "using") or first.startswith("#"):
                raise self.syntax_error(exc, masked, 0, "the prologue") from None
            lead = len(masked[line_start:]) - len(masked[line_start:].lstrip(" \t"))
            raise self.error(line_start + lead, "rule body before any rule header",
                             "a rule starts with a header line: '@@' (or '@name@'), its metavariable "
                             "declarations, then '@@'; before the first rule only comments, 'virtual', "
                             "'#include' and 'using' lines may appear") from None
        for item in tree.children:
            values = [str(t) for t in item.children]
            if item.data == "spatch_line":
                options = re.sub(r"^#\s*spatch\b", "", values[0]).strip()
                self.spatch_options += [options] if options else []
            elif item.data == "virtual_decl":
                self.virtuals += [v for v in values if v not in self.virtuals]
            else:
                (self.includes if item.data == "include_decl" else self.isos).append(values[0][1:-1])
        return end

    # -- one rule

    def rule(self, start: int) -> int:
        close = _next_at(self.text, start + 1)
        if close < 0:
            raise self.error(start, "unterminated rule header: no '@' closes it",
                             "a rule header is '@@' for an unnamed rule or '@name@', on one line")
        header = self.header(start, close)
        decl_start = close + 1
        decl_end = _next_at(self.text, decl_start)
        if decl_end < 0 or not self.text.startswith("@@", decl_end):
            self.declarations(decl_start, len(self.text) if decl_end < 0 else decl_end, header, closed=False)
            where = len(self.text.rstrip()) if decl_end < 0 else decl_end
            which = f"rule '{header.name}'" if header.named else header.name
            raise self.error(where, f"missing '@@' after the metavariable declarations of {which}",
                             "metavariable declarations end with '@@', on a line of its own")
        metavars, bindings = self.declarations(decl_start, decl_end, header, closed=True)
        script = header.kind != "transform"
        depends = header.depends
        for parent in (o.split()[1] for o in header.options if o.startswith("extends ")):
            metavars, depends = self.extended(parent, metavars, depends)
        metavars = _with_seed_inheritance(metavars)
        if not script:
            # Iterator, declarer and attribute names stay declared for the rest of the file, as
            # in spatch (list_entry_update.cocci's later rules use r's `iterator name`).
            local = {m.name for m in metavars}
            metavars += tuple(m for name, m in self.global_names.items() if name not in local)
            self.global_names.update((m.name, m) for m in metavars if m.kind in _GLOBAL_NAME_KINDS)
        after = decl_end + 2
        eol = self.line_end(after)
        end = self.next_rule(eol + 1, c_aware=not script) if eol < len(self.text) else len(self.text)
        first_line = self.position(after)[0]
        raw = [self.text[after:eol]] + (self.text[eol + 1:end].split("\n") if eol + 1 < end else [])
        lines = [(first_line + k, s.rstrip("\r")) for k, s in enumerate(raw)]
        while lines and not lines[-1][1].strip():
            lines.pop()
        same_line = bool(lines) and lines[0][0] == first_line and lines[0][1].strip() != ""
        while lines and not lines[0][1].strip():
            lines.pop(0)
        common = dict(name=header.name, kind=header.kind, line=self.position(start)[0],
                      depends=depends, metavars=metavars, options=header.options)
        if script:
            self.rules.append(Rule(**common, body=(), script_language=header.language,
                                   script_text="\n".join(s for _, s in lines), script_bindings=bindings,
                                   script_line=lines[0][0] if lines else None))
        else:
            self.rules.append(Rule(**common, body=self.body(lines, same_line)))
        names = {m.name for m in metavars}
        names |= {m.list_length.split("=")[0].split(".")[-1] for m in metavars if m.list_length and not m.list_length[0].isdigit()}
        for parent in (o.split()[1] for o in header.options if o.startswith("extends ")):
            names |= self.declared.get(parent, set())
        self.declared[header.name] = names
        return end

    def extended(self, parent: str, metavars: tuple[MetaVar, ...], depends):
        """`r2 extends r1`: r2 depends on r1 and inherits every metavariable of r1 it does not
        declare itself, as if it had declared `r1.x` for each."""
        local = {m.name for m in metavars}
        kinds_declaring_names = ("symbol", "typedef", "declarer name", "iterator name", "attribute name")
        inherited = tuple(
            replace(m, inherited_from=parent, constraint=None)
            for r in self.rules if r.name == parent for m in r.metavars
            if m.name not in local and m.kind not in kinds_declaring_names
        )
        requirement = DepName(parent)
        return metavars + inherited, requirement if depends is None else DepAnd(requirement, depends)

    @staticmethod
    def body(lines: list[tuple[int, str]], same_line: bool) -> tuple[BodyLine, ...]:
        """Body lines with their markers; code on the '@@' line itself (`same_line`) is context,
        since it does not start in column 0. A line inside a block comment takes the marker of the
        line that opened the comment, and drops it from its text when it repeats it (Coccinelle
        wants every line of an added comment to start with '+')."""
        out, in_comment, comment_marker = [], False, " "
        for k, (number, line) in enumerate(lines):
            if in_comment:
                marker = comment_marker
                text = line[len(marker):] if marker != " " and line.startswith(marker) else line
            elif k == 0 and same_line:
                marker, text = " ", line
            else:
                marker = next((m for m in ("++", "?-", "-", "+", "*", "?") if line.startswith(m)), " ")
                text = line if marker == " " else line[len(marker):]
            opened = _comment_state(text, in_comment)
            if opened and not in_comment:
                comment_marker = marker
            in_comment = opened
            out.append(BodyLine(marker, text, number))
        return tuple(out)

    # -- headers

    def header(self, start: int, close: int) -> _Header:
        base = start + 1
        masked = _blank_comments(self.text[base:close])
        try:
            tree = self.parse(masked, "header", base, "the rule header")
        except SmplError:
            if "\n" in masked.strip():
                first = masked.split("\n", 1)[0]
                raise self.error(base + len(first.rstrip()), "unterminated rule header: no '@' closes it on this line",
                                 "close the header on the line it starts, as in '@name@'") from None
            raise
        kids = tree.children
        transform = tree.data == "transform_header"
        name_tok = kids[0] if transform else (kids[1] if tree.data == "script_header" else None)
        if name_tok is None:
            name = f"rule starting on line {self.position(start)[0]}"
        else:
            name = str(name_tok)
            earlier = next((r for r in self.rules if r.name == name), None)
            if earlier is not None:
                raise self.error(base + name_tok.start_pos, f"duplicate rule name '{name}'",
                                 f"a rule called '{name}' is already defined on line {earlier.line}")
            if name in self.virtuals:
                raise self.error(base + name_tok.start_pos, f"rule name '{name}' is also declared virtual")
        depends: DependsExpr | None = None
        options: list[str] = []
        for kid in kids[1:] if transform else kids[-1:]:
            if kid is None:
                continue
            if kid.data == "extends":
                parent = kid.children[0]
                self.check_rule_ref(parent, base, "extends")
                options.append(f"extends {parent}")
            elif kid.data == "depends":
                scope, expr = kid.children
                depends = self.dep(expr, base)
                options += [] if scope is None else [f"depends on {scope.data.removeprefix('scope_')}"]
            elif kid.data in ("using_option", "disable_option"):
                options.append(kid.data.split("_")[0] + " " + ", ".join(str(t) for t in kid.children))
            elif kid.data in ("exists_option", "forall_option"):
                options.append(kid.data.split("_")[0])
            elif kid.data == "annotation":
                options.append("initializer" if str(kid.children[0]) == "initialiser" else str(kid.children[0]))
        kind = "transform" if transform else tree.data.removesuffix("_header")
        return _Header(name, name_tok is not None, kind, depends, tuple(options), None if transform else str(kids[0]))

    def dep(self, tree: Tree, base: int) -> DependsExpr:
        kids = tree.children
        match tree.data:
            case "dep_name" | "dep_ever" | "dep_never":
                self.check_rule_ref(kids[0], base, "depends on", virtual_ok=True)
                return {"dep_name": DepName, "dep_ever": DepEver, "dep_never": DepNever}[tree.data](str(kids[0]))
            case "dep_file":
                return DepFileIn(_unquote(str(kids[0])))
            case "dep_not":
                return DepNot(self.dep(kids[0], base))
            case "dep_and":
                return DepAnd(self.dep(kids[0], base), self.dep(kids[1], base))
            case "dep_or":
                return DepOr(self.dep(kids[0], base), self.dep(kids[1], base))
        raise AssertionError(tree.data)

    def check_rule_ref(self, tok: Token, base: int, how: str, virtual_ok: bool = False) -> None:
        """A rule name used in a header must be a rule above (or, for depends, a virtual)."""
        name = str(tok)
        if any(r.name == name for r in self.rules) or (virtual_ok and name in self.virtuals) or self.includes:
            return
        later = re.search(rf"^@\s*(?:script:\w+\s+)?{re.escape(name)}\b", self.text[base:], re.M)
        if later:
            hint = (f"'{name}' is defined below, on line {self.position(base + later.start())[0]}; "
                    "a rule can only refer to rules above it")
        else:
            close = difflib.get_close_matches(name, [r.name for r in self.rules] + self.virtuals, 1)
            hint = (f"did you mean '{close[0]}'?" if close else
                    f"name a rule defined above, or declare 'virtual {name}' at the top of the file")
        what = "rule or virtual" if virtual_ok else "rule"
        raise self.error(base + tok.start_pos, f"'{how}' names unknown {what} '{name}'", hint)

    # -- declarations

    def declarations(self, start: int, end: int, header: _Header, closed: bool) -> tuple[tuple[MetaVar, ...], tuple[ScriptBinding, ...]]:
        masked = _blank_comments(self.text[start:end])
        script = header.kind != "transform"
        metavars: list[MetaVar] = []
        bindings: list[ScriptBinding] = []
        types = set(self.typedefs)
        for parent in (o.split()[1] for o in header.options if o.startswith("extends ")):
            types |= {m.name for r in self.rules if r.name == parent for m in r.metavars if m.kind == "type"}
        for s, e in _segments(masked):
            seg = masked[s:e]
            lead = len(seg) - len(seg.lstrip())
            if seg[lead:] == ";":
                continue  # an empty declaration: nothing to declare
            if not script:
                self.check_decl_start(seg, start + s, lead, types, masked[e:])
            if not closed and not seg.rstrip().endswith(";"):
                return (), ()  # the caller reports the missing '@@'
            if script:
                tree = self.parse(seg, "script_metadecl", start + s, "a script metavariable declaration")
                item = self.script_decl(tree, start + s)
                if isinstance(item, MetaVar):
                    self.add_metavar(metavars, item)
                    continue
                first = next((b for b in bindings if b.local == item.local and b.local != "_"), None)
                if first is not None:
                    raise self.error(start + s + lead, f"script metavariable '{item.local}' is declared twice",
                                     f"first bound to {first.rule}.{first.name}")
                bindings.append(item)
                continue
            tree = self.parse(seg, "metadecl", start + s, "the metavariable declaration", frozenset(types))
            for mv in self.decl(tree.children[0], start + s):
                self.add_metavar(metavars, mv)
                if mv.kind == "type":
                    types.add(mv.name)
                elif mv.kind == "typedef":
                    types.add(mv.name)
                    self.typedefs.add(mv.name)
        return tuple(metavars), tuple(bindings)

    def check_decl_start(self, seg: str, base: int, lead: int, types: set[str], rest: str) -> None:
        """Catch the two likely mistakes before the grammar does: a rule body where declarations
        should be (a missing '@@'), and a misspelt kind or an undeclared type name."""
        m = re.compile(r"([A-Za-z_]\w*)\s*(\S?)").match(seg, lead)
        if m is not None and (m[1] in _DECL_START or m[1] in types or m[2] == "."):
            return
        if m is None:
            body_like = seg.startswith(_BODY_STARTS, lead) or seg[lead:lead + 1].isdigit()
        else:
            after = self.text[base + m.end(1):].lstrip(" \t")  # past the segment: it may end at an '@'
            body_like = m[1] in _C_STATEMENT_WORDS or after.startswith(_AFTER_CODE_WORD)
        if body_like:
            raise self.error(base + lead, "missing '@@' after the metavariable declarations",
                             "this looks like the rule body; end the declarations with '@@' on the line before")
        if m is None:
            return
        word = m[1]
        near_kind = [k for k in KIND_WORDS if k.startswith(word)] or difflib.get_close_matches(word, KIND_WORDS, 1)
        declared_below = re.search(rf"\btype\b[^;]*\b{re.escape(word)}\b", rest)
        if not near_kind and not declared_below and re.match(r"\s*[A-Za-z_]\w*\s*[,;:=]", seg[m.end(1):]) and (
            word not in _C_STATEMENT_WORDS
        ):
            # `u64 x;`: a word that is no kind, before a name, is a type name, as spatch reads it
            # (do_div.cocci declares `u64 ul64;` with no `typedef u64;`)
            types.add(word)
            self.typedefs.add(word)
            return
        candidates = KIND_WORDS + tuple(sorted(types))
        close = [k for k in candidates if k.startswith(word)] or difflib.get_close_matches(word, candidates, 1)
        owner = next((r.name for r in self.rules for mv in r.metavars if mv.kind == "type" and mv.name == word), None)
        if re.search(rf"\btype\b[^;]*\b{re.escape(word)}\b", rest):
            hint = f"'{word}' is declared as a type further down; declare 'type {word};' before using it"
        elif owner is not None:
            hint = f"'{word}' is a type metavariable of rule '{owner}'; inherit it first with 'type {owner}.{word};'"
        elif close:
            hint = f"did you mean '{close[0]}'?"
        else:
            hint = ("a declaration starts with a kind (expression, identifier, type, statement, position, ...) or a "
                    f"C type; declare a type name first with 'typedef {word};' or 'type {word};'")
        raise self.error(base + m.start(1), f"unknown metavariable kind '{word}'", hint)

    def check_inherited(self, rule: str, name: str, offset: int) -> None:
        """`rule.name` must be a metavariable of a rule above (virtual and merge values aside)."""
        if rule in _SPECIAL_RULES or self.includes:
            return
        if rule not in self.declared:
            raise self.error(offset, f"'{rule}.{name}' inherits from unknown rule '{rule}'",
                             "a metavariable can only be inherited from a rule defined above")
        if name not in self.declared[rule]:
            close = difflib.get_close_matches(name, sorted(self.declared[rule]), 1)
            raise self.error(offset, f"rule '{rule}' has no metavariable '{name}'",
                             f"did you mean '{rule}.{close[0]}'?" if close else None)

    def add_metavar(self, metavars: list[MetaVar], mv: MetaVar) -> None:
        """Add `mv` to the rule's metavariables, if its name is new and what it inherits exists.
        Names (typedef, symbol, ...) may repeat a metavariable's name, as in Coccinelle."""
        offset = self.line_starts[mv.line - 1] + mv.column - 1
        if mv.inherited_from:
            self.check_inherited(mv.inherited_from, mv.name, offset)
        first = next((m for m in metavars if m.name == mv.name), None)
        if first is not None and first.kind not in _NAMING_KINDS and mv.kind not in _NAMING_KINDS:
            raise self.error(offset, f"metavariable '{mv.name}' is declared twice in this rule",
                             f"first declared as {first.kind} on line {first.line}")
        metavars.append(mv)

    def metavar(self, kind: str, pmid: Tree, base: int, **fields) -> MetaVar:
        toks = pmid.children
        line, column = self.position(base + toks[0].start_pos)
        rule, name = (str(toks[0]), str(toks[1])) if len(toks) == 2 else (None, str(toks[0]))
        return MetaVar(kind, name, line, column, inherited_from=rule, **fields)

    def decl(self, tree: Tree, base: int) -> list[MetaVar]:
        kids = [k for k in tree.children if k is not None]
        stars = "".join(str(k) for k in kids if isinstance(k, Token) and k.type == "STAR")
        type_text: str | None = None
        list_length: str | None = None
        match tree.data:
            case "decl_simple":
                words = [str(t) for t in kids[0].children]
                kind = " ".join("initializer" if w == "initialiser" else w for w in words)
            case "decl_list":
                kind = ("initializer" if str(kids[0].children[0]) == "initialiser" else str(kids[0].children[0])) + " list"
                if isinstance(kids[2], Tree) and kids[2].data == "list_len":
                    list_length = self.list_length(kids[2].children[0])
            case "decl_named_list":  # `expression list;` declares a metavariable called `list`
                word = str(kids[0].children[0])
                line, column = self.position(base + kids[1].start_pos)
                return [MetaVar("initializer" if word == "initialiser" else word, "list", line, column)]
            case "decl_fresh":
                return [self.metavar("fresh identifier", f.children[0], base, seed=self.seed(f.children[1], base))
                        for f in kids]
            case "decl_idexp" | "decl_idexp_ptr":
                kind = " ".join([str(t) for t in kids[0].children if t is not None] + ["idexpression"])
                if tree.data == "decl_idexp_ptr":
                    type_text = stars
                elif kids[1].data == "ctype":
                    type_text = self.type_text(kids[1])
            case "decl_expression":
                kind, type_text = "expression", stars or None
            case "decl_expression_any":
                kind, type_text = "expression", _join([str(kids[1].children[0])] + list(stars))
            case "decl_constant":
                kind = "constant"
                if kids[0].data == "ctype":
                    type_text = self.type_text(kids[0]) + self.array(kids[1])
            case "decl_position":
                kind = "position any" if isinstance(kids[0], Token) and kids[0].type == "ANY" else "position"
            case "decl_typed":
                kind, type_text = "expression", self.type_text(kids[0]) + self.array(kids[1])
            case _:
                raise AssertionError(tree.data)
        out = []
        for cid in kids[-1].children:
            pmid, constraint = cid.children
            out.append(self.metavar(kind, pmid, base, type_text=type_text, list_length=list_length,
                                    constraint=None if constraint is None else self.constraint(constraint, base)))
        return out

    @staticmethod
    def list_length(tree: Tree) -> str:
        """`n`, `3`, `n=3`, `n={2}` or `n={1...3}`, spaces dropped."""
        kids = tree.children
        if tree.data == "len_int":
            return str(kids[0])
        name = ".".join(_tokens(kids[0]))
        if tree.data == "len_fixed":
            return f"{name}={kids[1]}"
        if tree.data == "len_range":
            return f"{name}={{{kids[1]}...{kids[3]}}}" if kids[3] is not None else f"{name}={{{kids[1]}}}"
        return name

    @staticmethod
    def array(tree: Tree) -> str:
        return " []" if any(k is not None for k in tree.children) else ""

    def type_text(self, tree: Tree) -> str:
        parts = []
        for kid in tree.children:
            if isinstance(kid, Token):
                parts.append(str(kid))
            elif kid.data == "cv":
                parts.append(str(kid.children[0]))
            elif kid.data == "type_set":
                parts.append("{" + ", ".join(self.type_text(c) for c in kid.children) + "}")
            elif kid.data == "inherited_type":
                parts.append(".".join(str(t) for t in kid.children))
            else:
                parts.append(_join(_tokens(kid)))
        return _join(parts)

    def constraint(self, tree: Tree, base: int) -> Constraint:
        kids = tree.children
        match tree.data:
            case "c_eq" | "c_neq":
                return ValueSet(self.values(kids[0]), tree.data == "c_neq")
            case "c_regex" | "c_nregex":
                return RegexConstraint(_unquote(str(kids[0])), tree.data == "c_nregex")
            case "c_sub":
                return SubtermConstraint(self.values(kids[0]))
            case "c_script":
                return self.script_call(kids[0], base)
            case "c_not":
                return ConstraintNot(self.constraint(kids[0], base))
            case "c_and":
                return ConstraintAnd(self.constraint(kids[0], base), self.constraint(kids[1], base))
            case "c_or":
                return ConstraintOr(self.constraint(kids[0], base), self.constraint(kids[1], base))
        raise AssertionError(tree.data)

    @staticmethod
    def values(tree: Tree) -> tuple[str, ...]:
        items = [k for k in tree.children if k is not None]
        return tuple(_join(_tokens(item)) for item in items)

    def script_call(self, tree: Tree, base: int) -> ScriptConstraint:
        language, *params, body = [k for k in tree.children if k is not None]
        code = self.text[base + body.start_pos + 1: base + body.end_pos - 1]  # original text: comments kept
        return ScriptConstraint(str(language), code.strip(), tuple(".".join(_tokens(p)) for p in params))

    def seed(self, tree: Tree | None, base: int) -> Seed | None:
        if tree is None:
            return None
        if tree.data == "seed_script":
            return self.script_call(tree.children[0], base)
        parts: list[SeedText | SeedMeta] = []
        for part in tree.children:
            inner = part.children[0]
            if isinstance(inner, Token):
                parts.append(SeedText(_unquote(str(inner))))
            else:
                toks = _tokens(inner)
                parts.append(SeedMeta(toks[-1], toks[0] if len(toks) == 2 else None))
        return tuple(parts)

    def script_decl(self, tree: Tree, base: int) -> MetaVar | ScriptBinding:
        """`x << r.y;` is a binding; `x;` is a new variable the script sets (a `metavariable`)."""
        if tree.data == "script_output":
            tok = tree.children[0]
            line, column = self.position(base + tok.start_pos)
            return MetaVar("metavariable", str(tok), line, column)
        local, pmid, default = tree.children
        names = [str(t) for t in local.children]
        source = [str(t) for t in pmid.children]
        if len(source) != 2:
            raise self.error(base + pmid.children[0].start_pos, f"script metavariable '{names[0]}' must name its rule",
                             f"write '{names[0]} << rule.{source[0]};'")
        rule, name = source
        self.check_inherited(rule, name, base + pmid.children[0].start_pos)
        text = None
        if default is not None:
            text = _unquote(str(default.children[0])) if default.data == "default_string" else "[]"
        return ScriptBinding(names[0], rule, name, text, names[1] if len(names) == 2 else None)
