"""Where a C element stands: which node kinds are expressions or statements, whether a token is
in an expression, and whether a statement is the braceless body of an if, else or loop."""
from __future__ import annotations

from refactor.c.tree import CNode


EXPRESSION_NODES = frozenset(
    "binary call member index unary cast paren conditional assignment comma_expression "
    "sizeof_expression sizeof_type alignof_type alignof_expression string_seq glued_string "
    "statement_expression compound_literal post_increment post_decrement pre_increment "
    "pre_decrement label_address extension generic_selection builtin_va_arg builtin_offsetof".split()
)


EXPRESSION_TOKENS = frozenset({"IDENT", "NUMBER", "CHAR", "STRING", "STRING_MACRO"})


STATEMENT_NODES = frozenset(
    "compound_statement expression_statement if_statement switch_statement while_statement "
    "do_statement for_statement iterator_statement goto_statement continue_statement "
    "break_statement return_statement asm_statement macro_statement labeled_statement".split()
)
# Identifier-like token kinds: the same word may be classified differently in a rule and in C.


WORD_TOKENS = frozenset("IDENT TYPEDEF_NAME ATTR ATTR_FN ITERATOR MACRO_STMT DECL_MACRO STRING_MACRO".split())


_EXPRESSION_PARENTS = EXPRESSION_NODES | frozenset(
    "macro_args initializer expression_statement return_statement if_statement while_statement "
    "do_statement switch_statement for_statement designated_initializer init_declarator "
    "pattern_expression".split()
)


_CONTROL = frozenset("if_statement while_statement for_statement do_statement iterator_statement switch_statement".split())


def braceless_body(parent: CNode | None, index: int, element) -> tuple[int, int] | None:
    if parent is None or parent.kind not in _CONTROL or type(element) is not CNode:
        return None
    if element.kind not in STATEMENT_NODES or element.kind == "compound_statement" or index == 0:
        return None
    before = parent.children[index - 1]
    if type(before) is CNode or before.kind not in (")", "else", "do"):
        return None
    return element.start, before.end


BODY_OWNERS = frozenset({"function_definition", "macro_function_definition", "statement_expression"})


def in_expression(parent: CNode | None, index: int) -> bool:
    if parent is None or parent.kind not in _EXPRESSION_PARENTS:
        return False
    return not (parent.kind == "member" and index == 2) and not (parent.kind == "init_declarator" and index == 0)


_TEST_OWNERS = frozenset({"if_statement", "while_statement", "do_statement"})


def test_spans(tree: CNode, text: str) -> set[tuple[int, int]]:
    """Spans of the expressions C reads as truth values: conditions of if, while, do-while and
    for, the first operand of `?:`, operands of `!`, `&&` and `||`. Coccinelle's `X != NULL`
    and `X != 0` match a plain `X` there (its isnt_null and isnt_zero isomorphisms)."""
    spans: set[tuple[int, int]] = set()
    for node in tree.nodes():
        children = node.children
        if node.kind in _TEST_OWNERS:
            opening = next(i for i, c in enumerate(children) if type(c) is not CNode and c.kind == "(")
            spans.add((children[opening + 1].start, children[opening + 1].end))
        elif node.kind == "for_statement":
            # for (init; COND; step) or for (declaration COND; step)
            declared = type(children[2]) is CNode and children[2].kind == "declaration"
            at = 3 if declared else next(i for i, c in enumerate(children) if type(c) is not CNode and c.kind == ";") + 1
            condition = children[at]
            if type(condition) is CNode or condition.kind not in (";", ")"):
                spans.add((condition.start, condition.end))
        elif node.kind == "conditional":
            spans.add((children[0].start, children[0].end))
        elif node.kind == "unary" and type(children[0]) is not CNode and children[0].kind == "!":
            spans.add((children[1].start, children[1].end))
        elif node.kind == "binary" and text[children[1].start:children[1].end] in ("&&", "||"):
            spans.add((children[0].start, children[0].end))
            spans.add((children[2].start, children[2].end))
    return spans


def is_operator(token) -> bool:
    """Is this token an operator or punctuation (its kind is its text: `<`, `+=`), not a word?"""
    return not (token.kind[:1].isalpha() or token.kind[:1] == "_")
