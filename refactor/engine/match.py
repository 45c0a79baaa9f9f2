"""Match a compiled pattern against C trees: every place the pattern's code occurs, with bindings.

Pattern and C trees come from the same grammar, so matching is a walk of both trees in step:
same node kinds, children matched in order. A metavariable matches what its kind accepts and
binds it; binding a name twice requires equal code (token by token, ignoring whitespace and
comments). `...` in argument lists and statement sequences matches any run of elements.

The isomorphisms users rely on without knowing it are built into the walk: redundant
parentheses in C, `==`/`!=` written either way round, `!E` for `E == NULL` (and back), numbers
in any base (`0` is `0x00`).

Each result records which C element every pattern token matched, for the transformer.
"""
from __future__ import annotations

from typing import Iterator

from refactor.c.lexer import Token
from refactor.c.tree import CNode
from refactor.c.types import Scope, SymbolIndex, normalize, type_of
from refactor.engine.bindings import Binding, Env, Match
from refactor.engine.places import (
    BODY_OWNERS,
    EXPRESSION_NODES,
    EXPRESSION_TOKENS,
    STATEMENT_NODES,
    WORD_TOKENS,
    braceless_body,
    in_expression,
    test_spans,
)
from refactor.engine.isomorphisms import isomorphisms
from refactor.c.cfg import Graph, graph_of
from refactor.c.scopes import Declarations
from refactor.engine.paths import continue_sequence, is_statement_dots, walk
from refactor.engine.nests import is_expression, matches_in_expression, matches_in_statements
from refactor.engine.values import CONSTANT_NAME, number, satisfies
from refactor.smpl.compile import Pattern
from refactor.source import Span

EQUIVALENT_KINDS = {"member_declaration": "declaration"}
# `...` as an argument, a statement, or a parameter: any run of elements.
_DOTS = frozenset({"dots_expression", "dots_statement", "dots_member", "ellipsis"})


class Matcher:
    """Matches one pattern against the trees of one source text."""

    def __init__(
        self, pattern: Pattern, source_text: str, index: SymbolIndex | None = None, prebound: dict[str, Binding] | None = None
    ):
        self.pattern = pattern
        # Inherited metavariables arrive bound by an earlier rule's match.
        self.start_env = Env(dict(prebound or {}), {})
        self.ptext = pattern.text
        self.ctext = source_text
        self.index = index or SymbolIndex()
        self.scope = Scope({})
        self.tests: set[tuple[int, int]] = set()  # spans of the C expressions read as truth values
        self.graphs: dict[tuple[int, int, int], Graph] = {}  # control-flow graphs of blocks, by span
        self.tree: CNode | None = None  # the definition being matched
        self.declarations: Declarations | None = None  # its variables' scopes, when needed
        # Types the typed metavariables want, normalized once.
        self.wanted = {name: normalize(m.type_text) for name, m in pattern.metavars.items() if m.type_text}
        # Isomorphisms the rule turns off: `@ disable optional_storage, ... @`.
        self.disabled = {
            name.strip() for option in pattern.rule.options if option.startswith("disable ")
            for name in option[len("disable "):].split(",")
        }

    # ------------------------------------------------------------------ entry points

    def find(self, trees: list[CNode]) -> list[Match]:
        """Every match in `trees`, outermost first, non-overlapping, in source order."""
        found: list[Match] = []
        root = self.pattern.tree
        items = [c for c in root.children]
        for tree in trees:
            self.tests = test_spans(tree, self.ctext)
            self.graphs = {}
            self.tree, self.declarations = tree, None
            if self.wanted:
                self.scope = Scope.of(tree, self.ctext)
            if root.kind == "pattern_expression":
                found.extend(self._anywhere(items[0], tree))
            elif root.kind == "pattern_statements" and len(items) == 1:
                found.extend(self._anywhere(items[0], tree))
            elif root.kind == "pattern_statements" and any(is_statement_dots(item) for item in items):
                found.extend(self._path_windows(items, tree))
            elif root.kind == "pattern_statements":
                for block in tree.nodes("compound_statement"):
                    found.extend(self._windows(items, list(block.children[1:-1])))
            elif root.kind == "start":
                found.extend(self._windows(items, list(tree.children)))
            else:  # pattern_members
                for struct in tree.nodes("struct_or_union_specifier"):
                    body = _between_braces(struct.children)
                    if body is not None:
                        found.extend(self._windows(items, body))
        return _distinct(found)

    def _anywhere(self, pattern, tree: CNode) -> Iterator[Match]:
        """Matches of `pattern` at any node of `tree`; a lone token pattern (`- f`) only where a
        token is an expression, as in spatch: not a declarator, member or label name."""
        lone_token = type(pattern) is not CNode and pattern.kind != "META_STATEMENT"
        statement = self.pattern.tree.kind == "pattern_statements"
        stack: list = [(tree, None, 0)]
        while stack:
            element, parent, index = stack.pop()
            if statement and parent is not None and parent.kind in BODY_OWNERS:
                pass  # a function's body is not a statement of a sequence
            elif not lone_token or (type(element) is not CNode and in_expression(parent, index)):
                for env in self.match(pattern, element, self.start_env):
                    yield Match(env, element.start, element.end, braceless_body(parent, index, element))
                    break
            if type(element) is CNode:
                stack.extend((child, element, i) for i, child in reversed(list(enumerate(element.children))))

    def _path_windows(self, items: list, tree: CNode) -> Iterator[Match]:
        """Matches of a statement sequence with `...` in it, starting at any statement of a
        function body and going along its control-flow paths; every way through is a match."""
        for function in tree.nodes("function_definition"):
            body = function.children[-1]
            if type(body) is not CNode or body.kind != "compound_statement":
                continue
            graph = self.graph(list(body.children[1:-1]))
            for n, node in enumerate(graph.nodes):
                if node.element is None or node.role == "do_tail":
                    continue
                for env in walk(self, graph, items, 0, n, self.start_env, prefix=True):
                    ends = [e.end for e in env.pairs.values() if e.end > e.start]
                    yield Match(env, node.element.start, max(ends, default=node.element.end))

    def graph(self, statements: list) -> Graph:
        key = (statements[0].start, statements[-1].end, len(statements)) if statements else (0, 0, 0)
        graph = self.graphs.get(key)
        if graph is None:
            graph = self.graphs[key] = graph_of(statements, self.ctext)
        return graph

    def path_mode(self, dots: Token) -> tuple[str, bool]:
        """How the `...` at `dots` follows paths: forall (every path, except that a path may
        end in a `return`), strict (every path), exists (some path); and whether it may go on
        past the code after it (`when any`). A rule with `*` lines is exists unless it says forall."""
        clauses = self.pattern.when_modes.get(dots.start, ())
        go_past = "any" in clauses
        for clause in ("strict", "exists", "forall"):
            if clause in clauses:
                return clause, go_past
        options = self.pattern.rule.options
        # A rule of `*` lines looks for places, so some path is enough, as in spatch.
        exists = "exists" in options or (bool(self.pattern.starred) and "forall" not in options)
        return ("exists" if exists else "forall"), go_past

    def names_added_before(self, dots: Token) -> frozenset[str]:
        """Metavariables that code added before `dots` uses: every path after the dots must
        bind them alike, since that code is written once."""
        names = set()
        for hunk in self.pattern.hunks:
            anchor = hunk.removed[0] if hunk.removed else hunk.before or hunk.after
            if anchor is not None and anchor.start < dots.start:
                names.update(self.pattern.added_text_names(hunk))
        return frozenset(names)

    def _windows(self, items: list, elements: list) -> Iterator[Match]:
        for first in range(len(elements)):
            for env, last in self._seq(items, elements, 0, first, self.start_env, prefix=True):
                if last > first:
                    yield Match(env, elements[first].start, elements[last - 1].end)
                    break

    # ------------------------------------------------------------------ the walk

    def match(self, p, c, env: Env) -> Iterator[Env]:
        """Ways in which pattern element `p` matches C element `c`, given `env`."""
        if type(p) is not CNode:
            yield from self._token(p, c, env)
            return
        if p.kind == "nest_expression":
            yield from self._expression_nest(p, c, env)
            return
        if type(c) is CNode:
            if p.kind == "declaration_specifiers" and c.kind == "declaration_specifiers":
                yield from self._specifiers(p, c, env)
                return
            if p.kind == "bare_function_definition" and c.kind == "function_definition":
                # no return type in the pattern: any specifiers in C
                for env2, _ in self._seq(list(p.children), list(c.children[1:]), 0, 0, env, prefix=False):
                    yield env2
                return
            if _kind(p.kind) == _kind(c.kind):
                for env2, _ in self._seq(list(p.children), list(c.children), 0, 0, env, prefix=False):
                    yield env2
            yield from isomorphisms(self, p, c, env)
        elif p.kind == "binary":
            yield from isomorphisms(self, p, c, env)  # E != NULL against a plain `x` in a test

    def _specifiers(self, p: CNode, c: CNode, env: Env) -> Iterator[Env]:
        """Declaration specifiers: the type must match; `static`, `inline`, attributes and
        qualifiers the pattern does not mention may be there, and those it mentions may come in
        any order (Coccinelle's optional storage and qualifier isomorphisms: `int x` matches
        `static const int x`, `const char *p` matches `char const *p`); a type metavariable
        matches the whole type (`unsigned long`, `struct page`)."""
        p_type, p_qual, p_other = _split_specifiers(p)
        c_type, c_qual, c_other = _split_specifiers(c)
        envs = [env]
        if "optional_storage" in self.disabled and len(p_other) != len(c_other):
            return  # `disable optional_storage`: storage classes must be exactly the pattern's
        if "optional_qualifier" in self.disabled and len(p_qual) != len(c_qual):
            return
        # each storage class, inline, attribute or qualifier of the pattern is there
        for wanted, present in ((p_other, c_other), (p_qual, c_qual)):
            for item in wanted:
                envs = [e2 for e in envs for candidate in present for e2 in self.match(item, candidate, e)]
        for e in envs:
            meta = self._type_metavariable(p_type)
            if meta is not None and c_type:
                # T binds the qualifiers the pattern leaves to it: `T x` binds T to `const int`
                typed = sorted(c_type + ([] if p_qual else c_qual), key=lambda x: x.start)
                whole = CNode("type", typed[0].start, typed[-1].end, tuple(typed))
                names = self.pattern.positions.get(meta.start)  # `T@p`
                for e2 in self._metavariable(meta, self.pattern.meta_at[meta.start], whole, e):
                    placed = e2.at(names, whole) if names else e2
                    if placed is not None:
                        yield placed
            else:
                for e2, _ in self._seq(p_type, c_type, 0, 0, e, prefix=False):
                    yield e2

    def _type_metavariable(self, p_type: list) -> Token | None:
        if len(p_type) == 1 and len(p_type[0].children) == 1:
            token = p_type[0].children[0]
            if type(token) is not CNode and token.start in self.pattern.meta_at:
                return token
        return None

    def _token(self, p: Token, c, env: Env) -> Iterator[Env]:
        names = self.pattern.positions.get(p.start)
        if names:
            for env2 in self._token_unplaced(p, c, env):
                placed = env2.at(names, c)
                if placed is not None:
                    yield placed
            return
        yield from self._token_unplaced(p, c, env)

    def _token_unplaced(self, p: Token, c, env: Env) -> Iterator[Env]:
        name = self.pattern.meta_at.get(p.start)
        if name is not None:
            yield from self._metavariable(p, name, c, env)
            return
        if type(c) is CNode:
            return
        ptext = self.ptext[p.start:p.end]
        ctext = self.ctext[c.start:c.end]
        if p.kind in WORD_TOKENS:
            same = c.kind in WORD_TOKENS and ptext == ctext
        elif p.kind == "NUMBER":
            same = c.kind == "NUMBER" and number(ptext) == number(ctext) or (
                c.kind == "CHAR" and ctext == "'\\0'" and number(ptext) == 0  # 0 is '\0'
            )
        else:
            same = p.kind == c.kind and ptext == ctext
        if same:
            yield env.pair(p, c)

    def _metavariable(self, p: Token, name: str, c, env: Env) -> Iterator[Env]:
        kind = self.pattern.metavars[name].kind
        is_node = type(c) is CNode
        if kind in ("expression",):
            ok = c.kind in EXPRESSION_NODES if is_node else c.kind in EXPRESSION_TOKENS
        elif kind in ("declarer name", "iterator name", "attribute name"):
            # These declare a name, as `symbol` does, not a metavariable (`declarer D;` would be
            # one): `declarer name D;` matches D only, as in spatch.
            ok = not is_node and c.kind in WORD_TOKENS and self.ctext[c.start:c.end] == name
        elif kind in ("identifier", "symbol", "fresh identifier"):
            ok = not is_node and c.kind in WORD_TOKENS
            if kind == "symbol":
                ok = ok and self.ctext[c.start:c.end] == name
        elif kind == "idexpression":
            ok = not is_node and c.kind == "IDENT"
        elif kind == "constant":
            # Numbers, characters, strings, and ALL-CAPS names (taken for #defined constants,
            # as Coccinelle does).
            ok = (
                not is_node and c.kind in ("NUMBER", "CHAR", "STRING")
                or is_node and c.kind == "string_seq"
                or not is_node and c.kind == "IDENT" and CONSTANT_NAME.match(self.ctext[c.start:c.end]) is not None
            )
        elif kind == "type":
            ok = not is_node and c.kind in ("TYPEDEF_NAME",) or is_node and c.kind in ("type", "struct_or_union_specifier", "enum_specifier", "typeof_specifier")
            ok = ok or not is_node and c.kind in ("void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool")
        elif kind == "statement":
            ok = is_node and c.kind in STATEMENT_NODES
        else:
            ok = False
        if not ok:
            return
        constraint = self.pattern.metavars[name].constraint
        if constraint is not None and not satisfies(constraint, self.ctext[c.start:c.end] if not is_node else " ".join(
            self.ctext[t.start:t.end] for t in c.tokens()
        )):
            return
        wanted = self.wanted.get(name)
        if wanted is not None:
            env = self._typed(wanted, type_of(c, self.ctext, self.scope, self.index), env)
            if env is None:
                return
        words = tuple(self.ctext[t.start:t.end] for t in (c.tokens() if is_node else (c,)))
        bound = env.bindings.get(name)
        if bound is not None:
            if bound.words == words and self._same_variable(name, bound.element, c):
                yield env.pair(p, c)
            return
        yield env.bind(Binding(name, c, words, self.ctext[c.start:c.end])).pair(p, c)

    def _same_variable(self, name: str, first, second) -> bool:
        """A name bound twice by an expression metavariable must be the same variable: not a
        local of an inner block that happens to have the same spelling."""
        if type(first) is CNode or type(second) is CNode or first.kind != "IDENT" or name in self.start_env.bindings:
            return True
        if self.pattern.metavars[name].kind not in ("expression", "idexpression"):
            return True
        if self.declarations is None:
            self.declarations = Declarations(self.tree, self.ctext)
        word = self.ctext[first.start:first.end]
        return self.declarations.of(word, first.start) == self.declarations.of(word, second.start)

    def _seq(self, ps: list, cs: list, i: int, j: int, env: Env, prefix: bool) -> Iterator[tuple[Env, int]]:
        """Match ps[i:] against cs[j:]; with `prefix`, cs may go on after the pattern ends."""
        if i == len(ps):
            if prefix or j == len(cs):
                yield env, j
            return
        p = ps[i]
        if is_statement_dots(p) and _statement_list(cs):
            yield from continue_sequence(self, ps, i, cs, j, env, prefix)
            return
        if type(p) is CNode and p.kind == "nest_statements":
            yield from self._statement_nest(ps, cs, i, j, env, prefix)
            return
        if type(p) is CNode and (p.kind in _DOTS or self._dots_node(p)):
            forbidden = self.pattern.when_not.get(p.children[0].start, ()) if p.children else ()
            for k in range(j, len(cs) + 1):
                if forbidden and k > j and self._contains(cs[k - 1], forbidden, env):
                    break  # `... when != X`: the dots cannot run over X
                at = cs[j].start if j < len(cs) else (cs[j - 1].end if j else 0)
                consumed = Span(at, cs[k - 1].end) if k > j else Span(at, at)
                yield from self._seq(ps, cs, i + 1, k, env.pair(p.children[0], consumed), prefix)
            if i + 1 < len(ps) and self._is(ps[i + 1], ","):
                # f(..., E) against f(a): the dots and their comma stand for nothing
                nothing = Span(cs[j].start, cs[j].start) if j < len(cs) else Span(cs[j - 1].end, cs[j - 1].end) if j else Span(0, 0)
                skipped = env.pair(p.children[0], nothing).pair(ps[i + 1], nothing)
                yield from self._seq(ps, cs, i + 2, j, skipped, prefix)
            return
        list_name = self._list_metavariable(p)
        if list_name is not None:
            # A list metavariable takes any run of elements (commas included), bound as one.
            for k in range(j, len(cs) + 1):
                if k > j and self._cis(cs[k - 1], ","):
                    continue
                for env2 in self._bind_run(list_name, p, cs[j:k], cs, j, env):
                    yield from self._seq(ps, cs, i + 1, k, env2, prefix)
            return
        at_end = j == len(cs) or self._cis(cs[j], ")") and j == len(cs) - 1
        if self._is(p, ",") and i + 1 < len(ps) and type(ps[i + 1]) is CNode and (ps[i + 1].kind in _DOTS or self._dots_node(ps[i + 1])) and at_end:
            # f(E, ...) against f(a): the comma and the dots stand for nothing
            nothing = Span(cs[j - 1].end, cs[j - 1].end) if j else Span(0, 0)
            yield from self._seq(ps, cs, i + 2, j, env.pair(p, nothing).pair(ps[i + 1].children[0], nothing), prefix)
            return
        if type(p) is CNode and p.kind == "macro_args" and self._only_dots(p) and j < len(cs) and self._cis(cs[j], ")"):
            empty = Span(cs[j].start, cs[j].start)
            yield from self._seq(ps, cs, i + 1, j, env.pair(p.children[0].children[0], empty), prefix)  # f(...) vs f()
        if j == len(cs):
            return
        for env2 in self.match(p, cs[j], env):
            yield from self._seq(ps, cs, i + 1, j + 1, env2, prefix)

    def _statement_nest(self, ps: list, cs: list, i: int, j: int, env: Env, prefix: bool) -> Iterator[tuple[Env, int]]:
        """`<... P ...>` among statements: any run, like `...`, with every P in it matched;
        `<+... P ...+>` needs one P at least."""
        p = ps[i]
        opening, closing = p.children[0], p.children[-1]
        nest = self.pattern.nests[opening.start]
        forbidden = self.pattern.when_not.get(opening.start, ())
        everywhere = matches_in_statements(self, p, cs[j:], env)
        last = len(cs)
        if forbidden:
            last = next((k for k in range(j, len(cs)) if self._contains(cs[k], forbidden, env)), len(cs))
        # A nest that ends the pattern runs as far as it can: to the end of the block.
        for k in range(last, last + 1) if prefix and i + 1 == len(ps) else range(j, last + 1):
            end = cs[k - 1].end if k > j else None
            inside = [m for m in everywhere if end is not None and m.end <= end]
            if nest.at_least_once and not inside:
                continue
            at = cs[j].start if j < len(cs) else (cs[j - 1].end if j else 0)
            env2 = env.pair(opening, Span(at, at)).pair(closing, Span(end or at, end or at)).with_nested(opening.start, inside)
            yield from self._seq(ps, cs, i + 1, k, env2, prefix)

    def _expression_nest(self, p: CNode, c, env: Env) -> Iterator[Env]:
        """`<+... E ...+>` as an expression: any expression with E inside (or E itself)."""
        if not is_expression(c):
            return
        opening, closing = p.children[0], p.children[-1]
        inside = matches_in_expression(self, p.children[1], c, env)
        if self.pattern.nests[opening.start].at_least_once and not inside:
            return
        yield env.pair(opening, Span(c.start, c.start)).pair(closing, Span(c.end, c.end)).with_nested(opening.start, inside)

    # ------------------------------------------------------------------ small helpers

    def _typed(self, wanted: str, actual: str | None, env: Env) -> Env | None:
        """Does an expression of type `actual` fit the declared type `wanted` (`struct s *`,
        `T *` with T a type metavariable, `*` for any pointer)? Binds T; None when it does not."""
        if actual is None:
            return None
        stars = wanted.count("*")
        base = wanted.replace("*", " ").split()
        if not base:  # expression *E: any pointer
            return env if actual.endswith(" *") else None
        if len(base) == 1 and self.pattern.metavars.get(base[0]) is not None and self.pattern.metavars[base[0]].kind == "type":
            if actual.count("*") < stars:
                return None
            bound_type = actual[: len(actual) - 2 * stars] if stars else actual
            words = tuple(bound_type.replace("*", " * ").split())
            existing = env.bindings.get(base[0])
            if existing is not None:
                return env if existing.words == words else None
            return env.bind(Binding(base[0], CNode("type", 0, 0, ()), words, bound_type))
        return env if actual == wanted else None

    def _dots_node(self, p: CNode) -> bool:
        """`...` as an enumerator or a parameter in a pattern (`enum e { ..., a }`, `f(..., int i)`)."""
        return (
            p.kind in ("enumerator", "parameter_declaration")
            and len(p.children) == 1
            and type(p.children[0]) is not CNode
            and p.children[0].kind in ("...", "DOTS_PARAMETER", "DOTS_LINE")
        )

    def _list_metavariable(self, p) -> str | None:
        """The name of a list metavariable standing alone as `p` (perhaps wrapped in nodes)."""
        token = p
        while type(token) is CNode and len(token.children) == 1:
            token = token.children[0]
        if type(token) is CNode:
            if token.kind != "parameter_declaration":
                return None
            tokens = list(token.tokens())
            if len(tokens) != 1:
                return None
            token = tokens[0]
        name = self.pattern.meta_at.get(token.start)
        if name is not None and self.pattern.metavars[name].kind.endswith(" list"):
            return name
        return None

    def _bind_run(self, name: str, p, run: list, cs: list, j: int, env: Env) -> Iterator[Env]:
        if run:
            element = CNode("list", run[0].start, run[-1].end, tuple(run))
        else:
            at = cs[j].start if j < len(cs) else (cs[j - 1].end if j else 0)
            element = CNode("list", at, at, ())
        words = tuple(self.ctext[t.start:t.end] for t in element.tokens())
        token = next(iter(p.tokens())) if type(p) is CNode else p
        bound = env.bindings.get(name)
        if bound is not None:
            if bound.words == words:
                yield env.pair(token, Span(element.start, element.end))
            return
        yield env.bind(Binding(name, element, words, self.ctext[element.start:element.end])).pair(
            token, Span(element.start, element.end)
        )

    def _contains(self, element, forbidden, env: Env) -> bool:
        """Does any node or token under `element` match one of the `forbidden` patterns?"""
        stack = [element]
        while stack:
            current = stack.pop()
            for pattern in forbidden:
                for _ in self.match(pattern, current, env):
                    return True
            if type(current) is CNode:
                stack.extend(current.children)
        return False

    def _is(self, p, text: str) -> bool:
        return type(p) is not CNode and self.ptext[p.start:p.end] == text

    def _cis(self, c, text: str) -> bool:
        return type(c) is not CNode and self.ctext[c.start:c.end] == text

    def _only_dots(self, p: CNode) -> bool:
        return len(p.children) == 1 and type(p.children[0]) is CNode and p.children[0].kind == "dots_expression"

    def _op(self, p: CNode) -> str:
        op = p.children[1] if p.kind == "binary" else p.children[0]
        return self.ptext[op.start:op.end] if type(op) is not CNode else ""

    def _cop(self, c: CNode) -> str:
        op = c.children[1] if c.kind == "binary" else c.children[0]
        return self.ctext[op.start:op.end] if type(op) is not CNode else ""

    def _is_null(self, c) -> bool:
        return type(c) is not CNode and self.ctext[c.start:c.end] in ("NULL", "0")

    def _is_null_pattern(self, p) -> bool:
        return type(p) is not CNode and self.ptext[p.start:p.end] in ("NULL", "0") and p.start not in self.pattern.meta_at


# Nodes whose token children are expressions (the member name of `E->f` is not: index 2).
def _kind(kind: str) -> str:
    return EQUIVALENT_KINDS.get(kind, kind)


def _split_specifiers(specifiers: CNode) -> tuple[list, list, list]:
    """Type specifiers, qualifiers, and the rest (storage classes, inline, attributes)."""
    parts: tuple[list, list, list] = ([], [], [])
    for x in specifiers.children:
        kind = x.kind if type(x) is CNode else ""
        parts[0 if kind == "type_specifier" else 1 if kind == "type_qualifier" else 2].append(x)
    return parts


_BLOCK_ITEMS = STATEMENT_NODES | {"declaration", "macro_declaration", "label", "local_label_declaration"}


def _statement_list(cs: list) -> bool:
    """Are `cs` the items of a block (perhaps with its braces)?"""
    items = [c for c in cs if type(c) is CNode]
    return len(items) == len([c for c in cs if type(c) is CNode or c.kind not in ("{", "}")]) and all(
        c.kind in _BLOCK_ITEMS for c in items
    )


def _between_braces(children) -> list | None:
    kinds = [c.kind if type(c) is not CNode else "" for c in children]
    if "{" not in kinds or "}" not in kinds:
        return None
    return list(children[kinds.index("{") + 1:len(kinds) - 1 - kinds[::-1].index("}")])


def _distinct(matches: list[Match]) -> list[Match]:
    """Matches in source order, one per matched span. Nested matches are all kept (`g(g(x))`
    renames both calls, as spatch does); edits that truly conflict are reported later."""
    seen: set[tuple[int, int]] = set()
    out = []
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            out.append(m)
    return out
