"""Coccinelle's standard isomorphisms, as users rely on them without writing them."""
from __future__ import annotations

import pytest

from tests.engine.test_rewrite import findings, in_function, rewrite


def test_a_pattern_without_qualifiers_matches_a_qualified_declaration() -> None:
    rule = "@@\nidentifier d;\n@@\n-int d;\n"
    code = "static const int a;\nint b;\nlong c;\n"
    assert rewrite(rule, code) == "long c;\n"


def test_qualifiers_match_in_any_order() -> None:
    rule = "@@\nsymbol p;\n@@\n- char const *p;\n+ void *p;\n"
    before = in_function("\tconst char *p;\n\tchar *q;\n")
    assert rewrite(rule, before) == in_function("\tvoid *p;\n\tchar *q;\n")


def test_disable_optional_qualifier() -> None:
    rule = "@disable optional_qualifier@\nidentifier d;\n@@\n-int d;\n"
    assert rewrite(rule, "const int a;\nint b;\n") == "const int a;\n"


def test_a_type_metavariable_takes_the_qualifier_the_pattern_leaves_out() -> None:
    rule = "@@\ntype T;\nsymbol x;\n@@\n- T x;\n+ T y;\n"
    assert rewrite(rule, in_function("\tconst int x;\n")) == in_function("\tconst int y;\n")


NOT_NULL_RULE = "@@\nexpression E;\n@@\n- E != NULL\n+ E_is_set(E)\n"


def test_not_null_pattern_matches_a_plain_test() -> None:
    before = in_function("\tif (page)\n\t\treturn;\n\twhile (vma->next)\n\t\tvma = vma->next;\n")
    after = in_function("\tif (E_is_set(page))\n\t\treturn;\n\twhile (E_is_set(vma->next))\n\t\tvma = vma->next;\n")
    assert rewrite(NOT_NULL_RULE, before) == after


def test_not_null_pattern_leaves_values_that_are_not_tested_alone() -> None:
    before = in_function("\tx = page;\n\tfoo(page);\n\treturn page;\n")
    assert rewrite(NOT_NULL_RULE, before) == before


def test_not_zero_pattern_matches_a_for_condition() -> None:
    rule = "@@\nexpression E;\n@@\n- E != 0\n+ E > 0\n"
    before = in_function("\tfor (i = n; i; i--)\n\t\tfoo(i);\n")
    assert rewrite(rule, before) == in_function("\tfor (i = n; i > 0; i--)\n\t\tfoo(i);\n")


def test_added_else_lines_up_with_its_if() -> None:
    rule = "@@\nexpression E;\nstatement S1;\n@@\n\nif (E != NULL) S1\n+ else E = NULL;\n"
    before = in_function("\tif (pr)\n\t\tDBG(\"PCI\");\n")
    after = in_function("\tif (pr)\n\t\tDBG(\"PCI\");\n\telse\n\t\tpr = NULL;\n")
    assert rewrite(rule, before) == after


def test_a_declaration_without_initializer_matches_one_with_it_when_kept() -> None:
    rule = (
        "@r@\nidentifier I;\ntype T;\nexpression E;\n@@\n\nT I[E];\n\n"
        "@@\nidentifier r.I;\nexpression str;\ndeclarer name MODULE_PARM;\n@@\n\n- MODULE_PARM(I, str);\n"
    )
    before = 'static int term[MAX] = { 1, 1 };\nMODULE_PARM(term, "1-8i");\nMODULE_PARM(other, "i");\n'
    assert rewrite(rule, before) == 'static int term[MAX] = { 1, 1 };\nMODULE_PARM(other, "i");\n'


def test_a_removed_declaration_does_not_take_an_initializer_along() -> None:
    rule = "@@\nsymbol x;\n@@\n- int x;\n"
    before = in_function("\tint x = 1;\n\tint x;\n")
    assert rewrite(rule, before) == in_function("\tint x = 1;\n")


def test_else_branch_of_the_pattern_may_be_absent_in_c() -> None:
    rule = "@@\nexpression E, E1;\nstatement S1, S2;\n@@\n\n+ E = E1;\nif (\n-   (E = E1)\n+   E\n   )\nS1 else S2\n"
    before = in_function("\tif ((x = 3))\n\t\treturn;\n")
    assert rewrite(rule, before) == in_function("\tx = 3;\n\tif (x)\n\t\treturn;\n")


def test_a_rule_that_extends_another_inherits_its_metavariables() -> None:
    rule = "@r1@\nexpression E;\n@@\nh(E);\n\n@r2 extends r1@\n@@\n- i(E);\n"
    before = in_function("\th(2);\n\ti(2);\n\ti(3);\n")
    assert rewrite(rule, before) == in_function("\th(2);\n\ti(3);\n")


def test_designated_initializer_fields_match_as_a_set() -> None:
    rule = (
        "@@\nidentifier d;\n@@\nstruct usb_driver d = {\n"
        "+#if (LINUX_VERSION_CODE >= KERNEL_VERSION(3,5,0))\n.disable_hub_initiated_lpm = 1,\n+#endif\n};\n"
    )
    before = (
        "static struct usb_driver carl9170_driver = {\n\t.id_table = carl9170_usb_ids,\n"
        "\t.disable_hub_initiated_lpm = 1,\n\t.soft_unbind = 1,\n};\n"
    )
    after = (
        "static struct usb_driver carl9170_driver = {\n\t.id_table = carl9170_usb_ids,\n"
        "#if (LINUX_VERSION_CODE >= KERNEL_VERSION(3,5,0))\n\t.disable_hub_initiated_lpm = 1,\n#endif\n"
        "\t.soft_unbind = 1,\n};\n"
    )
    assert rewrite(rule, before) == after
    other = "static struct usb_driver d = {\n\t.soft_unbind = 1,\n};\n"
    assert rewrite(rule, other) == other


def test_binary_operator_metavariable_with_a_value_set() -> None:
    rule = "@@\nbinary operator b = {==, !=};\nexpression e1, e2;\n@@\n\n- e1 b e2\n+ e2 b e1\n"
    before = "int f(int x)\n{\n\treturn x == 1 || x < 2 || x != 3;\n}\n"
    assert rewrite(rule, before) == "int f(int x)\n{\n\treturn 1 == x || x < 2 || 3 != x;\n}\n"


def test_assignment_operator_metavariable() -> None:
    rule = "@@\nexpression e1, e2;\nassignment operator op;\n@@\n\n- e1 op e2;\n+ set(&e1, e2);\n"
    before = "void f(void)\n{\n\tx += 2;\n\ty = 3;\n}\n"
    assert rewrite(rule, before) == "void f(void)\n{\n\tset(&x, 2);\n\tset(&y, 3);\n}\n"


def test_position_constraint_from_another_rule() -> None:
    rule = (
        "@a@\nposition p;\n@@\nf@p(1,...)\n\n@b@\nposition p1;\n@@\nf@p1(...,5)\n\n"
        "@@\nposition a.p != b.p1;\n@@\n- f@p(...);\n"
    )
    before = "void g(void)\n{\n\tf(1, 2);\n\tf(1, 5);\n\tf(3, 5);\n}\n"
    assert rewrite(rule, before) == "void g(void)\n{\n\tf(1, 5);\n\tf(3, 5);\n}\n"


def test_inherited_value_set_follows_the_environment() -> None:
    rule = (
        "@y@\nposition p;\nexpression E, A;\n@@\nbar@p(E, A);\n\n"
        "@@\nposition p1 != y.p;\nexpression y.E;\nexpression C;\n@@\n- bar@p1(C, E);\n"
    )
    before = "void g(void)\n{\n\tbar(6, 7);\n\tbar(7, 7);\n}\n"
    # with E = 7 (from bar(7, 7)), y's place is the second call: the first is removed
    assert rewrite(rule, before) == "void g(void)\n{\n\tbar(7, 7);\n}\n"


def test_a_type_on_its_own_changes_every_use_of_the_type() -> None:
    rule = "@@\ntypedef LPINT;\n@@\n- LPINT\n+ int *\n"
    before = "int foo(LPINT x, LPINT *y)\n{\n\tstatic LPINT z = (LPINT)0;\n}\n"
    after = "int foo(int *x, int **y)\n{\n\tstatic int *z = (int *)0;\n}\n"
    assert rewrite(rule, before) == after


def test_a_type_on_its_own_is_the_whole_type() -> None:
    rule = "@@\n@@\n-long\n+int\n"
    before = "long a;\nunsigned long b;\nconst long c = (long)d;\n"
    assert rewrite(rule, before) == "int a;\nunsigned long b;\nconst int c = (int)d;\n"


def test_assignment_matches_an_initialization_and_a_cast_may_be_absent() -> None:
    rule = (
        "@@\nexpression x, E1, E2;\ntype T;\n@@\n\n  x =\n-   (T)kmalloc(E1, E2)\n+   kzalloc(E1, E2)\n"
        "  ...\n- memset(x, 0, E1);\n"
    )
    before = in_function(
        "\tstruct foo *x = kmalloc(sizeof(*x), GFP_KERNEL);\n\tif (!x)\n\t\treturn;\n\tmemset(x, 0, sizeof(*x));\n"
    )
    after = in_function("\tstruct foo *x = kzalloc(sizeof(*x), GFP_KERNEL);\n\tif (!x)\n\t\treturn;\n")
    assert rewrite(rule, before) == after


def test_an_assignment_statement_does_not_match_an_initialization() -> None:
    # spatch 1.1.1: `x = kvmalloc(E1, E2);` (a statement) finds `me = kvmalloc(...);` but not
    # `struct frame *me = kvmalloc(...);`; `x = kvmalloc(E1, E2)` (an expression) finds both
    # (zalloc-simple.cocci on atomisp's frame.c, memdup.cocci on bpf/cgroup.c)
    code = in_function(
        "\tstruct frame *me = kvmalloc(sizeof(*me), GFP_KERNEL);\n"
        "\tstruct frame *you;\n\n\tyou = kvmalloc(sizeof(*you), GFP_KERNEL);\n"
    )
    statement = "@@\nexpression x, E1, E2;\n@@\n  x =\n- kvmalloc(E1, E2);\n+ kvzalloc(E1, E2);\n"
    assert rewrite(statement, code) == code.replace("you = kvmalloc", "you = kvzalloc")
    expression = "@@\nexpression x, E1, E2;\n@@\n  x =\n- kvmalloc(E1, E2)\n+ kvzalloc(E1, E2)\n"
    assert rewrite(expression, code) == code.replace("kvmalloc", "kvzalloc")


def test_an_empty_list_metavariable_takes_its_comma_with_it() -> None:
    rule = "@@\nexpression list EL;\n@@\n  f(\n- EL,\n+ 2,\n  3)\n"
    assert rewrite(rule, in_function("\tf(3);\n\tf(1, 3);\n")) == in_function("\tf(2,3);\n\tf(2, 3);\n")


def test_parameter_declaration_and_field_metavariables() -> None:
    rule = "@@\nidentifier fct;\nparameter p;\n@@\nfct(p,......)\n{\n...\n+ return NULL;\n}\n"
    before = "static void *f(char *fmt, ...)\n{\n}\n"
    assert rewrite(rule, before) == "static void *f(char *fmt, ...)\n{\n\treturn NULL;\n}\n"
    rule = "@@\ndeclaration d;\nidentifier f;\n@@\nf(...) {\n- d\n...\n}\n"
    assert rewrite(rule, "int g(void)\n{\n\tint x = 1;\n\treturn 0;\n}\n") == "int g(void)\n{\n\treturn 0;\n}\n"
    rule = "@@\nfield fld;\n@@\nstruct s {\n...\n- fld\n};\n"
    assert rewrite(rule, "struct s {\n\tint a;\n\tlong b;\n};\n") == "struct s {\n\tint a;\n};\n"


def test_a_type_metavariable_takes_the_declarators_stars() -> None:
    rule = "@@\ntype T;\nsymbol x;\n@@\n- T x;\n+ T y;\n"
    before = in_function("\tint *x;\n\tint x;\n\treturn;\n")
    assert rewrite(rule, before) == in_function("\tint *y;\n\tint y;\n\treturn;\n")


def test_typed_string_constant() -> None:
    rule = "@@\nconstant char [] c;\nidentifier f;\n@@\nf(...,\n- c\n+ \"fixed\"\n,...)\n"
    before = in_function('\tprintk(KERN_INFO, "old %d", 3);\n')
    assert rewrite(rule, before) == in_function('\tprintk(KERN_INFO, "fixed", 3);\n')


def test_isomorphisms_can_be_disabled_by_name() -> None:
    rule = "@disable drop_else@\nexpression E;\nstatement S1, S2;\n@@\n- if (E) S1 else S2\n"
    before = in_function("\tif (x)\n\t\ta();\n\tif (y)\n\t\tb();\n\telse\n\t\tc();\n")
    assert rewrite(rule, before) == in_function("\tif (x)\n\t\ta();\n")
    enabled = rule.replace("@disable drop_else@", "@@")
    assert rewrite(enabled, before) == in_function("")


def test_an_optional_line_may_be_there_or_not() -> None:
    rule = "@@\n@@\n  lock();\n? check();\n- unlock();\n+ unlock_all();\n"
    before = in_function("\tlock();\n\tcheck();\n\tunlock();\n\tlock();\n\tunlock();\n\tlock();\n\tother();\n\tunlock();\n")
    after = in_function("\tlock();\n\tcheck();\n\tunlock_all();\n\tlock();\n\tunlock_all();\n\tlock();\n\tother();\n\tunlock();\n")
    assert rewrite(rule, before) == after


def test_list_metavariables_of_a_given_length() -> None:
    rule = "@@\nexpression list[n={1...3}] es;\n@@\n- f(es);\n"
    before = in_function("\tf(1);\n\tf(1, 2, 3);\n\tf(1, 2, 3, 4);\n")
    assert rewrite(rule, before) == in_function("\tf(1, 2, 3, 4);\n")
    rule = "@@\nexpression list[2] es;\n@@\n- g(es);\n+ g2(es);\n"
    assert rewrite(rule, in_function("\tg(a);\n\tg(a, b);\n")) == in_function("\tg(a);\n\tg2(a, b);\n")


def test_dots_in_initializers_calls_over_lines_and_struct_types() -> None:
    rule = "@@\n@@\n- static struct irqchip chip = {\n- ...\n- };\n"
    assert rewrite(rule, "static struct irqchip chip = {\n\t.ack = a,\n\t.mask = m,\n};\nint x;\n") == "int x;\n"
    rule = "@@\nidentifier t;\n@@\nstruct\n- t\n+ q\n{ ... }\n"
    assert rewrite(rule, "struct s {\n\tint a;\n};\nstruct s v;\n") == "struct q {\n\tint a;\n};\nstruct s v;\n"


def test_a_word_bound_to_a_metavariable_with_at() -> None:
    rule = "@r exists@\nexpression dev;\nidentifier fld;\n@@\n-dev->\\(probe@fld\\|remove@fld\\)(...)\n+call(dev, fld)\n"
    before = in_function("\tx->probe(1);\n\ty->other(2);\n")
    assert rewrite(rule, before) == in_function("\tcall(x, probe);\n\ty->other(2);\n")


def test_an_expression_bound_with_at_on_an_operator_is_the_whole_expression() -> None:
    # unsigned_lesser_than_zero.cocci: `v@p <@e 0`, e printed in the report as "val < 0"
    rule = "@@\nexpression e, v;\n@@\n- v <@e 0\n+ is_negative(e)\n"
    before = in_function("\tif (val < 0)\n\t\treturn;\n\tif (val > 0)\n\t\treturn;\n")
    after = in_function("\tif (is_negative(val < 0))\n\t\treturn;\n\tif (val > 0)\n\t\treturn;\n")
    assert rewrite(rule, before) == after


def test_every_way_a_pattern_matches_one_place_applies() -> None:
    rule = "@@\nidentifier i;\n@@\nstruct s {\n  ...\n- u8 i : 1;\n+ u8 i : 2;\n  ...\n};\n"
    before = "struct s {\n\tu8 reset :1;\n\tu8 idle :1;\n\tint other;\n};\n"
    assert rewrite(rule, before) == "struct s {\n\tu8 reset: 2;\n\tu8 idle: 2;\n\tint other;\n};\n"


def test_the_name_a_typedef_declares_is_a_type_metavariable() -> None:
    rule = "@@\nidentifier i;\ntype T;\n@@\ntypedef struct {\n  ...\n- u8 i : 1;\n+ u8 i : 2;\n  ...\n} T;\n"
    before = "typedef struct {\n\tu8 reset :1;\n} regs;\n"
    assert rewrite(rule, before) == "typedef struct {\n\tu8 reset: 2;\n} regs;\n"


def test_a_type_metavariable_with_a_body_is_a_struct_or_the_typedef_of_one() -> None:
    rule = "@@\ntype T;\n@@\nT {\n- int a;\n+ int b;\n};\n"
    before = "struct foo {int a;};\ntypedef struct blah {int a;} name;\ntypedef struct {int a;} xxx;\nstruct bar {long a;};\n"
    after = "struct foo {int b;};\ntypedef struct blah {int b;} name;\ntypedef struct {int b;} xxx;\nstruct bar {long a;};\n"
    assert rewrite(rule, before) == after


def test_subterm_constraint_and_iterator_metavariable() -> None:
    rule = (
        "@free@\nexpression E;\n@@\nkfree(E);\n\n"
        "@@\nexpression free.E, subE <= free.E;\n@@\n  kfree(E);\n  ...\n- use(subE);\n"
    )
    before = in_function("\tkfree(p->buf);\n\tuse(p);\n\tuse(q);\n")
    assert rewrite(rule, before) == in_function("\tkfree(p->buf);\n\tuse(q);\n")
    rule = "@@\niterator iter;\nexpression E;\nstatement S;\n@@\n- iter(E) S\n"
    before = in_function("\tlist_for_each(pos)\n\t\tfoo(pos);\n\tbar();\n")
    assert rewrite(rule, before) == in_function("\tbar();\n")


def test_a_conjunction_as_the_whole_rule() -> None:
    rule = (
        "@@\nidentifier f;\n@@\n(\nf(...,\n- 3\n+ 4\n  ,...)\n&\nf(...,\n- 8\n+ 15\n  ,...)\n)\n"
    )
    before = in_function("\tg(3, 8);\n\tg(3, 9);\n")
    assert rewrite(rule, before) == in_function("\tg(4, 15);\n\tg(3, 9);\n")


def test_an_identifier_metavariable_alone_names_declared_identifiers_too() -> None:
    rule = "@@\nidentifier front =~ \"^front\";\n@@\n- front\n+ test\n"
    assert rewrite(rule, in_function("\tint frontier = 12;\n\tuse(frontier);\n")) == in_function("\tint test = 12;\n\tuse(test);\n")


def test_optional_removed_line_field_list_and_function_metavariables() -> None:
    rule = "@@\n@@\n    foo();\n    ...\n?-  bar();\n    after();\n"
    assert rewrite(rule, in_function("\tfoo();\n\tbar();\n\tafter();\n")) == in_function("\tfoo();\n\tafter();\n")
    assert rewrite(rule, in_function("\tfoo();\n\tafter();\n")) == in_function("\tfoo();\n\tafter();\n")
    rule = "@@\nfield list fs;\nidentifier i;\n@@\nstruct s {\n  fs\n- int i;\n};\n"
    assert rewrite(rule, "struct s {\n\tlong a;\n\tchar b;\n\tint c;\n};\n") == "struct s {\n\tlong a;\n\tchar b;\n};\n"
    rule = "@@\nlocal function f;\n@@\n- f(1);\n"
    code = "void g(void)\n{\n}\nvoid h(void)\n{\n\tg(1);\n\tprintk(1);\n}\n"
    assert rewrite(rule, code) == "void g(void)\n{\n}\nvoid h(void)\n{\n\tprintk(1);\n}\n"


def test_attribute_metavariable_and_position_any() -> None:
    rule = "@@\nattribute name __attr__;\nattribute a;\nidentifier b;\n@@\nint b\n-\ta\n\t= 1;\n"
    assert rewrite(rule, "int x __attr__ = 1;\nint y = 1;\n") == "int x = 1;\nint y = 1;\n"
    rule = (
        "@r@\nposition p;\nsymbol x;\n@@\nf@p(x)\n\n@@\nposition any r.p;\n@@\n- f@p\n+ g\n   (...);\n"
    )
    assert rewrite(rule, in_function("\tf(x);\n\tf(y);\n")) == in_function("\tg(x);\n\tf(y);\n")


def test_an_else_branch_bound_elsewhere_is_not_dropped() -> None:
    rule = "@@\nstatement S1;\n@@\n- if (...) S1 else S1\n"
    code = in_function("\tif (x)\n\t\tc();\n\tif (x)\n\t\td();\n\telse\n\t\td();\n")
    assert rewrite(rule, code) == in_function("\tif (x)\n\t\tc();\n")


IF_THEN_ALIGNED = "void f(int x)\n{\n\tif (x)\n\t\ta();\n\t\tb();\n\tc();\n}\n"


def test_disabling_braces4_keeps_braces0() -> None:
    # standard.iso: braces0 `{ ... } => S`; ifcol.cocci disables only braces4 (spatch 1.1.1 agrees)
    rule = "@disable braces4@\nexpression E;\n@@\n if (\n- E\n+ check(E)\n ) { ... }\n"
    assert rewrite(rule, IF_THEN_ALIGNED) == IF_THEN_ALIGNED.replace("if (x)", "if (check(x))")
    disabled = rule.replace("braces4", "braces0")
    assert rewrite(disabled, IF_THEN_ALIGNED) == IF_THEN_ALIGNED


def test_a_sequence_alternative_is_not_tried_where_an_earlier_one_matched_its_first_statement() -> None:
    # ifcol.cocci: `( if (...) { ... } | if (...) S1 S2 )` never reaches its second branch
    rule = "@@\nstatement S1, S2;\n@@\n(\n if (...) { ... }\n|\n if (...) S1\n- S2\n)\n"
    assert rewrite(rule, IF_THEN_ALIGNED) == IF_THEN_ALIGNED


def test_a_position_on_an_operand_keeps_the_not_null_isomorphism() -> None:
    # itnull.cocci: `*x@p == NULL` finds `if (!i)`; `*x ==@p NULL` does not (spatch 1.1.1 agrees)
    code = in_function("\tif (!i)\n\t\treturn;\n")

    def starred_lines(rule: str) -> list[int]:
        return [finding.line for finding in findings(rule, code)]

    assert starred_lines("@@\nexpression x;\nposition p;\n@@\n* x@p == NULL\n") == [3]
    assert starred_lines("@@\nexpression x;\nposition p;\n@@\n* x ==@p NULL\n") == []


def test_dots_among_the_operands_of_a_bitwise_or_arithmetic_chain() -> None:
    # spatch 1.1.1: `x | ...` finds x or'ed with anything, before or after it, and x alone;
    # irqf_oneshot.cocci's `IRQF_ONESHOT | ...` finds `IRQF_TRIGGER_LOW | IRQF_ONESHOT`
    rule = "@@\n@@\n- g(x | ...)\n+ found()\n"
    before = in_function("\tg(a | x);\n\tg(x | a | a);\n\tg(x);\n\tg(a | b);\n\tg(x ^ a);\n")
    after = in_function("\tfound();\n\tfound();\n\tfound();\n\tg(a | b);\n\tg(x ^ a);\n")
    assert rewrite(rule, before) == after
    rule = "@@\n@@\n- g(x + ...)\n+ found()\n"
    assert rewrite(rule, in_function("\tg(a + x);\n\tg(a - x);\n")) == in_function("\tfound();\n\tg(a - x);\n")


def test_a_test_alone_stands_for_an_or_chain_only_where_c_tests_it() -> None:
    # spatch 1.1.1: `x || ...` finds `if (x)` but not `y = x` or `g(x)`; `x | ...` finds all
    rule = "@@\nstatement S;\n@@\n(\n- if (x || ...) S\n|\n- y = x || ...;\n|\n- g(x && ...);\n)\n"
    before = in_function("\tif (x)\n\t\treturn;\n\ty = x;\n\tg(x);\n\ty = x || z;\n")
    assert rewrite(rule, before) == in_function("\ty = x;\n\tg(x);\n")


def test_a_position_on_an_operand_of_an_or_chain_with_dots() -> None:
    # kfree.cocci's print rule: `E@p || ...` finds E tested alone, as spatch does (after
    # `kfree(match)`, `if (match)` and `match ? 0 : -1` are tests, not uses)
    rule = "@r@\nexpression E;\nposition p;\n@@\n* E@p || ...\n"
    code = "void f(struct foo *m)\n{\n\tif (!m)\n\t\treturn;\n\tif (m)\n\t\tg();\n\th(m ? 0 : 1, m);\n}\n"
    assert sorted((f.line, f.column) for f in findings(rule, code)) == [(3, 5), (3, 6), (5, 5), (7, 3)]


SWAP_WITH_DECLARATION = (
    "@@\ntype T;\nidentifier tmp;\nexpression a, b;\n@@\n(\n- T tmp;\n|\n- T tmp = 0;\n)\n... when != tmp\n"
    "- tmp = a;\n- a = b;\n- b = tmp\n+ swap(a, b)\n ;\n"
)


@pytest.mark.parametrize("declaration, left", [
    ("int a, b, tmp;", "int a, b;"),
    ("int tmp, a;", "int a;"),
    ("int a, *q, tmp = 0;", "int a, *q;"),
])
def test_one_name_of_a_declaration_of_several(declaration: str, left: str) -> None:
    # swap.cocci: `T tmp;` matches tmp of `int n, r, tmp;` and `- T tmp;` removes tmp alone;
    # the statements replaced up to a kept `;` print as spatch prints them (spatch 1.1.1 agrees)
    swaps = "\ttmp = order[n];\n\torder[n] = order[r];\n\torder[r] = tmp;\n"
    before = in_function(f"\t{declaration}\n\n{swaps}\tuse(a);\n")
    after = in_function(f"\t{left}\n\n\tswap(order[n], order[r]);\n\tuse(a);\n")
    assert rewrite(SWAP_WITH_DECLARATION, before) == after


def test_equality_either_way_round_only_against_a_constant() -> None:
    # standard.iso's commeq: `E == C <=> C == E` with C a constant (a literal, a name in
    # capitals, NULL, sizeof, a constant metavariable); `x == E` does not find `y == x`
    code = in_function("\tg(NULL == x);\n\tg(0 == x);\n\tg(y == x);\n\tg(FOO == x);\n\tg(sizeof(y) == x);\n")

    def lines(rule: str) -> list[int]:
        return sorted(finding.line for finding in findings(rule, code))

    assert lines("@@\nsymbol x;\n@@\n* g(x == NULL)\n") == [3]
    assert lines("@@\nsymbol x;\nexpression E;\n@@\n* g(x == E)\n") == []
    assert lines("@@\nsymbol x;\nidentifier I;\n@@\n* g(x == I)\n") == []
    assert lines("@@\nsymbol x;\nconstant C;\n@@\n* g(x == C)\n") == [3, 4, 6, 7]


def test_commutative_operators_match_either_way_round_the_written_order_first() -> None:
    # standard.iso: bitor_comm, bitand_comm, plus_comm, mult_comm (array_size_dup.cocci's
    # `E1 * E2` finds `n * sizeof(T)` after `array_size(sizeof(T), n)`); the order as written
    # wins where both match (Coccinelle's nestedexp test)
    rule = "@@\nexpression E1, E2;\n@@\n- kzalloc(E1 * E2, GFP_KERNEL)\n+ kcalloc(E1, E2, GFP_KERNEL)\n"
    code = in_function("\tp = kzalloc(n * sizeof(*p), GFP_KERNEL);\n")
    assert rewrite(rule, code) == in_function("\tp = kcalloc(n, sizeof(*p), GFP_KERNEL);\n")
    rule = "@@\nsymbol n, m;\n@@\n- g(n * m)\n+ found()\n"
    code = in_function("\tg(m * n);\n\tg(m - n);\n")
    assert rewrite(rule, code) == in_function("\tfound();\n\tg(m - n);\n")


def test_positions_go_along_when_operands_trade_places() -> None:
    # spatch 1.1.1: `E ==@p NULL` finds `NULL == x` too; an inherited position on the operator
    # still says where (orplus.cocci's `c1 +@p c2` with `position r.p`)
    code = in_function("\tif (x == NULL)\n\t\treturn;\n\tif (NULL == x)\n\t\treturn;\n\tg(A + B, D + C);\n")

    def lines(rule: str) -> list[int]:
        return sorted((finding.line, finding.column) for finding in findings(rule, code))

    assert lines("@@\nexpression E;\nposition p;\n@@\n* E ==@p NULL\n") == [(3, 5), (5, 5)]
    rule = "@r@\nposition p;\n@@\nA +@p B\n\n@@\nposition r.p;\nconstant c1, c2;\n@@\n* c1 +@p c2\n"
    assert lines(rule) == [(7, 3)]


def test_a_type_metavariable_takes_the_inner_sizes_of_an_array_of_arrays() -> None:
    # flexible_array.cocci: `T array[1];` finds `s32 Value[1][N];` (T is `s32 [N]`), as spatch
    # 1.1.1 does in two staging headers; `u8 data[2][3];` is no one-element array
    rule = "@@\nidentifier name, array;\ntype T;\n@@\nstruct name {\n  ...\n* T array[1];\n};\n"
    code = "struct a {\n\tbool b;\n\ts32 Value[1][N];\n};\nstruct c {\n\tint n;\n\tu8 data[2][3];\n};\n"
    assert sorted(finding.line for finding in findings(rule, code, "test.h")) == [3]
