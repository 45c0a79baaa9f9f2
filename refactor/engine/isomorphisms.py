"""Coccinelle's standard isomorphisms, built into the match: the C code may be written another
way than the pattern and still match it.

Each applies where the plain walk of the two trees does not: parentheses the rule writes,
`==`/`!=` either way round, `!E` for `E == NULL` (and back), `E != NULL` for a plain tested
`E`, `{ ... S ... }` for a braceless statement, `if (E) S1 else S2` for an if without else,
`T x;` for `T x = E;`, designated initializers as sets of fields. (Qualifier, storage and
number-format isomorphisms live with the walk of specifiers and tokens in match.py.)
Tokens the pattern has and the C code lacks are paired with empty spans, so the transformer
knows there is nothing there to keep.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from refactor.c.tree import CNode
from refactor.engine.bindings import Binding, Env
from refactor.engine.paths import is_statement_dots
from refactor.engine.places import STATEMENT_NODES, is_operator
from refactor.engine.values import CONSTANT_NAME
from refactor.source import Span

if TYPE_CHECKING:
    from refactor.engine.match import Matcher


def isomorphisms(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    if p.kind == "binary" and c.kind == "binary" and m._op(p) == m._cop(c):
        # (every token keeps its place in the swapped pattern: so do positions, `E ==@p NULL`)
        yield from _either_way_round(m, p, c, env)
    placed = [t for t in p.children if type(t) is not CNode and t.start in m.pattern.positions] if p.kind in ("binary", "unary") else []
    if placed and p.kind == "binary" and m._op(p) in _CHAIN_OPERATORS and not any(is_operator(t) for t in placed):
        # `E@p || ...` is no isomorphism: E among a chain's operands (kfree.cocci's print rule
        # finds `if (match)` and `match ? 0 : -1` after a free, as spatch does)
        yield from _operand_chain(m, p, c, env)
        return
    if placed and not (
        p.kind == "binary" and m._op(p) in ("==", "!=") and any(m._is_null_pattern(t) for t in p.children)
        and not any(is_operator(t) or m._is_null_pattern(t) for t in placed)
    ):
        # A position names a token of this very node (`E ==@p NULL`, `!E@p`):
        # only the node as written has it, so no isomorphism applies (as in spatch); except
        # that an operand's position in a NULL test stays with the operand (itnull.cocci's
        # `x@p == NULL` finds `!x`).
        return
    if p.kind == "paren" and c.kind != "paren" and m.enabled("paren") and (
        not {p.children[0].start, p.children[2].start} & m.pattern.minus
        or all(t.start in m.pattern.minus for t in p.tokens()) and (p.start, p.end) != (m.pattern.tree.start, m.pattern.tree.end)
    ):
        # (E) in the pattern matches E without parentheses (`&(a)->x` finds `&obj->count`),
        # unless the rule removes them alone (an isomorphism never drops a token the rule changes),
        # or they are the whole of a removed pattern (`- (!f(E))` takes the code's parentheses).
        # Not the other way round: parentheses in the code are code (spatch's `(E) => E`).
        opening, inner, closing = p.children
        for env2 in m.match(inner, c, env):
            yield env2.pair(opening, Span(c.start, c.start)).pair(closing, Span(c.end, c.end))
    if p.kind == "assignment" and c.kind == "init_declarator":
        yield from _assignment_as_initialization(m, p, c, env)
    if p.kind in ("declaration", "member_declaration", "parameter_declaration") and p.kind == c.kind:
        yield from _type_with_stars(m, p, c, env)
        yield from _type_with_inner_arrays(m, p, c, env)
    if p.kind == "declaration" == c.kind and len(p.children) == 2 and len(c.children) == 3:
        yield from _struct_typedef(m, p, c, env)
    if p.kind == "declaration" == c.kind and len(p.children) == 3 and len(c.children) > 3:
        yield from _one_of_several_declarators(m, p, c, env)
    if p.kind == "cast" and c.kind != "cast" and m.enabled("drop_cast"):
        yield from _absent_cast(m, p, c, env)
    if p.kind == "if_statement" == c.kind and len(p.children) == 7 and len(c.children) == 5 and m.enabled("drop_else"):
        # `if (E) S1 else S2` matches an if without else when S2 is an untouched statement
        # metavariable (Coccinelle's drop_else isomorphism)
        else_, rest = p.children[5], p.children[6]
        name = m.pattern.meta_at.get(rest.start) if type(rest) is not CNode else None
        removed_whole = all(t.start in m.pattern.minus for t in p.tokens())
        once = list(m.pattern.meta_at.values()).count(name) == 1  # pure: `S1 else S1` needs both
        if name is not None and once and m.pattern.metavars[name].kind == "statement" and (removed_whole or not {
            else_.start, rest.start
        } & m.pattern.minus):
            nothing = Span(c.end, c.end)
            for env2, _ in m._seq(list(p.children[:5]), list(c.children), 0, 0, env, prefix=False):
                yield env2.pair(else_, nothing).pair(rest, nothing)
    if p.kind == "compound_statement" and c.kind in STATEMENT_NODES and c.kind != "compound_statement" and m.enabled(
        _braces_isomorphism(p)
    ):
        # `{ ... S ... }` matches a statement without braces (Coccinelle's braces isomorphisms)
        opening, closing = p.children[0], p.children[-1]
        # (not when the block's own code changes: that would need the braces, and spatch does
        # not match then either)
        changed_inside = any(
            opening.start < (h.removed[0] if h.removed else h.after or h.before).start < closing.start
            for h in m.pattern.hunks
        )
        whole_removed = all(t.start in m.pattern.minus for t in p.tokens())
        if whole_removed or not {opening.start, closing.start} & m.pattern.minus and not changed_inside:
            for env2, _ in m._seq(list(p.children[1:-1]), [c], 0, 0, env, prefix=False):
                yield env2.pair(opening, Span(c.start, c.start)).pair(closing, Span(c.end, c.end))
    if p.kind == "initializer_list" == c.kind:
        yield from _designated_subset(m, p, c, env)
        if _trailing_comma(m.ctext, c) and not _trailing_comma(m.ptext, p):
            # `{ ..., { .a = E } }` matches `{ x, { .a = 1 }, }`: a trailing comma is no element
            for env2, _ in m._seq(list(p.children), list(c.children[:-2]) + [c.children[-1]], 0, 0, env, prefix=False):
                yield env2
    if p.kind == "init_declarator" == c.kind and len(p.children) == 1 < len(c.children) and m.enabled("decl_init"):
        # `T x;` matches `T x = E;` when x stays (Coccinelle's decl_init isomorphism)
        if not any(t.start in m.pattern.minus for t in p.tokens()):
            yield from m.match(p.children[0], c.children[0], env)
    if p.kind == "binary" and m._op(p) in _CHAIN_OPERATORS:
        yield from _operand_chain(m, p, c, env)
    if p.kind == "conditional" == c.kind and len(p.children) == len(c.children) == 5:
        yield from _negated_conditional(m, p, c, env)
    if p.kind == "unary" and m._op(p) == "!" and c.kind == "binary" and m._cop(c) == "==":
        # standard.iso's not_ptr1 and not_int1: `!X` matches `X == NULL` when the rule declares
        # X a pointer (`expression *X`), `X == 0` when it declares it an int; either way round
        for operand in _compared_with_zero(m, p.children[1], c):
            yield from m.match(p.children[1], operand, env.pair(p.children[0], Span(c.start, c.end)))
    if p.kind == "binary" and m._op(p) == "!=" and (c.start, c.end) in m.tests and not (
        c.kind == "binary" and m._cop(c) == "!="
    ):
        # E != NULL and E != 0 match a plain E where C tests its truth: if (E), E && ...
        left, op, right = p.children
        if m._is_null_pattern(right):
            yield from m.match(left, c, env.pair(op, Span(c.end, c.end)).pair(right, Span(c.end, c.end)))
        elif m._is_null_pattern(left):
            yield from m.match(right, c, env.pair(left, Span(c.start, c.start)).pair(op, Span(c.start, c.start)))
    if p.kind == "binary" and m._op(p) == "==" and c.kind == "unary" and m._cop(c) == "!":
        left, op, right = p.children
        whole = env.pair(op, Span(c.start, c.end))
        if m._is_null_pattern(right):
            yield from m.match(left, c.children[1], whole.pair(right, Span(c.end, c.end)))
        elif m._is_null_pattern(left):
            yield from m.match(right, c.children[1], whole.pair(left, Span(c.start, c.start)))


_COMMUTATIVE = ("|", "&", "+", "*")


def tested_against_zero(m: "Matcher", p, c: CNode, env: Env) -> Iterator[Env]:
    """standard.iso's not_ptr2 and not_int2: a metavariable X the rule declares a pointer (an
    int) matches the test `X != NULL` (`X != 0`), either way round."""
    for operand in _compared_with_zero(m, p, c):
        yield from m.match(p, operand, env)


def _compared_with_zero(m: "Matcher", p, c: CNode) -> list:
    """The operand of the C comparison `c` compared with what the rule's declaration of `p`
    makes its zero (NULL for a pointer, 0 for an int), either way round."""
    zero = _zero_for(m, p)
    if zero is None:
        return []
    return [
        operand for operand, other in ((c.children[0], c.children[2]), (c.children[2], c.children[0]))
        if type(other) is not CNode and m.ctext[other.start:other.end] == zero
    ]


def _zero_for(m: "Matcher", p) -> str | None:
    """`NULL` for a metavariable the rule declares a pointer, `0` for one it declares an int
    (what standard.iso's not_ptr and not_int compare them with); None for anything else."""
    if type(p) is CNode:
        return None
    name = m.pattern.meta_at.get(p.start)
    declared = m.pattern.metavars[name].type_text if name is not None else None
    if declared is None:
        return None
    if declared.rstrip().endswith("*"):
        return "NULL"
    return "0" if declared.strip() == "int" else None


def _either_way_round(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    """standard.iso: `E == C <=> C == E` (`!=` alike) with C a constant, and X | Y, X & Y,
    X + Y, X * Y either way round (`x == y` does not find `y == x`); only where the order as
    written does not match, as an isomorphism is a later alternative (`e1 + e2` on `1 + 2`
    binds e1 to 1 alone)."""
    left, op, right = p.children
    if not (
        m._op(p) in _COMMUTATIVE
        or m._op(p) in ("==", "!=") and (_constant_pattern(m, left) or _constant_pattern(m, right))
    ):
        return
    if next(m._seq(list(p.children), list(c.children), 0, 0, env, prefix=False), None) is not None:
        return
    for env2 in m.match(op, c.children[1], env):  # (its position, if it has one)
        for env3 in m.match(left, c.children[2], env2):
            yield from m.match(right, c.children[0], env3)


def _constant_pattern(m: "Matcher", p) -> bool:
    """A constant, for standard.iso's `constant C`: a literal, a name in capitals (FOO, NULL),
    a `constant` metavariable, a sizeof (spatch 1.1.1; not `-1`)."""
    if type(p) is CNode:
        return p.kind in ("sizeof_expression", "sizeof_type")
    name = m.pattern.meta_at.get(p.start)
    if name is not None:
        return m.pattern.metavars[name].kind == "constant"
    return p.kind in ("NUMBER", "CHAR", "STRING") or p.kind == "IDENT" and CONSTANT_NAME.match(m.ptext[p.start:p.end]) is not None


def _chain(node, op: str, op_of) -> tuple[list, list]:
    """The operands of `a op b op c` (parsed ((a op b) op c)) and the op tokens between them."""
    operands, ops = [], []
    while type(node) is CNode and node.kind == "binary" and op_of(node) == op:
        operands.append(node.children[2])
        ops.append(node.children[1])
        node = node.children[0]
    operands.append(node)
    return operands[::-1], ops[::-1]


# Operators whose chains `E op ...` reads as "E among the operands" (spatch 1.1.1: `x | ...`
# finds `a | x` and `x | a | a`; `x - ...` and `x ^ ...` find nothing but `x - a`, `x ^ a`)
_CHAIN_OPERATORS = ("||", "&&", "|", "&", "+", "*")


def _operand_chain(m: "Matcher", p: CNode, c, env: Env) -> Iterator[Env]:
    """`E || ...` matches E alone and E or'ed with any other tests, before or after it (`&&`,
    `|`, `&`, `+`, `*` alike), as in spatch: with `...` among the operands of a chain, the
    other operands match some of the C chain's operands, in order, and the dots stand for the
    rest (`if (IS_ERR(x) || ...)` finds `if (IS_ERR(p))`, `if (IS_ERR(p) || !q)`,
    `if (q || IS_ERR(p))`; `IRQF_ONESHOT | ...` finds `IRQF_TRIGGER_LOW | IRQF_ONESHOT`)."""
    op = m._op(p)
    ps, p_ops = _chain(p, op, m._op)
    dots = [x for x in ps if type(x) is CNode and x.kind == "dots_expression"]
    if not dots:
        return
    cs, c_ops = _chain(c, op, m._cop) if type(c) is CNode else ([c], [])
    if len(cs) == 1 and op in ("||", "&&") and (c.start, c.end) not in m.tests:
        return  # a test alone stands for `E || ...` only where C tests it (spatch: `if (x)`, not `y = x`)
    # `E || ...` against `a || b` with E matching a: the plain walk of the two trees has it
    plain = len(ps) == len(cs) == 2 and ps[-1] is dots[0]
    wanted = [x for x in ps if x not in dots]
    # tokens of the pattern that stand for nothing in particular: the dots and the operators
    loose = [x.children[0] for x in dots] + list(p_ops)

    def walk(i: int, j: int, env: Env, taken: tuple) -> Iterator[tuple[Env, tuple]]:
        if i == len(wanted):
            yield env, taken
            return
        for k in range(j, len(cs) - (len(wanted) - i - 1)):
            if plain and k == 0:
                continue
            for e in m.match(wanted[i], cs[k], env):
                yield from walk(i + 1, k + 1, e, taken + (cs[k],))

    for e, taken in walk(0, 0, env, ()):
        yield _paired_with_the_rest(e, loose, c, taken)


_NEGATED = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}


def _negated_conditional(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    """`A > B ? x : y` matches `A <= B ? y : x` (Coccinelle's neg_if_exp, `E ? x : y` as
    `!E ? y : x`, with the negation of a comparison written as the opposite comparison)."""
    p_test, question, p_then, colon, p_else = p.children
    c_test, c_question, c_then, c_colon, c_else = c.children
    if type(p_test) is not CNode or type(c_test) is not CNode or p_test.kind != "binary" or c_test.kind != "binary":
        return
    if _NEGATED.get(m._op(p_test)) != m._cop(c_test) or any(t.start in m.pattern.minus for t in p.tokens()):
        return  # (not where the rule removes code: the branches would trade places, as in spatch)
    left, op, right = p_test.children
    for e1 in m.match(left, c_test.children[0], env.pair(op, c_test.children[1])):
        for e2 in m.match(right, c_test.children[2], e1):
            for e3 in m.match(p_then, c_else, e2.pair(question, c_question).pair(colon, c_colon)):
                yield from m.match(p_else, c_then, e3)


def _paired_with_the_rest(env: Env, loose: list, c, taken: tuple) -> Env:
    """Pair the dots and operators of a chain pattern with the C code its operands left over
    (before, between and after the operands that matched), so that removing the whole pattern
    removes the whole C chain, as in spatch; there are always enough of them."""
    rest = []
    at = c.start
    for operand in taken:
        if operand.start > at:
            rest.append(Span(at, operand.start))
        at = operand.end
    if c.end > at:
        rest.append(Span(at, c.end))
    for index, token in enumerate(loose):
        env = env.pair(token, rest[index] if index < len(rest) else Span(c.end, c.end))
    return env


def _designated_subset(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    """`{ .a = E, }` matches an initializer that sets `.a` to E among other fields, in any
    order, when every item of the pattern is designated (Coccinelle reads struct
    initializers as sets of fields)."""
    p_items = _initializer_items(p)
    c_items = _initializer_items(c)
    if not p_items and not any(_designated(item) for item, _ in c_items):
        return  # `{ }` stands for any set of fields, but a list of plain values is no such set
    if any(not _designated(item) for item, _ in p_items) or len(c_items) < len(p_items):
        return
    envs = [(env.pair(p.children[0], c.children[0]).pair(p.children[-1], c.children[-1]), frozenset())]
    for item, comma in p_items:
        next_envs = []
        for e, used in envs:
            for k, (candidate, c_comma) in enumerate(c_items):
                if k in used:
                    continue
                for e2 in m.match(item, candidate, e):
                    if comma is not None:
                        e2 = e2.pair(comma, c_comma if c_comma is not None else Span(candidate.end, candidate.end))
                    next_envs.append((e2, used | {k}))
        envs = next_envs
    for e, _ in envs:
        yield e


def _trailing_comma(text: str, node: CNode) -> bool:
    """Does the initializer list end `, }`?"""
    before = node.children[-2] if len(node.children) > 2 else None
    return before is not None and type(before) is not CNode and text[before.start:before.end] == ","


def _initializer_items(node: CNode) -> list[tuple]:
    """(item, the comma after it or None) for each item of an initializer list."""
    items: list[tuple] = []
    for child in node.children[1:-1]:
        if type(child) is not CNode and child.kind == ",":
            if items and items[-1][1] is None:
                items[-1] = (items[-1][0], child)
        else:
            items.append((child, None))
    return items


def _designated(item) -> bool:
    return type(item) is CNode and item.kind == "designated_initializer" and any(
        type(c) is CNode and c.kind == "designation" for c in item.children
    )


def _assignment_as_initialization(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    """`x = E` matches the initialization of x in `T x = E;` (and `T *x = E;`)."""
    if len(c.children) != 3 or len(p.children) != 3 or m.ptext[p.children[1].start:p.children[1].end] != "=":
        return
    declarator, equals, initializer = c.children
    words = [t for t in declarator.children if not (type(t) is CNode and t.kind == "pointer")]
    if len(words) != 1 or type(words[0]) is CNode or words[0].kind != "IDENT":
        return
    if type(initializer) is not CNode or len(initializer.children) != 1 or (
        type(initializer.children[0]) is CNode and initializer.children[0].kind == "initializer_list"
    ):
        return
    for env2 in m.match(p.children[0], words[0], env):
        for env3 in m.match(p.children[2], initializer.children[0], env2):
            yield env3.pair(p.children[1], equals)


def _absent_cast(m: "Matcher", p: CNode, c, env: Env) -> Iterator[Env]:
    """`(T)E` matches E without a cast, T a type metavariable (Coccinelle's drop_cast)."""
    opening, type_name, closing, operand = p.children
    words = list(type_name.tokens())
    if len(words) != 1 or words[0].start not in m.pattern.meta_at:
        return
    nothing = Span(c.start, c.start)
    for env2 in m.match(operand, c, env):
        yield env2.pair(opening, nothing).pair(words[0], nothing).pair(closing, nothing)


def _one_of_several_declarators(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    """`T tmp;` matches `tmp` of `int n, r, tmp;`, as in spatch, which reads a declaration of
    several names as one declaration per name (swap.cocci). The pattern's type and `;` then
    stand for nothing of their own; its `;` takes the comma that separates this declarator
    from its neighbour, so that `- T tmp;` leaves `int n, r;`."""
    specifiers, declarator, semicolon = p.children
    if type(declarator) is not CNode or declarator.kind != "init_declarator" or type(semicolon) is CNode:
        return
    children = c.children
    if type(children[-1]) is CNode or children[-1].kind != ";":
        return
    for index in range(1, len(children) - 1, 2):
        one = children[index]
        if type(one) is not CNode or one.kind != "init_declarator":
            return
        comma = children[index - 1] if index > 1 else children[index + 1] if index + 2 < len(children) else None
        if comma is None or type(comma) is CNode or comma.kind != ",":
            continue
        alone = CNode("declaration", c.start, c.end, (children[0], one, children[-1]))
        nothing = Span(one.start, one.start)
        for env2 in m.match(p, alone, env):
            for token in specifiers.tokens() if type(specifiers) is CNode else (specifiers,):
                env2 = env2.pair(token, nothing)
            yield env2.pair(semicolon, comma)


def _type_with_stars(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    """`T x;` matches `char *x;`, T being `char *`: a type metavariable takes the stars of a
    declarator that the pattern's declarator does not have."""

    def split(p_declarator: CNode, c_declarator: CNode):
        pointer = c_declarator.children[0]
        if type(pointer) is not CNode or pointer.kind != "pointer" or any(
            type(x) is CNode and x.kind == "pointer" for x in p_declarator.children
        ):
            return None
        stars = sum(1 for t in pointer.tokens() if t.kind == "*")
        rest = c_declarator.children[1:]
        return CNode("declarator", rest[0].start, c_declarator.end, tuple(rest)), ("*",) * stars

    yield from _type_takes_part_of_declarator(m, p, c, env, split)


def _type_with_inner_arrays(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    """`T a[1];` matches `s32 a[1][N];`, T being `s32 [N]`: a type metavariable takes the array
    sizes after those the pattern's declarator has (an array of arrays; flexible_array.cocci)."""

    def split(p_declarator: CNode, c_declarator: CNode):
        wanted = sum(1 for x in p_declarator.children if type(x) is CNode and x.kind == "array_suffix")
        suffixes = [x for x in c_declarator.children if type(x) is CNode and x.kind == "array_suffix"]
        if not wanted or len(suffixes) <= wanted or c_declarator.children[-1] is not suffixes[-1]:
            return None
        inner = suffixes[wanted:]
        kept = c_declarator.children[:len(c_declarator.children) - len(inner)]
        sizes = tuple(m.ctext[t.start:t.end] for suffix in inner for t in suffix.tokens())
        return CNode("declarator", c_declarator.start, kept[-1].end, tuple(kept)), sizes

    yield from _type_takes_part_of_declarator(m, p, c, env, split)


def _type_takes_part_of_declarator(m: "Matcher", p: CNode, c: CNode, env: Env, split) -> Iterator[Env]:
    """A declaration whose type is a lone type metavariable T, against C whose declarator has
    more than the pattern's: `split(pattern's declarator, C's)` gives the C declarator the
    pattern's is matched with and the words T takes besides the C type (None: not this case)."""
    p_holder, c_holder = _declarator_holder(p), _declarator_holder(c)
    if p_holder is None or c_holder is None or p.children[0].kind != "declaration_specifiers":
        return
    p_declarator, c_declarator = _declarator_of(p_holder), _declarator_of(c_holder)
    if p_declarator is None or c_declarator is None:
        return
    parts = split(p_declarator, c_declarator)
    if parts is None:
        return
    p_type = [x for x in p.children[0].children if type(x) is CNode and x.kind == "type_specifier"]
    meta = m._type_metavariable(p_type)
    if meta is None or m.pattern.meta_at[meta.start] in env.bindings:
        return
    name = m.pattern.meta_at[meta.start]
    declarator, words = parts
    holder = declarator if c_holder is c_declarator else CNode(
        c_holder.kind, declarator.start, c_holder.end,
        tuple(declarator if x is c_declarator else x for x in c_holder.children),
    )
    c_children = [holder if x is c_holder else x for x in c.children]
    for env2 in m.match(p.children[0], c.children[0], env):
        bound = env2.bindings[name]
        typed = Binding(name, bound.element, bound.words + words, bound.code + " " + "".join(words))
        for env3, _ in m._seq(list(p.children[1:]), c_children[1:], 0, 0, env2.bind(typed), prefix=False):
            yield env3


def _declarator_holder(node: CNode):
    """The one init_declarator (or a parameter's declarator) of a declaration, if one."""
    if node.kind == "parameter_declaration":
        found = [x for x in node.children if type(x) is CNode and x.kind == "declarator"]
    else:
        found = [x for x in node.children if type(x) is CNode and x.kind in ("init_declarator", "member_declarator")]
    return found[0] if len(found) == 1 else None


def _declarator_of(holder: CNode):
    if holder.kind == "declarator":
        return holder
    return next((x for x in holder.children if type(x) is CNode and x.kind == "declarator"), None)


def _struct_typedef(m: "Matcher", p: CNode, c: CNode, env: Env) -> Iterator[Env]:
    """`T { ... };` matches `typedef struct [tag] { ... } name;` too; for a struct without a tag,
    T is the name the typedef gives it."""
    body = next(iter(p.children[0].nodes("struct_or_union_specifier")), None)
    if body is None or type(body.children[0]) is CNode or body.children[0].kind != "META_TYPE_BODY":
        return
    specifiers = c.children[0]
    if not any(m.ctext[t.start:t.end] == "typedef" for t in specifiers.tokens()):
        return
    names = [t for t in c.children[1].tokens() if t.kind in ("IDENT", "TYPEDEF_NAME")]
    if len(names) != 1:
        return
    name = m.pattern.meta_at[body.children[0].start]
    for env2 in m.match(p.children[0], specifiers, env):
        bound = env2.bindings.get(name)
        if bound is not None and bound.code.endswith("<anonymous>"):
            word = m.ctext[names[0].start:names[0].end]
            env2 = env2.bind(Binding(name, names[0], (word,), word))
        yield from m.match(p.children[1], c.children[2], env2)


def _braces_isomorphism(block: CNode) -> str:
    """Which of standard.iso's braces isomorphisms lets this `{ }` pattern match a statement
    without braces: braces0 `{ ... }`, braces1 `{ ... S }`, braces2 `{ ... S ... }`, braces3
    `{ S ... }`, braces4 `{ S }`; `braces` (any of them) for the other shapes we take too."""
    shape = "".join("." if is_statement_dots(item) else "S" for item in block.children[1:-1])
    return {".": "braces0", ".S": "braces1", ".S.": "braces2", "S.": "braces3", "S": "braces4"}.get(shape, "braces")
