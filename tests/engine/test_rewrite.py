"""Rules applied to small kernel-like snippets: what changes, and what must stay as it was."""
from __future__ import annotations

import pytest

from refactor.engine.apply import apply_patterns
from refactor.smpl.compile import compile_rule_file
from refactor.smpl.model import SmplError
from refactor.source import SourceFile


def rewrite(rule: str, code: str, defined: frozenset[str] = frozenset()) -> str:
    patterns = compile_rule_file(rule, "test.cocci")
    return apply_patterns(patterns, SourceFile("test.c", code), defined).text


def findings(rule: str, code: str, path: str = "test.c") -> list:
    """What the rule reports on `code` (`*` lines and scripts' reports), in order found."""
    return apply_patterns(compile_rule_file(rule, "test.cocci"), SourceFile(path, code)).findings


def assert_rewrites(rule: str, before: str, after: str) -> None:
    assert rewrite(rule, before) == after
    assert rewrite(rule, after) == after or after == before  # idempotent where it makes sense


def in_function(body: str) -> str:
    return "void f(struct anon_vma *anon_vma)\n{\n" + body + "}\n"


def test_rename_keeps_trailing_comment() -> None:
    assert_rewrites("@@\n@@\n- foo();\n+ bar();\n", in_function("\tfoo(); /* why */\n"), in_function("\tbar(); /* why */\n"))


def test_call_rename_keeps_arguments_verbatim() -> None:
    rule = "@@\nexpression E;\n@@\n- anonvma_external_refcount(E)\n+ anonvma_refcount(E)\n"
    before = in_function("\tif (anonvma_external_refcount(anon_vma /* held */))\n\t\treturn;\n")
    after = in_function("\tif (anonvma_refcount(anon_vma /* held */))\n\t\treturn;\n")
    assert_rewrites(rule, before, after)


def test_member_rename_through_identifier_metavariable() -> None:
    rule = "@@\nexpression E;\n@@\n- E->external_refcount\n+ E->refcount\n"
    before = in_function("\tatomic_inc(&anon_vma->external_refcount);\n\tx = avc->anon_vma->external_refcount.counter;\n")
    after = in_function("\tatomic_inc(&anon_vma->refcount);\n\tx = avc->anon_vma->refcount.counter;\n")
    assert_rewrites(rule, before, after)


def test_removed_statement_takes_its_line() -> None:
    rule = "@@\nexpression E;\n@@\n- anonvma_external_refcount_init(E);\n"
    before = in_function("\tspin_lock_init(&anon_vma->lock);\n\tanonvma_external_refcount_init(anon_vma);\n\tINIT_LIST_HEAD(&anon_vma->head);\n")
    after = in_function("\tspin_lock_init(&anon_vma->lock);\n\tINIT_LIST_HEAD(&anon_vma->head);\n")
    assert rewrite(rule, before) == after


def test_added_statement_takes_the_indentation_of_the_next_line() -> None:
    rule = "@@\nexpression E;\n@@\n+ anon_vma_lock(E);\n  anon_vma_unlink(E);\n"
    before = in_function("\tif (x) {\n\t\tanon_vma_unlink(vma);\n\t}\n")
    after = in_function("\tif (x) {\n\t\tanon_vma_lock(vma);\n\t\tanon_vma_unlink(vma);\n\t}\n")
    assert rewrite(rule, before) == after


def test_added_statement_after_context() -> None:
    rule = "@@\nexpression E;\n@@\n  spin_lock(E);\n+ count++;\n"
    before = in_function("\tspin_lock(&anon_vma->lock);\n\tfoo();\n")
    after = in_function("\tspin_lock(&anon_vma->lock);\n\tcount++;\n\tfoo();\n")
    assert rewrite(rule, before) == after


def test_replaced_statement_by_two_lines() -> None:
    rule = "@@\nexpression E;\n@@\n- kfree(E);\n+ kfree_sensitive(E);\n+ E = NULL;\n"
    before = in_function("\tkfree(p->buf);\n")
    after = in_function("\tkfree_sensitive(p->buf);\n\tp->buf = NULL;\n")
    assert rewrite(rule, before) == after


def test_braceless_branch_that_becomes_two_statements_gets_braces() -> None:
    rule = "@@\nexpression E;\n@@\n- kfree(E);\n+ kfree_sensitive(E);\n+ E = NULL;\n"
    before = in_function("\tif (p)\n\t\tkfree(p->buf);\n\telse\n\t\tkfree(q);\n\tdone();\n")
    after = in_function(
        "\tif (p) {\n\t\tkfree_sensitive(p->buf);\n\t\tp->buf = NULL;\n\t} else {\n"
        "\t\tkfree_sensitive(q);\n\t\tq = NULL;\n\t}\n\tdone();\n"
    )
    assert rewrite(rule, before) == after


def test_statement_added_before_a_braceless_branch_gets_braces() -> None:
    rule = "@@\nexpression E;\n@@\n+ trace(E);\n  anon_vma_free(E);\n"
    before = in_function("\tif (empty)\n\t\tanon_vma_free(anon_vma);\n")
    after = in_function("\tif (empty) {\n\t\ttrace(anon_vma);\n\t\tanon_vma_free(anon_vma);\n\t}\n")
    assert rewrite(rule, before) == after


def test_metavariable_bound_twice_must_match_equal_code() -> None:
    rule = "@@\nexpression E;\n@@\n- E = E + 1\n+ E++\n"
    before = in_function("\ta = a + 1;\n\tb = c + 1;\n\tp->n = p -> n + 1;\n")
    after = in_function("\ta++;\n\tb = c + 1;\n\tp->n++;\n")
    assert rewrite(rule, before) == after


def test_dots_in_argument_lists() -> None:
    rule = "@@\n@@\n- kmem_cache_create(...)\n+ KMEM_CACHE_CREATE(...)\n"
    before = in_function("\tc = kmem_cache_create(\"x\", 1, 0, 0, NULL);\n\td = kmem_cache_create();\n")
    after = in_function("\tc = KMEM_CACHE_CREATE(\"x\", 1, 0, 0, NULL);\n\td = KMEM_CACHE_CREATE();\n")
    assert_rewrites(rule, before, after)


def test_dots_in_arguments_of_context_code() -> None:
    rule = "@@\nexpression E;\n@@\n  kmem_cache_create(E, ...,\n- NULL\n+ anon_vma_ctor\n  )\n"
    before = in_function('\tc = kmem_cache_create("anon_vma", sizeof(struct anon_vma), 0, SLAB_PANIC, NULL);\n')
    after = in_function('\tc = kmem_cache_create("anon_vma", sizeof(struct anon_vma), 0, SLAB_PANIC, anon_vma_ctor);\n')
    assert rewrite(rule, before) == after


def test_parentheses_isomorphism() -> None:
    # Coccinelle's paren isomorphism, `(E) => E`: parentheses the rule writes are optional in
    # the code; parentheses the code has and the rule does not are not skipped (spatch 1.1.1
    # leaves `(list_empty(...)) && !x` alone for `- list_empty(E) && !x`).
    rule = "@@\nidentifier a, m;\n@@\n- atomic_dec(&(a)->m)\n+ atomic_dec_return(&a->m)\n"
    before = in_function("\tatomic_dec(&anon_vma->refcount);\n")
    assert rewrite(rule, before) == in_function("\tatomic_dec_return(&anon_vma->refcount);\n")
    rule = "@@\nexpression E;\n@@\n- list_empty(E) && !x\n+ list_empty(E)\n"
    before = in_function("\tif ((list_empty(&anon_vma->head)) && !x)\n\t\tfree();\n")
    assert rewrite(rule, before) == before


def test_not_is_equal_null_isomorphism_for_a_pointer() -> None:
    # standard.iso's not_ptr1 (`expression *X; !X => X == NULL`): only for a metavariable the
    # rule declares a pointer; spatch 1.1.1 leaves `anon_vma == NULL` alone for `expression E`
    before = in_function(
        "\tif (anon_vma == NULL)\n\t\treturn;\n\tif (NULL == anon_vma)\n\t\treturn;\n\tif (!vma)\n\t\treturn;\n"
    )
    rule = "@@\nexpression E;\n@@\n- if (!E)\n+ if (unlikely(!E))\n  return;\n"
    assert rewrite(rule, before).count("unlikely") == 1
    # (vma is not declared: not known to be a pointer); the comparison is written anew
    after = in_function(
        "\tif (unlikely(!anon_vma))\n\t\treturn;\n\tif (unlikely(!anon_vma))\n\t\treturn;\n\tif (!vma)\n\t\treturn;\n"
    )
    assert rewrite(rule.replace("expression E", "expression *E"), before) == after
    tests = in_function("\tif (anon_vma != NULL)\n\t\treturn;\n\tif (n != 0)\n\t\treturn;\n")
    rule = "@@\nexpression *E;\n@@\n- if (E)\n+ if (likely(E))\n  return;\n"  # not_ptr2
    assert rewrite(rule, tests).count("likely") == 1
    assert rewrite(rule.replace("expression *E", "int E"), tests).count("likely") == 2  # `!=` is an int


def test_equality_is_commutative() -> None:
    rule = "@@\nexpression E;\n@@\n- E == NULL\n+ !E\n"
    before = in_function("\tif (NULL == anon_vma)\n\t\treturn;\n")
    assert "!anon_vma" in rewrite(rule, before)


def test_numbers_in_any_base() -> None:
    rule = "@@\nexpression E;\n@@\n- atomic_set(E, 0)\n+ atomic_set(E, 1)\n"
    before = in_function("\tatomic_set(&anon_vma->external_refcount, 0x0);\n")
    assert "atomic_set(&anon_vma->external_refcount, 1)" in rewrite(rule, before)


def test_function_definition_rename() -> None:
    rule = "@@\ntype T;\n@@\n  T\n- anonvma_external_refcount\n+ anonvma_refcount\n  (...) { ... }\n"
    before = "static inline int anonvma_external_refcount(struct anon_vma *a)\n{\n\treturn atomic_read(&a->x);\n}\n"
    after = "static inline int anonvma_refcount(struct anon_vma *a)\n{\n\treturn atomic_read(&a->x);\n}\n"
    assert rewrite(rule, before) == after


def test_identifier_metavariable_renames_a_function_everywhere() -> None:
    rule = "@@\nidentifier f = {anonvma_external_refcount};\n@@\n- f\n+ anonvma_refcount\n"
    assert "anonvma_refcount(a)" in rewrite(rule, in_function("\tx = anonvma_external_refcount(a);\n"))


def test_nothing_matches_nothing_changes() -> None:
    code = in_function("\tfoo();\n")
    assert rewrite("@@\n@@\n- bar();\n", code) is not None
    assert rewrite("@@\n@@\n- bar();\n", code) == code


def test_depends_on_virtual() -> None:
    rule = "virtual patch\n@depends on patch@\n@@\n- foo();\n+ bar();\n"
    code = in_function("\tfoo();\n")
    assert rewrite(rule, code) == code
    assert "bar();" in rewrite(rule, code, frozenset({"patch"}))


def test_rules_see_previous_results() -> None:
    rule = "@a@\n@@\n- foo();\n+ bar();\n@b depends on a@\n@@\n- bar();\n+ baz();\n"
    assert "baz();" in rewrite(rule, in_function("\tfoo();\n"))


def test_conflicting_edits_are_an_error() -> None:
    rule = "@@\nexpression E;\n@@\n- g(E)\n+ h(E)\n@@\n@@\n- g(g(x))\n+ k()\n"
    # first rule changes both g's; the file is re-parsed before the second rule: no conflict
    assert "h(h(x))" in rewrite(rule, in_function("\ty = g(g(x));\n"))


def test_unsupported_construct_names_itself() -> None:
    rule = "@@\nexpression x;\n@@\n  \\(a\\|b\\)();\n  if (x) { <+... \\(foo(x);\\|bar(x);\\) ...+> }\n"
    message = r"test.cocci:5:18: error: a disjunction inside '<... ...>' in a rule with another outside it is not supported yet"
    with pytest.raises(SmplError, match=message):
        rewrite(rule, in_function("\tfoo();\n"))


def test_disjunction_first_alternative_wins_at_a_place() -> None:
    rule = "@@\nexpression E;\n@@\n(\n- kfree(E->buf);\n+ free_buf(E);\n|\n- kfree(E);\n+ free_one(E);\n)\n"
    before = in_function("\tkfree(p->buf);\n\tkfree(q);\n")
    after = in_function("\tfree_buf(p);\n\tfree_one(q);\n")
    assert rewrite(rule, before) == after


def test_nested_disjunction_in_context() -> None:
    rule = "@@\nexpression E;\n@@\n  spin_lock(E);\n(\n- a();\n|\n(\n- b();\n|\n- c();\n)\n)\n"
    before = in_function("\tspin_lock(&l);\n\tc();\n\tspin_lock(&m);\n\ta();\n")
    after = in_function("\tspin_lock(&l);\n\tspin_lock(&m);\n")
    assert rewrite(rule, before) == after


def test_identifier_value_constraint() -> None:
    rule = "@@\nidentifier f = {kfree, vfree};\nexpression E;\n@@\n- f(E);\n+ kvfree(E);\n"
    before = in_function("\tkfree(a);\n\tvfree(b);\n\tfree(c);\n")
    after = in_function("\tkvfree(a);\n\tkvfree(b);\n\tfree(c);\n")
    assert rewrite(rule, before) == after


def test_regex_constraint() -> None:
    rule = '@@\nidentifier f =~ "^anonvma_";\n@@\n- f(...);\n'
    before = in_function("\tanonvma_x(a);\n\tother(b);\n")
    assert rewrite(rule, before) == in_function("\tother(b);\n")


def test_inherited_metavariables_run_once_per_match_of_the_earlier_rule() -> None:
    rule = (
        "@r@\nidentifier cache;\n@@\n  cache = kmem_cache_create(...);\n"
        "@@\nidentifier r.cache;\nexpression E;\n@@\n- kmem_cache_free(cache, E);\n+ free_to(cache, E);\n"
    )
    before = (
        "void init(void)\n{\n\tanon_vma_cachep = kmem_cache_create(\"anon_vma\", 64, 0, 0, NULL);\n}\n\n"
        "void put(struct anon_vma *a, void *o)\n{\n\tkmem_cache_free(anon_vma_cachep, a);\n\tkmem_cache_free(other_cachep, o);\n}\n"
    )
    after = before.replace("kmem_cache_free(anon_vma_cachep, a)", "free_to(anon_vma_cachep, a)")
    assert rewrite(rule, before) == after


def test_inheriting_rule_does_not_run_when_the_earlier_rule_did_not_match() -> None:
    rule = "@r@\nidentifier f;\n@@\n  f(42);\n@@\nidentifier r.f;\n@@\n- f();\n"
    code = in_function("\tg();\n")
    assert rewrite(rule, code) == code


def test_function_definition_without_return_type_matches_any() -> None:
    rule = "@@\nidentifier f;\n@@\n  f(...) {\n+ trace();\n  ...\n  }\n"
    before = "static int __init anon_vma_init(void)\n{\n\treturn 0;\n}\n"
    after = "static int __init anon_vma_init(void)\n{\n\ttrace();\n\treturn 0;\n}\n"
    assert rewrite(rule, before) == after


def test_when_not_stops_dots() -> None:
    rule = "@@\nexpression E;\n@@\n  spin_lock(E);\n  ... when != spin_unlock(E);\n- schedule();\n"
    ok = in_function("\tspin_lock(&l);\n\tx++;\n\tschedule();\n")
    unlocked = in_function("\tspin_lock(&l);\n\tspin_unlock(&l);\n\tschedule();\n")
    assert rewrite(rule, ok) == in_function("\tspin_lock(&l);\n\tx++;\n")
    assert rewrite(rule, unlocked) == unlocked


def test_when_any_is_accepted() -> None:
    rule = "@@\n@@\n  a();\n  ... when any\n- b();\n"
    assert rewrite(rule, in_function("\ta();\n\tc();\n\tb();\n")) == in_function("\ta();\n\tc();\n")


def test_expression_list_takes_any_arguments() -> None:
    rule = "@@\nexpression list ES;\n@@\n- dbg(ES);\n+ pr_debug(ES);\n"
    before = in_function('\tdbg("x=%d y=%d\\n", x, y);\n\tdbg("none\\n");\n\tdbg();\n')
    after = in_function('\tpr_debug("x=%d y=%d\\n", x, y);\n\tpr_debug("none\\n");\n\tpr_debug();\n')
    assert rewrite(rule, before) == after


def test_parameter_list_binds_all_parameters() -> None:
    rule = "@@\nidentifier f;\nparameter list PS;\ntype T;\n@@\n  T\n- f(PS)\n+ f(PS, int flags)\n  { ... }\n"
    before = "static int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma)\n{\n\treturn 0;\n}\n"
    assert "(struct vm_area_struct *vma, struct vm_area_struct *pvma, int flags)" in rewrite(rule, before)


def test_removing_the_only_statement_of_a_branch_leaves_an_empty_block() -> None:
    rule = "@@\n@@\n- drop_cache();\n"
    before = in_function("\tif (full)\n\t\tdrop_cache();\n\tcount++;\n")
    after = in_function("\tif (full)\n\t\t{}\n\tcount++;\n")
    assert rewrite(rule, before) == after


def test_same_line_branch_gets_braces() -> None:
    rule = "@@\nstatement S;\n@@\n  S\n+ trace();\n"
    before = "void f(void)\n{\n\tif (x) y = 3;\n}\n"
    assert "if (x) {\n\t\ty = 3;\n\t\ttrace();\n\t}" in rewrite(rule, before)


def test_directive_between_removed_statements_stays() -> None:
    rule = "@@\n@@\n- a();\n- b();\n"
    before = in_function("#ifdef CONFIG_X\n\ta();\n#endif\n\tb();\n\tc();\n")
    after = in_function("#ifdef CONFIG_X\n#endif\n\tc();\n")
    assert rewrite(rule, before) == after


def test_typedef_declaration_names_a_type() -> None:
    rule = "@@\ntypedef u8;\nidentifier x;\n@@\n- u8 x;\n+ uint8_t x;\n"
    assert "uint8_t flags;" in rewrite(rule, in_function("\tu8 flags;\n"))


def test_declarer_and_iterator_names() -> None:
    rule = "@@\ndeclarer name D;\niterator name I;\nexpression E;\nstatement S;\n@@\n  I(...) S\n"
    assert rewrite(rule, in_function("\tlist_for_each(p, &h)\n\t\tg(p);\n")) == in_function("\tlist_for_each(p, &h)\n\t\tg(p);\n")
    rule = "@@\ndeclarer name DEFINE_MUTEX;\n@@\n- DEFINE_MUTEX(foo_mutex);\n"
    assert rewrite(rule, "static int x;\nDEFINE_MUTEX(foo_mutex);\n") == "static int x;\n"
    # A declarer name is a name, not a metavariable (spatch 1.1.1 removes only `D(foo_mutex);`).
    rule = "@@\ndeclarer name D;\n@@\n- D(foo_mutex);\n"
    assert rewrite(rule, "static int x;\nDEFINE_MUTEX(foo_mutex);\nD(foo_mutex);\n") == "static int x;\nDEFINE_MUTEX(foo_mutex);\n"


def test_typed_metavariable_with_a_type_metavariable() -> None:
    rule = "@@\ntype T;\nT *x;\n@@\n- memset(x, 0, sizeof(T))\n+ memset(x, 0, sizeof(*x))\n"
    before = "void f(struct anon_vma *av, int *n)\n{\n\tmemset(av, 0, sizeof(struct anon_vma));\n\tmemset(n, 0, sizeof(long));\n}\n"
    after = "void f(struct anon_vma *av, int *n)\n{\n\tmemset(av, 0, sizeof(*av));\n\tmemset(n, 0, sizeof(long));\n}\n"
    assert rewrite(rule, before) == after


def test_any_pointer_expression() -> None:
    rule = "@@\nexpression *E;\n@@\n- E == 0\n+ E == NULL\n"
    before = "void f(struct anon_vma *av, int n)\n{\n\tif (av == 0 && n == 0)\n\t\treturn;\n}\n"
    assert "av == NULL && n == 0" in rewrite(rule, before)


def test_dots_in_parameter_lists() -> None:
    rule = "@@\nidentifier fn, regs;\n@@\n  fn(...,\n-   struct pt_regs *regs,\n    ...) {\n  ...\n  }\n"
    before = "static int handler(int irq, struct pt_regs *regs, void *dev)\n{\n\treturn 0;\n}\n"
    after = "static int handler(int irq, void *dev)\n{\n\treturn 0;\n}\n"
    assert rewrite(rule, before) == after


def test_dots_in_enums() -> None:
    rule = "@@\n@@\n  enum state {\n  ...,\n- BUSY = 1,\n+ RUNNING = 1,\n  ...\n  };\n"
    before = "enum state {\n\tIDLE = 0,\n\tBUSY = 1,\n\tDONE,\n};\n"
    assert "RUNNING = 1," in rewrite(rule, before)


def test_output_that_would_not_parse_is_refused() -> None:
    from refactor.engine.apply import BrokenOutput

    rule = "@@\nexpression E;\n@@\n- return E\n+ return E +\n  ;\n"
    with pytest.raises(BrokenOutput, match="would leave code that does not parse"):
        rewrite(rule, in_function("\treturn 1;\n"))


@pytest.mark.parametrize(
    "before,after",
    [
        ("int f(int a, struct pt_regs *regs, int b);\n", "int f(int a, int b);\n"),
        ("int f(struct pt_regs *regs, int b);\n", "int f(int b);\n"),
        ("int f(int a, struct pt_regs *regs);\n", "int f(int a);\n"),
        ("int f(struct pt_regs *regs);\n", "int f();\n"),
    ],
)
def test_removing_a_parameter_takes_its_comma(before: str, after: str) -> None:
    rule = "@@\nidentifier f, regs;\ntype T;\n@@\n  T f(...,\n- struct pt_regs *regs\n  , ...);\n"
    assert rewrite(rule, before) == after


def test_position_inherited_from_a_context_rule() -> None:
    rule = (
        "@r@\nexpression E;\nposition p;\n@@\n  if (E == NULL) return@p -ENOMEM;\n"
        "@@\nposition r.p;\n@@\n- return@p -ENOMEM;\n+ return -ENOSPC;\n"
    )
    before = in_function("\tif (a == NULL) return -ENOMEM;\n\tif (b) return -ENOMEM;\n")
    after = in_function("\tif (a == NULL) return -ENOSPC;\n\tif (b) return -ENOMEM;\n")
    assert rewrite(rule, before) == after


def test_inline_disjunction() -> None:
    rule = "@@\nexpression E1, E2;\n@@\n- \\(kmalloc\\|kzalloc\\)(E1, E2)\n+ kvmalloc(E1, E2)\n"
    before = in_function("\ta = kmalloc(n, GFP_KERNEL);\n\tb = kzalloc(m, GFP_KERNEL);\n\tc = vmalloc(k);\n")
    after = in_function("\ta = kvmalloc(n, GFP_KERNEL);\n\tb = kvmalloc(m, GFP_KERNEL);\n\tc = vmalloc(k);\n")
    assert rewrite(rule, before) == after
