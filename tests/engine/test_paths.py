"""`...` between statements follows control flow, as spatch does (each case checked against
spatch 1.1.1 by hand; tests/test_differential.py runs it on the same input)."""
from __future__ import annotations

from tests.engine.test_rewrite import findings, rewrite

REMOVE_PAIR = "@@\n@@\n- start();\n  ...\n- finish();\n"


def f(body: str) -> str:
    return "int f(int x)\n{\n" + body + "}\n"


def test_a_path_that_returns_early_does_not_need_the_end() -> None:
    before = f("\tstart();\n\tif (x)\n\t\treturn -1;\n\tfinish();\n")
    assert rewrite(REMOVE_PAIR, before) == f("\tif (x)\n\t\treturn -1;\n")


def test_when_strict_needs_every_path() -> None:
    before = f("\tstart();\n\tif (x)\n\t\treturn -1;\n\tfinish();\n")
    rule = "@@\n@@\n- start();\n  ... when strict\n- finish();\n"
    assert rewrite(rule, before) == before


def test_a_path_falling_off_the_end_without_the_end_statement_fails() -> None:
    before = f("\tstart();\n\tif (x)\n\t\tbar();\n\telse\n\t\tfinish();\n")
    assert rewrite(REMOVE_PAIR, before) == before


def test_exists_needs_one_path() -> None:
    before = f("\tstart();\n\tif (x)\n\t\tbar();\n\telse\n\t\tfinish();\n")
    rule = "@exists@\n@@\n- start();\n  ...\n- finish();\n"
    assert rewrite(rule, before) == f("\tif (x)\n\t\tbar();\n\telse\n\t\t{}\n")


def test_the_end_statement_is_found_inside_both_branches() -> None:
    before = f("\tstart();\n\tif (x)\n\t\tfinish();\n\telse {\n\t\tfoo();\n\t\tfinish();\n\t}\n")
    rule = "@@\n@@\n  start();\n  ...\n- finish();\n"
    # an emptied braceless branch keeps a body, `{}`, as spatch leaves it
    assert rewrite(rule, before) == f("\tstart();\n\tif (x)\n\t\t{}\n\telse {\n\t\tfoo();\n\t}\n")


def test_goto_is_followed_to_its_label() -> None:
    before = f("\tstart();\n\tif (x)\n\t\tgoto out;\n\tfinish();\nout:\n\treturn 0;\n")
    assert rewrite(REMOVE_PAIR, before) == f("\tif (x)\n\t\tgoto out;\nout:\n\treturn 0;\n")


def test_code_added_before_the_dots_needs_the_same_binding_on_every_path() -> None:
    rule = "@@\nexpression X, Y;\n@@\n  g();\n+ f(Y, 0);\n  ...\n  f(X,Y);\n"
    differ = f("\tg();\n\tif (x)\n\t\tf(1, 2);\n\telse\n\t\tf(3, 4);\n")
    assert rewrite(rule, differ) == differ
    agree = f("\tg();\n\tif (x)\n\t\tf(1, 2);\n\telse\n\t\tf(3, 2);\n")
    assert rewrite(rule, agree) == f("\tg();\n\tf(2, 0);\n\tif (x)\n\t\tf(1, 2);\n\telse\n\t\tf(3, 2);\n")


def test_when_any_goes_on_past_the_next_statement() -> None:
    rule = "@@\nexpression l;\n@@\nspin_lock(l);\n... when any\nif (...) {\n+   spin_unlock(l);\n    return ...;\n}\n"
    before = f("\tspin_lock(&lock);\n\tif (a) {\n\t\treturn;\n\t}\n\tif (b) {\n\t\treturn;\n\t}\n")
    after = f("\tspin_lock(&lock);\n\tif (a) {\n\t\tspin_unlock(&lock);\n\t\treturn;\n\t}\n\tif (b) {\n\t\tspin_unlock(&lock);\n\t\treturn;\n\t}\n")
    assert rewrite(rule, before) == after


def test_a_variable_of_an_inner_block_is_another_variable() -> None:
    rule = "@@\nexpression a;\n@@\n-f(a);\n ...\n-g(a);\n"
    before = f("\tint a;\n\tf(a);\n\t{\n\t\tint a;\n\t\tg(a);\n\t}\n")
    assert rewrite(rule, before) == before
    same = f("\tint a;\n\tf(a);\n\t{\n\t\tg(a);\n\t}\n")
    assert rewrite(rule, same) == f("\tint a;\n\t{\n\t}\n")


def test_local_and_global_idexpressions() -> None:
    rule = "@@\nlocal idexpression x;\n@@\n- f(x);\n+ f_local(x);\n\n@@\nglobal idexpression x;\n@@\n- f(x);\n+ f_global(x);\n"
    before = "int g;\nint h(int p)\n{\n\tint a;\n\tstatic int s;\n\tf(a);\n\tf(p);\n\tf(s);\n\tf(g);\n}\n"
    after = "int g;\nint h(int p)\n{\n\tint a;\n\tstatic int s;\n\tf_local(a);\n\tf_local(p);\n\tf_global(s);\n\tf_global(g);\n}\n"
    assert rewrite(rule, before) == after


def test_dots_do_not_run_over_the_statement_before_them_again() -> None:
    rule = "@@\n@@\n- a();\n  ...\n  b();\n"
    assert rewrite(rule, f("\ta();\n\ta();\n\tb();\n")) == f("\ta();\n\tb();\n")


def test_an_expression_among_statements_is_found_in_conditions_too() -> None:
    rule = "@@\nexpression x;\n@@\n  foo(x);\n  ...\n- bar(x)\n+ baz(x)\n"
    before = f("\tfoo(p);\n\tif (bar(p) && q)\n\t\treturn;\n\ty = bar(p);\n")
    assert rewrite(rule, before) == f("\tfoo(p);\n\tif (baz(p) && q)\n\t\treturn;\n\ty = bar(p);\n")


def test_trailing_dots_with_when_need_a_clean_path_to_the_end() -> None:
    rule = "@exists@\nidentifier fn;\n@@\n-fn\n+has_no_a\n  (...) {\n  ... when != a()\n}\n"
    every_path = "int main(void)\n{\n\tif (x) {\n\t\ta();\n\t} else {\n\t\ta();\n\t}\n}\n"
    assert rewrite(rule, every_path) == every_path
    one_path = "int main(void)\n{\n\tif (x)\n\t\ta();\n}\n"
    assert rewrite(rule, one_path) == one_path.replace("main", "has_no_a")


def test_when_not_false_bars_the_branch_where_the_test_fails() -> None:
    rule = "@@\n@@\n-f();\n... when != false foo()\n-g();\n"
    through_false = "int main(void)\n{\n\tf();\n\tif (foo())\n\t\treturn;\n\tg();\n}\n"
    assert rewrite(rule, through_false) == through_false
    other_test = through_false.replace("foo()", "xfoo()")
    assert rewrite(rule, other_test) == "int main(void)\n{\n\tif (xfoo())\n\t\treturn;\n}\n"


def test_a_disjunction_in_a_when_forbids_each_of_its_branches() -> None:
    # array_size_dup.cocci: `... when != \(subE1\|subE2\) aop E3`, checked against spatch 1.1.1
    rule = "@@\nexpression a, b, e;\nassignment operator aop;\n@@\n- start(a, b);\n  ... when != \\(a\\|b\\) aop e\n- finish(a, b);\n"
    first_changes = f("\tstart(x, y);\n\tx += 4;\n\tfinish(x, y);\n")
    assert rewrite(rule, first_changes) == first_changes
    second_changes = f("\tstart(x, y);\n\ty = 4;\n\tfinish(x, y);\n")
    assert rewrite(rule, second_changes) == second_changes
    neither = f("\tstart(x, y);\n\tz = 4;\n\tfinish(x, y);\n")
    assert rewrite(rule, neither) == f("\tz = 4;\n")


LOOP_WITH_TWO_RETURNS = (
    "struct node *find(struct node *parent, int id)\n{\n\tstruct node *child;\n\n"
    "\tfor_each_child_of_node(parent, child) {\n\t\tif (port_id(child) == id)\n\t\t\treturn child;\n"
    "\t\tif (port_id(child) < 0)\n\t\t\treturn NULL;\n\t}\n\treturn NULL;\n}\n"
)


def test_an_iterator_metavariable_heading_a_block_is_a_loop_not_a_function() -> None:
    rule = "@exists@\niterator i;\nidentifier n;\n@@\n i(...) {\n   ...\n-  return n;\n+  return put(n);\n   ... when any\n }\n"
    # checked against spatch 1.1.1: NULL is an identifier too
    after = LOOP_WITH_TWO_RETURNS.replace("return child;", "return put(child);").replace(
        "\t\t\treturn NULL;", "\t\t\treturn put(NULL);"
    )
    assert rewrite(rule, LOOP_WITH_TWO_RETURNS) == after


def test_alternatives_after_the_same_dots_take_different_statements_of_one_loop() -> None:
    # for_each_child.cocci's ruleone_context: `return n;` takes the first return, so
    # `return ...;` only the second (checked against spatch 1.1.1)
    rule = (
        "@exists@\niterator name for_each_child_of_node;\nlocal idexpression n;\nexpression e;\n@@\n"
        " for_each_child_of_node(e, n) {\n   ...\n(\n   return n;\n|\n-  return ...;\n+  goto put;\n)\n"
        "   ... when any\n }\n"
    )
    after = LOOP_WITH_TWO_RETURNS.replace("\t\t\treturn NULL;\n\t}", "\t\t\tgoto put;\n\t}")
    assert rewrite(rule, LOOP_WITH_TWO_RETURNS) == after


GOTO_OUT_OF_A_BRANCH = """\
int f(struct s *x)
{
	int rc = 0;

	spin_lock(&x->lock);
	if (x->a) {
		rc = -EAGAIN;
		goto out;
	}
	for_each_thing(x) {
		if (x->b)
			goto out;
	}
	spin_unlock(&x->lock);
	return 0;
out:
	return rc;
}
"""


def test_dots_in_an_if_branch_follow_a_goto_out_of_it() -> None:
    # spatch 1.1.1 (mini_lock.cocci on mm/migrate.c): the `...` inside `if (...) { ... }` goes
    # on at the label a `goto` leaves the branch for, so `return@r` is `return rc;`; the dots
    # of a loop's body do not (for_each_child.cocci)
    def starred(rule: str) -> list[int]:
        return sorted({f.line for f in findings(rule, GOTO_OUT_OF_A_BRANCH)})

    assert starred("@r exists@\n@@\nif (...) {\n  ...\n*  return ...;\n}\n") == [17]
    assert starred("@r exists@\niterator name for_each_thing;\n@@\nfor_each_thing(...) {\n  ...\n*  return ...;\n}\n") == []



WHEN_NOT_IF_CODE = """\
int f(struct s *x, int y)
{
	if (x == NULL) {
		if (y)
			a();
		x->f = 1;
		return 0;
	}
	return 1;
}
int g(struct s *x, int y)
{
	if (x == NULL) {
		x->f = 1;
		return 0;
	}
	return 1;
}
"""

WHEN_NOT_IF_RULE = """\
@r exists@
expression *E;
identifier f;
statement S1, S2;
position p;
@@
if (E == NULL)
{
  ... when != if (...) S1 else S2
* E->f@p
  ... when any
  return ...;
}
"""


def test_when_not_a_whole_if_statement_stops_the_path_at_its_head() -> None:
    # deref_null.cocci's `... when != if (...) S1 else S2`: an if on the way (with or without
    # else) is a counterexample; spatch 1.1.1 finds only g's `x->f`
    assert sorted({f.line for f in findings(WHEN_NOT_IF_RULE, WHEN_NOT_IF_CODE)}) == [14]



RETURN_BEFORE_A_LABEL = """\
void *f(int a, int r, int off)
{
	if (a) {
		mutex_lock(&m);
	}

	if (r) {
		if (off >= 0)
			goto found;
		goto fail;
	}
	g();
found:
	h();
	if (!a) {
		mutex_unlock(&m);
	}
	return ptr;
fail:
	if (a)
		k();
	else
		mutex_unlock(&m);
	return NULL;
}
"""


def test_a_return_reached_through_a_goto_ends_the_branch_even_before_a_label() -> None:
    # spatch 1.1.1 (mini_lock.cocci on mm/percpu.c): `if (...) { ... return@p ...; }` finds
    # `return ptr;` after `goto found;`, though `fail:` follows it: control leaves at a return
    rule = "@r exists@\nposition p;\n@@\nif (...) {\n  ...\n*  return@p ...;\n}\n"
    assert sorted({f.line for f in findings(rule, RETURN_BEFORE_A_LABEL)}) == [18, 24]



FREED_IN_A_LOOP = """\
int writer(struct foo *rhp, int i)
{
	do {
retry:
		if (!rhp)
			rhp = kmalloc(sizeof(*rhp), GFP_KERNEL);
		if (rhp && i > 2) {
			async(rhp, cb);
			rhp = NULL;
		} else if (!should_stop()) {
			barrier();
			goto retry;
		} else {
			kfree(rhp);
		}
	} while (i--);
	return 0;
}
"""

FREED_IN_A_LOOP_RULE = """\
@free@
expression E;
position p1;
@@
kfree@p1(E)

@print expression@
expression free.E;
position p;
@@
(
 !E@p
|
 E@p || ...
)

@r exists@
expression free.E, E2;
position free.p1, p2 != print.p;
@@
kfree@p1(E);
...
(
 E = E2
|
* E@p2
)
"""


def test_a_use_after_free_round_a_loop_and_a_goto_to_the_free_itself() -> None:
    # kfree.cocci on kernel/rcu/rcuscale.c: after `kfree(rhp)` the loop comes round to
    # `async(rhp, ...)` and to the same `kfree(rhp)`; spatch 1.1.1 reports both
    assert sorted({(f.line, f.column) for f in findings(FREED_IN_A_LOOP_RULE, FREED_IN_A_LOOP)}) == [(8, 9), (14, 9)]
