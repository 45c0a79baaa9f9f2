"""Kernel style for added code: what `+ if(x==NULL){...}` becomes."""
from __future__ import annotations

import pytest

from refactor.c.layout import break_long_line, kernel_layout


@pytest.mark.parametrize(
    "typed, laid_out",
    [
        ("if(E==NULL){bar(E,1);return -ENOMEM;}", "if (E == NULL) {\n\tbar(E, 1);\n\treturn -ENOMEM;\n}"),
        ("for(i=0;i<n;i++)\n  a[i]=-1;", "for (i = 0; i < n; i++)\n\ta[i] = -1;"),
        ("else E = NULL;", "else\n\tE = NULL;"),
        ("if (a) { foo(); } else { bar(); }", "if (a) {\n\tfoo();\n} else {\n\tbar();\n}"),
        ("do { x++; } while (0);", "do {\n\tx++;\n} while (0);"),
        ("struct foo *p = kmalloc(sizeof(*p),GFP_KERNEL);", "struct foo *p = kmalloc(sizeof(*p), GFP_KERNEL);"),
        ("static void f(struct sock *sk, int unused)\n{\n   g(sk);\n}", "static void f(struct sock *sk, int unused)\n{\n\tg(sk);\n}"),
        ("list_for_each_entry(p, &h, list) { foo(p); }", "list_for_each_entry(p, &h, list) {\n\tfoo(p);\n}"),
        ("struct x y = { .a = 1, .b = 2 };", "struct x y = { .a = 1, .b = 2 };"),
        ("x = (long)E1 + -y;", "x = (long)E1 + -y;"),
        ("p = &x->y[i];", "p = &x->y[i];"),
        ("x = a ? b : c;", "x = a ? b : c;"),
        ("f(&(struct s){ .a = 1 });", "f(&(struct s){ .a = 1 });"),
    ],
)
def test_added_code_is_laid_out_in_kernel_style(typed: str, laid_out: str) -> None:
    assert kernel_layout(typed) == laid_out


def test_the_authors_spacing_decides_what_only_the_author_knows() -> None:
    assert kernel_layout("T *p;") == "T *p;"  # a typedef'd pointer
    assert kernel_layout("x = a * b;") == "x = a * b;"  # a product


def test_code_with_comments_or_directives_is_left_as_written() -> None:
    for code in ("foo(a,b); /* keep here */", "#ifdef X\nfoo(a,b);\n#endif"):
        assert kernel_layout(code) == code


def test_a_long_call_breaks_after_commas_aligned_after_its_paren() -> None:
    line = "\t\tsome_really_long_function_name(p, another_long_argument_name, yet_another_argument, and_more_args_here, last);"
    assert break_long_line(line) == [
        "\t\tsome_really_long_function_name(p, another_long_argument_name,",
        "\t\t\t\t\t       yet_another_argument,",
        "\t\t\t\t\t       and_more_args_here, last);",
    ]
    assert break_long_line("\tshort(a, b);") == ["\tshort(a, b);"]
