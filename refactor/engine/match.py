"""Match a compiled pattern against C trees: every place the pattern's code occurs, with bindings.

Pattern and C trees come from the same grammar, so matching is a walk of both trees in step:
same node kinds, children matched in order. A metavariable matches what its kind accepts and
binds it; binding a name twice requires equal code (token by token, ignoring whitespace and
comments). `...` in argument lists and statement sequences matches any run of elements.

The isomorphisms users rely on without knowing it are built into the walk: parentheses the
rule writes are optional in C, `==`/`!=` written either way round, `!E` for `E == NULL` (and back), numbers
in any base (`0` is `0x00`).

Each result records which C element every pattern token matched, for the transformer.
"""
from __future__ import annotations

from typing import Iterator

from refactor.c.cfg import Graph, graph_of, own_parts
from refactor.c.lexer import Token
from refactor.c.parser import BINARY_PRECEDENCE
from refactor.c.scopes import Declarations
from refactor.c.symbols import SymbolIndex
from refactor.c.tree import CNode
from refactor.engine.bindings import Binding, Env, Match
from refactor.engine.places import (
    BODY_OWNERS,
    EXPRESSION_NODES,
    EXPRESSION_TOKENS,
    STATEMENT_NODES,
    WORD_TOKENS,
    braceless_body,
    in_expression,
    is_operator,
    test_spans,
)
from refactor.engine.isomorphisms import isomorphisms, tested_against_zero
from refactor.engine.nests import attach, is_expression, matches_in_expression, matches_in_statements
from refactor.engine.paths import continue_sequence, is_statement_dots, walk
from refactor.engine.prefilter import required_words, spans_holding
from refactor.engine.typed import TypeCheck
from refactor.engine.values import CONSTANT_NAME, number, satisfies
from refactor.smpl.model import SubtermConstraint
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
        self._tests: set[tuple[int, int]] | None = None  # see `tests`
        self._branch_blocks: set[int] | None = None  # see `_is_branch_block`
        self.graphs: dict[tuple[int, int, int], Graph] = {}  # control-flow graphs of blocks, by span
        self.tree: CNode | None = None  # the definition being matched
        self.all_trees: list[CNode] = []
        self._functions: frozenset[str] | None = None
        # Type metavariables that a typedef of the pattern declares (`typedef struct {...} T;`)
        self.typedef_names = {
            t.start
            for declaration in pattern.tree.nodes("declaration")
            if any(pattern.text[x.start:x.end] == "typedef" for x in declaration.children[0].tokens())
            for holder in declaration.children[1:] if type(holder) is CNode
            for declarator in holder.nodes("declarator")
            for t in declarator.children if type(t) is not CNode and t.start in pattern.meta_at
        }
        self.declarations: Declarations | None = None  # its variables' scopes, when needed
        # Typed metavariables are checked once the rest of a match is made (refactor.engine.typed).
        self.types = TypeCheck(pattern, source_text, index or SymbolIndex())
        # The other alternatives of the rule's disjunctions (set by whoever runs the rule), and
        # this one's place among them: a `...` stops where another alternative's code after the
        # same `...` matches (see refactor.engine.paths).
        self.alternatives: tuple = (pattern,)
        self.alternative_index = 0
        self._siblings: dict[int, Matcher] = {}
        self._stoppers: dict[int, tuple] = {}
        # `v <@e 0`: an expression metavariable bound with @ on an operator stands for the whole
        # expression the operator makes; by the pattern node's span, the names it binds.
        self.whole_aliases = {
            (node.start, node.end): names
            for node in pattern.tree.nodes()
            for child in node.children
            if type(child) is not CNode and is_operator(child)
            for names in [tuple(n for n in pattern.positions.get(child.start, ()) if pattern.metavars[n].kind != "position")]
            if names
        }
        # Isomorphisms the rule turns off: `@ disable optional_storage, ... @`.
        self.disabled = {
            name.strip() for option in pattern.rule.options if option.startswith("disable ")
            for name in option[len("disable "):].split(",")
        }

    @property
    def tests(self) -> set[tuple[int, int]]:
        """Spans of the C expressions the definition being matched reads as truth values: found
        when an isomorphism first asks (a walk of the whole tree, which most patterns never need)."""
        if self._tests is None:
            self._tests = test_spans(self.tree, self.ctext) if self.tree is not None else set()
        return self._tests

    # ------------------------------------------------------------------ entry points

    def find(self, trees: list[CNode]) -> list[Match]:
        """Every match in `trees`, outermost first, non-overlapping, in source order."""
        found: list[Match] = []
        self.all_trees = trees
        root = self.pattern.tree
        items = [c for c in root.children]
        for tree in trees:
            self._tests = None
            self._branch_blocks = None
            self.graphs = {}
            self.tree, self.declarations = tree, None
            self.types.enter(tree)
            if root.kind == "pattern_expression":
                found.extend(self._anywhere(items[0], tree))
            elif root.kind == "pattern_statements" and len(items) == 1:
                found.extend(self._anywhere(items[0], tree))
            elif root.kind == "pattern_statements" and any(is_statement_dots(item) for item in items):
                found.extend(self._path_windows(items, tree))
            elif root.kind == "pattern_statements":
                for block in tree.nodes("compound_statement"):
                    found.extend(self._windows(items, list(block.children[1:-1])))
            elif root.kind == "pattern_type":
                found.extend(self._types(items[0], tree))
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
        # A typed expression metavariable alone (`- x` with `size_t x;`) takes whole expressions
        # of its type too, not only single words: its type keeps it from taking everything.
        typed_alone = lone_token and self.pattern.meta_at.get(pattern.start) in self.types.wanted
        # So does one bound by an earlier rule (`expression r.E;` then `E@p`): its code says where.
        typed_alone = typed_alone or lone_token and self.pattern.meta_at.get(pattern.start) in self.start_env.bindings
        # An identifier metavariable alone names any identifier, a declared one too (spatch);
        # a plain word alone only where it is an expression.
        name = self.pattern.meta_at.get(pattern.start) if lone_token else None
        any_identifier = name is not None and self.pattern.metavars[name].kind in ("identifier", "symbol")
        # A node matches a token only through an isomorphism (`E != NULL` a plain tested `x`,
        # `(T)E` an `x` without its cast) or a nest around it: other tokens are skipped.
        node_pattern = type(pattern) is CNode and pattern.kind not in ("binary", "cast", "nest_expression")
        statement = self.pattern.tree.kind == "pattern_statements"
        block = type(pattern) is CNode and pattern.kind == "compound_statement"
        # A match holds every word the pattern requires (refactor.engine.prefilter): a subtree
        # without them all is not walked (most of a definition, for a rename's `x->f`).
        words = required_words(self.pattern) if len(self.pattern.tree.children) == 1 else frozenset()
        holds = spans_holding(words, self.ctext, tree.start, tree.end)
        stack: list = [(tree, None, 0)]
        while stack:
            element, parent, index = stack.pop()
            if holds is not None and not holds(element.start, element.end):
                continue
            if statement and parent is not None and parent.kind in BODY_OWNERS and not block:
                pass  # a function's body is not a statement of a sequence (but `{ ... }` is a body)
            elif node_pattern and type(element) is not CNode:
                pass
            elif not lone_token or (any_identifier and type(element) is not CNode) or in_expression(parent, index) and (
                type(element) is not CNode or typed_alone and element.kind in EXPRESSION_NODES and element.kind != "paren"
            ):
                body = braceless_body(parent, index, element)
                for env, _ in self.types.each((env, None) for env in self.match(pattern, element, self.start_env)):
                    yield Match(env, element.start, element.end, body)
            if type(element) is CNode:
                stack.extend((child, element, i) for i, child in reversed(list(enumerate(element.children))))

    def _types(self, pattern: CNode, tree: CNode) -> Iterator[Match]:
        """A type on its own matches the type of every declaration, parameter, cast and sizeof
        that has it (storage classes and qualifiers the pattern leaves out may be there)."""
        wanted = pattern.children[0]
        if len(pattern.children) > 1:
            return  # refused when compiled: a pointer or array type on its own
        for specifiers in tree.nodes("declaration_specifiers"):
            found = self.types.first((env, None) for env in self._specifiers(wanted, specifiers, self.start_env))
            if found is not None:
                yield Match(found[0], specifiers.start, specifiers.end)

    def _path_windows(self, items: list, tree: CNode) -> Iterator[Match]:
        """Matches of a statement sequence with `...` in it, starting at any statement of a
        function body and going along its control-flow paths; every way through is a match."""
        for function in tree.nodes("function_definition"):
            body = function.children[-1]
            if type(body) is not CNode or body.kind != "compound_statement":
                continue
            graph = self.graph(list(body.children[1:-1]), body.children[0].end)
            for n, node in enumerate(graph.nodes):
                if node.element is None or node.role == "do_tail":
                    continue
                for env in walk(self, graph, items, 0, n, self.start_env, prefix=True):
                    found = self.types.first([(env, None)])
                    if found is None:
                        continue
                    ends = [e.end for e in env.pairs.values() if e.end > e.start]
                    yield Match(found[0], node.element.start, max(ends, default=node.element.end))

    def graph(self, statements: list, end: int = 0) -> Graph:
        """The control-flow graph of a block's statements (`end`: where an empty block's inside is)."""
        key = (statements[0].start, statements[-1].end, len(statements)) if statements else (end, end, 0)
        graph = self.graphs.get(key)
        if graph is None:
            # spatch follows a `goto` out of an if's (an else's) braces, not out of a loop's body
            outside = self._function_body() if statements and self._is_branch_block(statements[0]) else None
            graph = self.graphs[key] = graph_of(statements, self.ctext, end, outside)
        return graph

    def _is_branch_block(self, first: CNode) -> bool:
        """Is `first` the first statement of an if's or an else's branch (in braces or not)?"""
        if self._branch_blocks is None:
            self._branch_blocks = {
                (branch.children[1] if branch.kind == "compound_statement" else branch).start
                for node in (self.tree.nodes("if_statement") if self.tree is not None else ())
                for branch in node.children[4::2]
                if type(branch) is CNode and (branch.kind != "compound_statement" or len(branch.children) > 2)
            }
        return first.start in self._branch_blocks

    def _function_body(self) -> list | None:
        """The statements of the function being matched (where a `goto` out of an inner block
        goes on), if the definition is one."""
        tree = self.tree
        while tree is not None and tree.kind != "function_definition":
            tree = tree.children[0] if len(tree.children) == 1 and type(tree.children[0]) is CNode else None
        if tree is None:
            return None
        body = tree.children[-1]
        if type(body) is not CNode or body.kind != "compound_statement":
            return None
        return list(body.children[1:-1])

    def stoppers(self, dots: Token, target) -> tuple[tuple[bool, "Matcher", object], ...]:
        """What the other alternatives of a disjunction put after this very `...` (same code up
        to it, other code after it), as (comes earlier in the rule, its matcher, its element).
        `a(); ... ( b(); | c(); )` is one `...` up to the first b() or c(): the alternatives are
        matched one by one here, so each must stop where another's code is met."""
        found = self._stoppers.get(dots.start)
        if found is None:
            prefix = self.ptext[:dots.start]
            own = self.ptext[target.start:target.end]
            out = []
            for k, other in enumerate(self.alternatives):
                if k == self.alternative_index or not isinstance(other, Pattern) or other.text[:dots.start] != prefix:
                    continue
                element = _after_dots(other.tree, dots.start)
                if element is not None and other.text[element.start:element.end] not in (own, "}"):
                    out.append((k < self.alternative_index, self._sibling(k, other), element))
            found = self._stoppers[dots.start] = tuple(out)
        for _, sibling, _ in found:
            if sibling.tree is not self.tree:
                sibling.tree, sibling.declarations, sibling._tests = self.tree, self.declarations, self._tests
                sibling._branch_blocks = self._branch_blocks
                sibling.types.enter(self.tree)
            sibling.graphs, sibling.all_trees = self.graphs, self.all_trees
        return found

    def _sibling(self, k: int, other: Pattern) -> "Matcher":
        sibling = self._siblings.get(k)
        if sibling is None:
            sibling = self._siblings[k] = Matcher(other, self.ctext, self.types.index, dict(self.start_env.bindings))
        return sibling

    def path_mode(self, dots: Token) -> tuple[str, bool]:
        """How the `...` at `dots` follows paths: forall (every path, except that a path may
        end in a `return`), strict (every path), exists (some path); and whether it may go on
        past the code after it (`when any`). A rule with `*` lines is exists unless it says forall."""
        clauses = [c for c in self.pattern.when_modes.get(dots.start, ()) if isinstance(c, str)]
        go_past = "any" in clauses
        for clause in ("strict", "exists", "forall"):
            if clause in clauses:
                return clause, go_past
        options = self.pattern.rule.options
        # A rule of `*` lines looks for places, so some path is enough, as in spatch.
        exists = "exists" in options or (bool(self.pattern.starred) and "forall" not in options)
        return ("exists" if exists else "forall"), go_past

    def enabled(self, isomorphism: str) -> bool:
        """Is the isomorphism named so (as in Coccinelle's standard.iso; `braces` for any of
        braces0-4) on for this rule? `@ disable drop_cast @` or `disable all` turn them off."""
        return not ({isomorphism, "all"} & self.disabled or isomorphism == "braces" and any(
            name.startswith("braces") for name in self.disabled
        ))

    def forbidden_branches(self, dots: Token) -> tuple:
        """`... when != true E`: ("true", E) pairs, branches the dots may not take."""
        return tuple(c for c in self.pattern.when_modes.get(dots.start, ()) if not isinstance(c, str))

    def names_added_outside_nests(self) -> frozenset[str]:
        """Metavariables that code added outside every nest uses."""
        return frozenset(name for hunk in self.pattern.hunks for name in self.pattern.added_text_names(hunk))

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
            windows = self._seq(items, elements, 0, first, self.start_env, prefix=True)
            for env, last in self.types.each((env, last) for env, last in windows if last > first):
                yield Match(env, elements[first].start, elements[last - 1].end)

    # ------------------------------------------------------------------ the walk

    def match(self, p, c, env: Env) -> Iterator[Env]:
        """Ways in which pattern element `p` matches C element `c`, given `env`."""
        if self.whole_aliases and type(p) is CNode and (p.start, p.end) in self.whole_aliases:
            for env2 in self._match(p, c, env):
                for name in self.whole_aliases[(p.start, p.end)]:
                    env2 = next(iter(self._metavariable(Token("IDENT", -1, -1), name, c, env2)), None)
                    if env2 is None:
                        break
                if env2 is not None:
                    yield env2
            return
        yield from self._match(p, c, env)

    def _match(self, p, c, env: Env) -> Iterator[Env]:
        if type(p) is not CNode:
            yield from self._token(p, c, env)
            if type(c) is CNode and c.kind == "binary" and self._cop(c) == "!=" and (c.start, c.end) in self.tests:
                yield from tested_against_zero(self, p, c, env)
            return
        if p.kind == "nest_expression":
            yield from self._expression_nest(p, c, env)
            return
        if p.kind == "bare_expression":
            # an expression among statements: anywhere in what one statement evaluates itself
            if type(c) is CNode and c.kind in STATEMENT_NODES | {"declaration"}:
                for part in own_parts(c):
                    for inner in matches_in_expression(self, p.children[0], part, env):
                        yield inner.env
            return
        if type(c) is CNode:
            if p.kind == "parameter_declaration" and c.kind == "parameter_declaration":
                lone = self._lone_metavariable(p, "parameter")
                if lone is not None:  # `parameter P;` standing for a whole parameter
                    yield from self._metavariable(lone, self.pattern.meta_at[lone.start], c, env)
                    return
            if p.kind == "declaration_specifiers" and c.kind == "declaration_specifiers":
                yield from self._specifiers(p, c, env)
                return
            if p.kind == "struct_or_union_specifier" == c.kind and type(p.children[0]) is not CNode and (
                p.children[0].kind == "META_TYPE_BODY"
            ):
                yield from self._struct_of_type(p, c, env)
                return
            if p.kind == "bare_function_definition" and c.kind == "function_definition":
                # no return type in the pattern: any specifiers in C, and the `*` of a function
                # returning a pointer is part of that type
                declarator, body = c.children[1], c.children[2:]
                inner = [x for x in declarator.children if not (type(x) is CNode and x.kind == "pointer")]
                if len(inner) < len(declarator.children):
                    declarator = CNode("declarator", inner[0].start, declarator.end, tuple(inner))
                for env2, _ in self._seq(list(p.children), [declarator, *body], 0, 0, env, prefix=False):
                    yield env2
                return
            if _kind(p.kind) == _kind(c.kind):
                for env2, _ in self._seq(list(p.children), list(c.children), 0, 0, env, prefix=False):
                    yield env2
            yield from isomorphisms(self, p, c, env)
        elif p.kind in ("binary", "paren", "cast"):
            # E != NULL against a plain `x` in a test; (E) and (T)E against a plain `x`
            yield from isomorphisms(self, p, c, env)

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

    def _struct_of_type(self, p: CNode, c: CNode, env: Env) -> Iterator[Env]:
        """`T { ... }`: a struct or union with a tag and a body; T is bound to `struct tag`."""
        words = [x for x in c.children if type(x) is not CNode]
        braces = [k for k, x in enumerate(c.children) if type(x) is not CNode and x.kind == "{"]
        if not braces:
            return
        keyword = words[0]
        tag = words[1] if words[1].kind in ("IDENT", "TYPEDEF_NAME") else None
        if tag is None:  # `typedef struct { ... } name;`: the declaration's iso names T
            whole = CNode("type", keyword.start, keyword.end, (keyword,))
            code = self.ctext[keyword.start:keyword.end] + " <anonymous>"
        else:
            code = f"{self.ctext[keyword.start:keyword.end]} {self.ctext[tag.start:tag.end]}"
            whole = CNode("type", keyword.start, tag.end, (keyword, tag))
        for env2 in self._metavariable(p.children[0], self.pattern.meta_at[p.children[0].start], whole, env):
            bound = env2.bindings[self.pattern.meta_at[p.children[0].start]]
            env2 = env2.bind(Binding(bound.name, whole, tuple(code.split()), code))
            for env3, _ in self._seq(list(p.children[1:]), list(c.children[braces[0]:]), 0, 0, env2, prefix=False):
                yield env3

    def _type_metavariable(self, p_type: list) -> Token | None:
        if len(p_type) == 1 and len(p_type[0].children) == 1:
            token = p_type[0].children[0]
            if type(token) is not CNode and token.start in self.pattern.meta_at:
                return token
        return None

    def _token(self, p: Token, c, env: Env) -> Iterator[Env]:
        names = self.pattern.positions.get(p.start)
        if names:
            place = f"{c.start}:{c.end}"
            aliases = tuple(n for n in names if self.pattern.metavars[n].kind != "position")
            names = tuple(n for n in names if n not in aliases)
            if is_operator(p):
                aliases = ()  # `v <@e 0`: e is the whole comparison, bound by `match`
            for name in names:
                constraint = self.pattern.metavars[name].constraint
                if constraint is not None and not satisfies(constraint, place):
                    return  # `position p != r.p`: not where r matched
            for env2 in self._token_unplaced(p, c, env):
                placed = env2.at(names, c)
                for alias in aliases:  # `probe@fld`: fld is the word probe matched too
                    if placed is not None:
                        placed = next(iter(self._metavariable(Token("IDENT", -1, -1), alias, c, placed)), None)
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
        elif kind == "attribute":
            ok = c.kind == "attribute" if is_node else c.kind in ("ATTR", "ATTR_FN")
        elif kind == "initializer":
            ok = c.kind in EXPRESSION_NODES | {"initializer_list", "initializer"} if is_node else c.kind in EXPRESSION_TOKENS
        elif kind in ("declarer name", "iterator name", "attribute name"):
            # These declare a name, as `symbol` does, not a metavariable (`declarer D;` would be
            # one): `declarer name D;` matches D only, as in spatch.
            ok = not is_node and c.kind in WORD_TOKENS and self.ctext[c.start:c.end] == name
        elif kind == "iterator":
            ok = not is_node and c.kind in WORD_TOKENS  # `iterator i;`: any loop macro
        elif kind in ("function", "local function"):
            ok = not is_node and c.kind in WORD_TOKENS and (
                kind == "function" or self.ctext[c.start:c.end] in self._defined_functions()
            )
        elif kind in ("identifier", "symbol", "fresh identifier"):
            ok = not is_node and c.kind in WORD_TOKENS
            if kind == "symbol":
                ok = ok and self.ctext[c.start:c.end] == name
        elif kind == "idexpression":
            ok = not is_node and c.kind == "IDENT"
        elif kind in ("local idexpression", "global idexpression"):
            # a variable of the function (parameter or local), or one from outside it
            ok = not is_node and c.kind == "IDENT" and self._is_local(c) == (kind == "local idexpression")
        elif kind == "constant":
            ok = self._constant(c)
        elif kind == "type" and p.start in self.typedef_names:
            ok = not is_node and c.kind in WORD_TOKENS  # `typedef struct { ... } T;` names T
        elif kind == "type":
            ok = not is_node and c.kind in ("TYPEDEF_NAME",) or is_node and c.kind in ("type", "struct_or_union_specifier", "enum_specifier", "typeof_specifier")
            ok = ok or not is_node and c.kind in ("void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "_Bool")
        elif kind == "statement":
            ok = is_node and c.kind in STATEMENT_NODES
        elif kind == "declaration":
            ok = is_node and c.kind in ("declaration", "macro_declaration")
        elif kind == "field":
            ok = is_node and c.kind == "member_declaration"
        elif kind == "parameter":
            ok = is_node and c.kind == "parameter_declaration"
        elif kind == "binary operator":
            ok = not is_node and c.kind in BINARY_PRECEDENCE
        elif kind == "assignment operator":
            ok = not is_node and c.kind in _ASSIGNMENT_OPERATORS
        else:
            ok = False
        if not ok:
            return
        constraint = self.pattern.metavars[name].constraint
        words = tuple(self.ctext[t.start:t.end] for t in (c.tokens() if is_node else (c,)))
        if type(constraint) is SubtermConstraint:
            if not _subterm(words, constraint, env):
                return
        elif constraint is not None and not satisfies(constraint, self.ctext[c.start:c.end] if not is_node else " ".join(words)):
            return
        bound = env.bindings.get(name)
        if bound is not None:
            if bound.words == words and self._same_variable(name, bound.element, c):
                yield env.pair(p, c)
            return
        typed_later = name in self.types.wanted
        yield env.bind(Binding(name, c, words, self.ctext[c.start:c.end]), typed_later).pair(p, c)

    def _defined_functions(self) -> frozenset[str]:
        """Names of the functions the file defines (for `local function f;`), from every tree."""
        if self._functions is None:
            names = set()
            for tree in self.all_trees:
                for function in tree.nodes("function_definition"):
                    declarator = function.children[1] if len(function.children) > 2 else function.children[0]
                    names.update(self.ctext[t.start:t.end] for t in declarator.children if type(t) is not CNode and t.kind == "IDENT")
            self._functions = frozenset(names)
        return self._functions

    def _constant(self, c) -> bool:
        """Numbers, characters, strings, ALL-CAPS names (taken for #defined constants, as
        Coccinelle does), any of them negated (`-1`, `-FOO`), and sizeof (spatch 1.1.1)."""
        if type(c) is CNode:
            if c.kind in ("string_seq", "sizeof_expression", "sizeof_type"):
                return True
            negated = c.kind == "unary" and self.ctext[c.children[0].start:c.children[0].end] in ("-", "+")
            return negated and type(c.children[1]) is not CNode and self._constant(c.children[1])
        return c.kind in ("NUMBER", "CHAR", "STRING") or (
            c.kind == "IDENT" and CONSTANT_NAME.match(self.ctext[c.start:c.end]) is not None
        )

    def _same_variable(self, name: str, first, second) -> bool:
        """A name bound twice by an expression metavariable must be the same variable: not a
        local of an inner block that happens to have the same spelling."""
        if type(first) is CNode or type(second) is CNode or first.kind != "IDENT" or name in self.start_env.bindings:
            return True
        if self.pattern.metavars[name].kind not in ("expression", "idexpression", "local idexpression", "global idexpression"):
            return True
        return self._declared_at(first) == self._declared_at(second)

    def _is_local(self, token: Token) -> bool:
        self._declared_at(token)
        return self.declarations.is_local(self.ctext[token.start:token.end], token.start)

    def _declared_at(self, token: Token) -> int:
        """Where the variable named by `token` is declared in its function (OUTSIDE if not)."""
        if self.declarations is None:
            self.declarations = Declarations(self.tree, self.ctext)
        return self.declarations.of(self.ctext[token.start:token.end], token.start)

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
        if type(p) is CNode and p.kind == "initializer" and len(p.children) == 1 and type(p.children[0]) is CNode and (
            p.children[0].kind in _DOTS
        ):
            p = p.children[0]  # `{ ..., .a = 1 }`: the dots of an initializer list
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
                    if k == j and i + 1 < len(ps) and self._is(ps[i + 1], ","):
                        # `f(EL, 3)` against `f(3)`: an empty list takes its comma with it
                        at = cs[j].start if j < len(cs) else (cs[j - 1].end if j else 0)
                        yield from self._seq(ps, cs, i + 2, k, env2.pair(ps[i + 1], Span(at, at)), prefix)
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
            env2 = attach(self, env.pair(opening, Span(at, at)).pair(closing, Span(end or at, end or at)), opening.start, inside)
            if env2 is not None:
                yield from self._seq(ps, cs, i + 1, k, env2, prefix)

    def _expression_nest(self, p: CNode, c, env: Env) -> Iterator[Env]:
        """`<+... E ...+>` as an expression: any expression with E inside (or E itself)."""
        if not is_expression(c):
            return
        opening, closing = p.children[0], p.children[-1]
        inside = matches_in_expression(self, p.children[1], c, env)
        if self.pattern.nests[opening.start].at_least_once and not inside:
            return
        attached = attach(self, env.pair(opening, Span(c.start, c.start)).pair(closing, Span(c.end, c.end)), opening.start, inside)
        if attached is not None:
            yield attached

    # ------------------------------------------------------------------ small helpers

    def _dots_node(self, p: CNode) -> bool:
        """`...` as an enumerator or a parameter in a pattern (`enum e { ..., a }`, `f(..., int i)`)."""
        return (
            p.kind in ("enumerator", "parameter_declaration")
            and len(p.children) == 1
            and type(p.children[0]) is not CNode
            and p.children[0].kind in ("...", "DOTS_PARAMETER", "DOTS_LINE")
        )

    def _lone_metavariable(self, p: CNode, kind: str) -> Token | None:
        """The metavariable token of kind `kind` that is all of `p`, if it is."""
        tokens = list(p.tokens())
        if len(tokens) == 1 and tokens[0].start in self.pattern.meta_at:
            if self.pattern.metavars[self.pattern.meta_at[tokens[0].start]].kind == kind:
                return tokens[0]
        return None

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
        length = self.pattern.metavars[name].list_length
        if length:
            env = self._list_length(length, sum(_items(x) for x in run if not self._cis(x, ",")), env)
            if env is None:
                return
        bound = env.bindings.get(name)
        if bound is not None:
            if bound.words == words:
                yield env.pair(token, Span(element.start, element.end))
            return
        yield env.bind(Binding(name, element, words, self.ctext[element.start:element.end])).pair(
            token, Span(element.start, element.end)
        )

    def _list_length(self, length: str, count: int, env: Env) -> Env | None:
        """`list[2]`: exactly two elements; `list[n]`: n is bound to the count (or must equal
        it); `list[n={1...3}]`: the count within the range or set."""
        name, _, allowed = length.partition("=")
        name = name.strip()
        if name.isdigit():
            return env if count == int(name) else None
        if allowed:
            values = allowed.strip().strip("{}").replace(" ", "")
            if "..." in values:
                low, high = values.split("...")
                if not int(low) <= count <= int(high):
                    return None
            elif str(count) not in values.split(","):
                return None
        local = name.split(".")[-1]
        bound = env.bindings.get(local)
        if bound is not None:
            return env if bound.words == (str(count),) else None
        return env.bind(Binding(local, CNode("count", 0, 0, ()), (str(count),), str(count)))

    def _matches_here(self, element, forbidden, env: Env) -> bool:
        """Does `element` itself (not what is under it) match one of the `forbidden` patterns?"""
        return any(
            isinstance(self.types.check(found), Env) for pattern in forbidden for found in self.match(pattern, element, env)
        )

    def _contains(self, element, forbidden, env: Env) -> bool:
        """Does any node or token under `element` match one of the `forbidden` patterns?"""
        stack = [element]
        while stack:
            current = stack.pop()
            for pattern in forbidden:
                for found in self.match(pattern, current, env):
                    if isinstance(self.types.check(found), Env):
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


def _subterm(words: tuple[str, ...], constraint: SubtermConstraint, env: Env) -> bool:
    """`subE <= E`: the code is E's code or a part of it (`x` of `x->y`). E is bound in this
    rule, or its values came from an earlier rule (`=code`, see engine/inherited.py)."""
    for reference in constraint.of:
        if reference.startswith("="):
            whole = tuple(reference[1:].split())
        else:
            bound = env.bindings.get(reference.split(".")[-1])
            if bound is None:
                continue
            whole = bound.words
        if any(whole[k:k + len(words)] == words for k in range(len(whole) - len(words) + 1)):
            return True
    return False


def _items(element) -> int:
    """How many list elements `element` is: `a, b` may have been read as one comma expression."""
    if type(element) is CNode and element.kind == "comma_expression":
        return _items(element.children[0]) + _items(element.children[2])
    if type(element) is CNode and element.kind in ("macro_args",):
        return sum(_items(x) for x in element.children if type(x) is CNode or x.kind != ",")
    return 1


_ASSIGNMENT_OPERATORS = frozenset("= += -= *= /= %= &= |= ^= <<= >>=".split())
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
    """Matches in source order, one per matched span and set of bindings. Nested matches are all
    kept (`g(g(x))` renames both calls, as spatch does); edits that truly conflict are reported
    later."""
    seen: set = set()
    out = []
    for m in sorted(matches, key=lambda m: (m.start, -m.end)):
        key = (m.start, m.end, tuple(sorted((name, b.words) for name, b in m.env.bindings.items())))
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _after_dots(tree: CNode, dots_start: int):
    """The element right after the `...` statement whose token starts at `dots_start`."""
    for node in tree.nodes():
        children = node.children
        for i, child in enumerate(children[:-1]):
            if type(child) is CNode and child.kind in ("dots_statement", "nest_statements") and child.children[0].start == dots_start:
                return children[i + 1]
    return None

