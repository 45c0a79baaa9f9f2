"""refactor.smpl.parser: `.cocci` files into rules, metavariables, dependencies and body lines."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from refactor.smpl import (
    BodyLine, ConstraintAnd, ConstraintOr, DepAnd, DepEver, DepFileIn, DepName, DepNever, DepNot,
    DepOr, MetaVar, RegexConstraint, ScriptBinding, ScriptConstraint, SeedMeta, SeedText, SmplError,
    SubtermConstraint, ValueSet, dependency_names, parse_rule_file,
)

COCCI_TESTS = Path("/work/shared/cocci-tests")
HERE = Path(__file__).resolve().parent


def only_rule(text: str):
    rule_file = parse_rule_file(text, "t.cocci")
    assert len(rule_file.rules) == 1
    return rule_file.rules[0]


def metavars(text: str) -> dict[str, MetaVar]:
    return {m.name: m for m in only_rule(text).metavars}


def error_of(text: str) -> str:
    with pytest.raises(SmplError) as info:
        parse_rule_file(text, "t.cocci")
    return str(info.value)


# ------------------------------------------------------------------------------ kernel-style rules


def test_rename_rule():
    rule = only_rule("@@\nexpression E;\n@@\n- foo(E)\n+ bar(E)\n")
    assert rule.name == "rule starting on line 1"
    assert rule.kind == "transform"
    assert rule.depends is None and rule.options == ()
    assert rule.metavars == (MetaVar("expression", "E", 2, 12),)
    assert rule.body == (BodyLine("-", " foo(E)", 4), BodyLine("+", " bar(E)", 5))


def test_typed_member_rename():
    rule = only_rule("@@\nstruct anon_vma *av;\n@@\n- av->external_refcount\n+ av->refcount\n")
    assert rule.metavars == (MetaVar("expression", "av", 2, 18, type_text="struct anon_vma *"),)
    assert [(b.marker, b.text) for b in rule.body] == [("-", " av->external_refcount"), ("+", " av->refcount")]


def test_fixture_file_with_virtuals_scripts_and_dependencies():
    rule_file = parse_rule_file((HERE / "kernel_rules.cocci").read_text(), "kernel_rules.cocci")
    assert rule_file.virtuals == ("patch", "report")
    assert [(r.name, r.kind) for r in rule_file.rules] == [
        ("unlink", "transform"), ("find", "transform"), ("rule starting on line 29", "script")]
    unlink, find, script = rule_file.rules
    assert unlink.depends == DepName("patch")
    assert unlink.metavars[1] == MetaVar("expression", "vma", 12, 24, type_text="struct vm_area_struct *")
    assert find.depends == DepAnd(DepNot(DepName("patch")), DepName("report"))
    assert script.script_bindings == (ScriptBinding("p", "find", "p"), ScriptBinding("av", "find", "av"))
    assert script.script_text == 'coccilib.report.print_report(p[0], "external_refcount on %s" % av)'
    assert script.script_line == 34


# ------------------------------------------------------------------------------ metavariable kinds


@pytest.mark.parametrize("declaration, kind", [
    ("expression x;", "expression"),
    ("identifier x;", "identifier"),
    ("type x;", "type"),
    ("constant x;", "constant"),
    ("statement x;", "statement"),
    ("idexpression x;", "idexpression"),
    ("local idexpression x;", "local idexpression"),
    ("global idexpression x;", "global idexpression"),
    ("symbol x;", "symbol"),
    ("position x;", "position"),
    ("position any x;", "position any"),
    ("fresh identifier x;", "fresh identifier"),
    ("expression list x;", "expression list"),
    ("statement list x;", "statement list"),
    ("parameter list x;", "parameter list"),
    ("identifier list x;", "identifier list"),
    ("parameter x;", "parameter"),
    ("initializer x;", "initializer"),
    ("initialiser x;", "initializer"),
    ("initialiser list x;", "initializer list"),
    ("declaration x;", "declaration"),
    ("field x;", "field"),
    ("field list x;", "field list"),
    ("typedef x;", "typedef"),
    ("function x;", "function"),
    ("local function x;", "local function"),
    ("binary operator x;", "binary operator"),
    ("assignment operator x;", "assignment operator"),
    ("format x;", "format"),
    ("format list x;", "format list"),
    ("declarer name x;", "declarer name"),
    ("declarer x;", "declarer"),
    ("iterator name x;", "iterator name"),
    ("iterator x;", "iterator"),
    ("attribute name x;", "attribute name"),
    ("attribute x;", "attribute"),
    ("metavariable x;", "metavariable"),
    ("comments x;", "comments"),
    ("pragmainfo x;", "pragmainfo"),
    ("error x;", "error"),
])
def test_each_metavariable_kind(declaration, kind):
    assert metavars(f"@@\n{declaration}\n@@\n x\n") == {"x": MetaVar(kind, "x", 2, declaration.index(" x;") + 2)}


def test_several_names_in_one_declaration_and_keywords_as_names():
    got = metavars("@@\nexpression E1, E2,\n  E3;\nexpression type, list;\n@@\n f(E1, E2, E3, type, list);\n")
    assert [(m.name, m.line, m.column) for m in got.values()] == [
        ("E1", 2, 12), ("E2", 2, 16), ("E3", 3, 3), ("type", 4, 12), ("list", 4, 18)]
    assert {m.kind for m in got.values()} == {"expression"}


def test_list_lengths():
    got = metavars("@@\nexpression list[n] es;\nparameter list[2] ps;\nfield list [n = {1 ... 3}] fs;\n@@\n f(es);\n")
    assert (got["es"].list_length, got["ps"].list_length, got["fs"].list_length) == ("n", "2", "n={1...3}")


# ------------------------------------------------------------------------------ typed expressions


@pytest.mark.parametrize("declaration, kind, type_text", [
    ("struct anon_vma *x;", "expression", "struct anon_vma *"),
    ("unsigned long x;", "expression", "unsigned long"),
    ("int **x;", "expression", "int **"),
    ("const char * const *x;", "expression", "const char * const *"),
    ("expression *x;", "expression", "*"),
    ("expression struct *x;", "expression", "struct *"),
    ("idexpression struct foo *x;", "idexpression", "struct foo *"),
    ("local idexpression int x;", "local idexpression", "int"),
    ("idexpression *x;", "idexpression", "*"),
    ("constant char [] x;", "constant", "char []"),
    ("{int, unsigned long} *x;", "expression", "{int, unsigned long} *"),
    ("size_t x;", "expression", "size_t"),
])
def test_typed_declarations(declaration, kind, type_text):
    mv = metavars(f"@@\n{declaration}\n@@\n x\n")["x"]
    assert (mv.kind, mv.type_text) == (kind, type_text)


def test_type_metavariables_and_typedefs_make_type_names():
    got = metavars("@@\ntype T;\ntypedef u8;\nT x;\nunsigned T y;\nu8 *p;\nidexpression T *q;\n@@\n f(x, y, p, q);\n")
    assert [(m.name, m.type_text) for m in got.values() if m.kind != "type" and m.kind != "typedef"] == [
        ("x", "T"), ("y", "unsigned T"), ("p", "u8 *"), ("q", "T *")]


def test_typedef_reaches_later_rules_but_type_metavariable_needs_inheriting():
    rule_file = parse_rule_file("@r@\ntypedef u8;\ntype T;\n@@\nT f(u8 x);\n"
                                "@@\nu8 v;\ntype r.T;\nT w;\n@@\n f(v, w);\n", "t.cocci")
    second = rule_file.rules[1]
    assert [(m.name, m.type_text, m.inherited_from) for m in second.metavars] == [
        ("v", "u8", None), ("T", None, "r"), ("w", "T", None)]


def test_iterator_and_declarer_names_reach_later_rules() -> None:
    # list_entry_update.cocci's `back` uses the `iterator name` rule r declared (spatch agrees)
    rule_file = parse_rule_file("@r@\niterator name list_for_each_entry;\ndeclarer name DEFINE_MUTEX;\n"
                                "expression x;\n@@\nlist_for_each_entry(x, ...) { ... }\n"
                                "@back@\nexpression x;\nstatement S;\n@@\nlist_for_each_entry(x, ...) S\n", "t.cocci")
    back = rule_file.rules[1]
    assert [(m.name, m.kind) for m in back.metavars] == [
        ("x", "expression"), ("S", "statement"), ("list_for_each_entry", "iterator name"), ("DEFINE_MUTEX", "declarer name")]


# ------------------------------------------------------------------------------ constraints


def test_value_set_constraints():
    got = metavars("@@\nidentifier f = {kmalloc, kzalloc};\nidentifier g != {a, b};\nidentifier h = vmalloc;\n"
                   "expression e != {0, 1};\n@@\n f(g, h, e);\n")
    assert got["f"].constraint == ValueSet(("kmalloc", "kzalloc"), negated=False)
    assert got["g"].constraint == ValueSet(("a", "b"), negated=True)
    assert got["h"].constraint == ValueSet(("vmalloc",), negated=False)
    assert got["e"].constraint == ValueSet(("0", "1"), negated=True)


def test_regex_constraints():
    got = metavars('@@\nidentifier f =~ "^dev_";\nidentifier g !~ "_locked$";\nconstant c =~ ".*\\"$";\n@@\n f(g, c);\n')
    assert got["f"].constraint == RegexConstraint("^dev_", negated=False)
    assert got["g"].constraint == RegexConstraint("_locked$", negated=True)
    assert got["c"].constraint == RegexConstraint('.*\\"$', negated=False)


def test_operator_type_and_combined_constraints():
    first, second = parse_rule_file(
        '@r@\nbinary operator b1 = {==, !=, &&, <<=};\ntype T = {int, bool *};\n@@\n x\n'
        '@@\nbinary operator b = {r.b1} && !~ "^!";\ntype U = r.T * || =~ "^char";\nexpression E, sub <= E;\n'
        'assignment operator a = = ;\n@@\n x\n', "t.cocci").rules
    assert first.metavar("b1").constraint == ValueSet(("==", "!=", "&&", "<<="), negated=False)
    assert first.metavar("T").constraint == ValueSet(("int", "bool *"), negated=False)
    assert second.metavar("b").constraint == ConstraintAnd(ValueSet(("r.b1",), False), RegexConstraint("^!", True))
    assert second.metavar("U").constraint == ConstraintOr(ValueSet(("r.T *",), False), RegexConstraint("^char", False))
    assert second.metavar("sub").constraint == SubtermConstraint(("E",))
    assert second.metavar("a").constraint == ValueSet(("=",), False)


def test_script_constraint_and_fresh_identifier_seeds():
    got = metavars('@@\nidentifier i;\nexpression e : script:python (i) { e.startswith(i) };\n'
                   'fresh identifier f = "backport_" ## i;\nfresh identifier g = script:python(i) { i + "_x" };\n'
                   '@@\n e\n')
    assert got["e"].constraint == ScriptConstraint("python", "e.startswith(i)", ("i",))
    assert got["f"].seed == (SeedText("backport_"), SeedMeta("i"))
    assert got["g"].seed == ScriptConstraint("python", 'i + "_x"', ("i",))


# ------------------------------------------------------------------------------ rules and dependencies


def test_inherited_metavariables():
    second = parse_rule_file("@r@\nidentifier x;\nposition p;\n@@\n x@p\n@@\nidentifier r.x;\nposition p != r.p;\n@@\n- x\n",
                             "t.cocci").rules[1]
    assert second.metavars[0] == MetaVar("identifier", "x", 7, 12, inherited_from="r")
    assert second.metavars[0].qualified_name == "r.x"
    assert second.metavars[1].constraint == ValueSet(("r.p",), negated=True)


def test_depends_on_expressions():
    text = ("virtual patch\nvirtual report\n@a@\n@@\n f()\n@b@\n@@\n g()\n"
            "@c depends on !a && (b || patch) && !(report)@\n@@\n h()\n"
            "@d depends on a || b && patch@\n@@\n i()\n"
            '@e depends on ever a && never b && file in "drivers/gpu"@\n@@\n j()\n')
    c, d, e = parse_rule_file(text, "t.cocci").rules[2:]
    assert c.depends == DepAnd(DepAnd(DepNot(DepName("a")), DepOr(DepName("b"), DepName("patch"))), DepNot(DepName("report")))
    assert d.depends == DepOr(DepName("a"), DepAnd(DepName("b"), DepName("patch")))
    assert e.depends == DepAnd(DepAnd(DepEver("a"), DepNever("b")), DepFileIn("drivers/gpu"))
    assert dependency_names(c.depends) == ("a", "b", "patch", "report")
    matched = {"b", "patch"}.__contains__
    assert c.depends.evaluate(matched) is True
    assert d.depends.evaluate(matched) is True
    assert c.depends.evaluate({"a", "b"}.__contains__) is False
    assert e.depends.evaluate({"a"}.__contains__, in_file=lambda d: d == "drivers/gpu") is True
    with pytest.raises(ValueError):
        e.depends.evaluate({"a"}.__contains__)


def test_header_options():
    text = ("@r exists@\n@@\n f()\n@s depends on r forall@\n@@\n g()\n"
            '@t disable optional_qualifier, drop_cast using "my.iso"@\n@@\n h()\n'
            "@u extends r@\n@@\n i()\n@expression@\n@@\n j\n")
    rules = parse_rule_file(text, "t.cocci").rules
    assert [r.options for r in rules] == [
        ("exists",), ("forall",), ("disable optional_qualifier, drop_cast", 'using "my.iso"'), ("extends r",),
        ("expression",)]
    assert rules[4].name == "rule starting on line 13"


def test_script_rules_with_bindings():
    text = ('@initialize:python@\n@@\nseen = set()\n\n'
            '@r@\nidentifier fn;\nposition p;\n@@\nfn@p(...) { ... }\n\n'
            '@script:python s depends on r@\nfn << r.fn;\np << r.p = [];\nname << r.fn = "none";\nout;\n@@\n'
            'if fn not in seen:\n    coccinelle.out = fn\n\n'
            '@finalize:python@\n@@\nprint(len(seen))\n')
    init, r, s, fin = parse_rule_file(text, "t.cocci").rules
    assert (init.kind, init.script_language, init.script_text, init.script_line) == ("initialize", "python", "seen = set()", 3)
    assert (s.name, s.kind, s.depends) == ("s", "script", DepName("r"))
    assert s.script_bindings == (ScriptBinding("fn", "r", "fn"), ScriptBinding("p", "r", "p", default="[]"),
                                 ScriptBinding("name", "r", "fn", default="none"))
    assert s.metavars == (MetaVar("metavariable", "out", 15, 1),)
    assert s.script_text == "if fn not in seen:\n    coccinelle.out = fn"
    assert s.script_line == 17
    assert (fin.kind, fin.script_text) == ("finalize", "print(len(seen))")


def test_prologue_records_virtuals_includes_isos_and_spatch_options():
    rule_file = parse_rule_file('// comment\n#spatch --no-includes\nvirtual a, b\nvirtual c\n#include "common.cocci"\n'
                                'using "extra.iso"\n/* block\n@not a header */\n@@\n@@\n f()\n', "t.cocci")
    assert rule_file.virtuals == ("a", "b", "c")
    assert rule_file.includes == ("common.cocci",)
    assert rule_file.isos == ("extra.iso",)
    assert rule_file.spatch_options == ("--no-includes",)
    assert rule_file.rules[0].line == 9


# ------------------------------------------------------------------------------ body lines


def test_body_markers_and_line_numbers():
    rule = only_rule("@@\nexpression E;\n@@\n\nfoo(E);\n-bar(E);\n+baz(E);\n++extra();\n*report(E);\n?maybe();\n"
                     "?- gone();\n\tindented();\n  - not_a_marker;\n\n")
    assert [(b.marker, b.text, b.line) for b in rule.body] == [
        (" ", "foo(E);", 5), ("-", "bar(E);", 6), ("+", "baz(E);", 7), ("++", "extra();", 8),
        ("*", "report(E);", 9), ("?", "maybe();", 10), ("?-", " gone();", 11), (" ", "\tindented();", 12),
        (" ", "  - not_a_marker;", 13)]


def test_disjunction_lines_are_context_lines():
    rule = only_rule("@@\nexpression E;\n@@\n(\n- kfree(E);\n|\n- vfree(E);\n&\n E\n)\n")
    assert [(b.marker, b.text) for b in rule.body] == [
        (" ", "("), ("-", " kfree(E);"), (" ", "|"), ("-", " vfree(E);"), (" ", "&"), (" ", " E"), (" ", ")")]


def test_comments_in_body_are_code_and_block_comment_lines_keep_their_comment_marker():
    rule = only_rule("@@\n@@\n f(); // keep\n+/* added\n+ * line\n+ */\n/*\n* not a star line\n@ not a header\n*/\n- g();\n")
    assert [(b.marker, b.text) for b in rule.body] == [
        (" ", " f(); // keep"), ("+", "/* added"), ("+", " * line"), ("+", " */"), (" ", "/*"),
        (" ", "* not a star line"), (" ", "@ not a header"), (" ", "*/"), ("-", " g();")]


def test_closing_at_at_after_last_declaration_and_code_on_its_line():
    rule_file = parse_rule_file("@@ expression E; @@\n- f(E)\n@r@ @@ g();\n", "t.cocci")
    assert rule_file.rules[0].metavars == (MetaVar("expression", "E", 1, 15),)
    assert rule_file.rules[0].body == (BodyLine("-", " f(E)", 2),)
    assert rule_file.rules[1].body == (BodyLine(" ", " g();", 3),)


def test_comments_in_declarations_and_crlf_newlines():
    got = metavars("@@ // unnamed\r\nexpression E; /* the argument */\r\n// identifier f;\r\n@@\r\n- f(E);\r\n")
    assert list(got) == ["E"]
    assert only_rule("@@\r\n@@\r\n- f();\r\n").body == (BodyLine("-", " f();", 3),)


# ------------------------------------------------------------------------------ errors


def test_error_unknown_kind_suggests_close_kind():
    assert error_of("@@\nexpresion E;\n@@\n- foo(E)\n") == (
        "t.cocci:2:1: error: unknown metavariable kind 'expresion'\n"
        "expresion E;\n"
        "^\n"
        "hint: did you mean 'expression'?")


def test_error_unknown_type_name():
    assert error_of("@@\nidentifier f;\n  u8 *p;\n@@\n- f(p)\n") == (
        "t.cocci:3:3: error: unknown metavariable kind 'u8'\n"
        "  u8 *p;\n"
        "  ^\n"
        "hint: a declaration starts with a kind (expression, identifier, type, statement, position, ...) or a C "
        "type; declare a type name first with 'typedef u8;' or 'type u8;'")


def test_error_type_used_before_its_declaration():
    assert error_of("@@\nT x;\ntype T;\n@@\n- f(x)\n") == (
        "t.cocci:2:1: error: unknown metavariable kind 'T'\n"
        "T x;\n"
        "^\n"
        "hint: 'T' is declared as a type further down; declare 'type T;' before using it")


def test_error_missing_semicolon_before_next_declaration():
    assert error_of("@@\nexpression E\nidentifier f;\n@@\n- f(E)\n") == (
        "t.cocci:2:13: error: missing ';' after the metavariable declaration\n"
        "expression E\n"
        "            ^\n"
        "hint: each declaration ends with ';', as in 'expression E;'")


def test_error_missing_semicolon_before_closing_at_at():
    assert error_of("@r@\n\tidentifier f\n@@\n- f()\n") == (
        "t.cocci:2:14: error: missing ';' after the metavariable declaration\n"
        "\tidentifier f\n"
        "\t            ^\n"
        "hint: each declaration ends with ';', as in 'expression E;'")


def test_error_unterminated_header():
    assert error_of("@r depends on a\nexpression E;\n@@\n- f(E)\n") == (
        "t.cocci:1:16: error: unterminated rule header: no '@' closes it on this line\n"
        "@r depends on a\n"
        "               ^\n"
        "hint: close the header on the line it starts, as in '@name@'")
    assert error_of("@@\n@@\n f()\n@r") == (
        "t.cocci:4:1: error: unterminated rule header: no '@' closes it\n"
        "@r\n"
        "^\n"
        "hint: a rule header is '@@' for an unnamed rule or '@name@', on one line")


def test_error_depends_on_unknown_or_later_rule():
    assert error_of("virtual patch\n@r depends on patch && fix@\n@@\n- f()\n") == (
        "t.cocci:2:24: error: 'depends on' names unknown rule or virtual 'fix'\n"
        "@r depends on patch && fix@\n"
        "                       ^\n"
        "hint: name a rule defined above, or declare 'virtual fix' at the top of the file")
    assert error_of("@r depends on s@\n@@\n- f()\n@s@\n@@\n- g()\n") == (
        "t.cocci:1:15: error: 'depends on' names unknown rule or virtual 's'\n"
        "@r depends on s@\n"
        "              ^\n"
        "hint: 's' is defined below, on line 4; a rule can only refer to rules above it")


def test_error_duplicate_rule_name():
    assert error_of("@fix@\n@@\n- f()\n\n@ fix @\n@@\n- g()\n") == (
        "t.cocci:5:3: error: duplicate rule name 'fix'\n"
        "@ fix @\n"
        "  ^\n"
        "hint: a rule called 'fix' is already defined on line 1")


def test_error_body_before_any_header():
    assert error_of("// a comment is fine\n- foo();\n@@\n@@\n- bar();\n") == (
        "t.cocci:2:1: error: rule body before any rule header\n"
        "- foo();\n"
        "^\n"
        "hint: a rule starts with a header line: '@@' (or '@name@'), its metavariable declarations, then '@@'; "
        "before the first rule only comments, 'virtual', '#include' and 'using' lines may appear")


def test_error_metavariable_declared_twice():
    assert error_of("@@\nexpression E;\nstatement S, E;\n@@\n- E\n") == (
        "t.cocci:3:14: error: metavariable 'E' is declared twice in this rule\n"
        "statement S, E;\n"
        "             ^\n"
        "hint: first declared as expression on line 2")


def test_error_empty_names_in_headers():
    assert error_of("@r depends on@\n@@\n- f()\n") == (
        "t.cocci:1:14: error: missing a rule name after 'depends on' in the rule header\n"
        "@r depends on@\n"
        "             ^")
    assert error_of("@script:@\n@@\nprint(1)\n") == (
        "t.cocci:1:9: error: missing the script language after ':' in the rule header\n"
        "@script:@\n"
        "        ^")
    assert error_of("@r disable@\n@@\n- f()\n") == (
        "t.cocci:1:11: error: missing an isomorphism name after 'disable' in the rule header\n"
        "@r disable@\n"
        "          ^")


def test_error_missing_closing_at_at():
    assert error_of("@@\nexpression E;\n- foo(E)\n+ bar(E)\n") == (
        "t.cocci:3:1: error: missing '@@' after the metavariable declarations\n"
        "- foo(E)\n"
        "^\n"
        "hint: this looks like the rule body; end the declarations with '@@' on the line before")


def test_error_misspelt_header_keyword():
    assert error_of("@r depnds on x@\n@@\n- f()\n") == (
        "t.cocci:1:4: error: unexpected 'depnds' in the rule header; expected 'declaration', 'depends', "
        "'disable', 'exists', 'expression', 'extends', 'field', 'forall', ...\n"
        "@r depnds on x@\n"
        "   ^\n"
        "hint: did you mean 'depends'?")


def test_error_inheriting_from_unknown_rule_or_missing_metavariable():
    assert error_of("@@\nexpression r.E;\n@@\n- f(E)\n") == (
        "t.cocci:2:12: error: 'r.E' inherits from unknown rule 'r'\n"
        "expression r.E;\n"
        "           ^\n"
        "hint: a metavariable can only be inherited from a rule defined above")
    assert error_of("@r@\nexpression arg;\n@@\nf(arg)\n@script:python@\na << r.args;\n@@\nprint(a)\n") == (
        "t.cocci:6:6: error: rule 'r' has no metavariable 'args'\n"
        "a << r.args;\n"
        "     ^\n"
        "hint: did you mean 'r.arg'?")


def test_error_missing_constraint_value_and_bad_character():
    assert error_of("@@\nidentifier f = ;\n@@\n- f()\n") == (
        "t.cocci:2:15: error: missing a value after '=' in the metavariable declaration\n"
        "identifier f = ;\n"
        "              ^\n"
        "hint: as in 'identifier f = {foo, bar};'")
    assert error_of("@@\nexpression E $;\n@@\n") == (
        "t.cocci:2:14: error: unexpected character '$' in the metavariable declaration\n"
        "expression E $;\n"
        "             ^")


def test_errors_are_picklable_and_keep_their_fields():
    with pytest.raises(SmplError) as info:
        parse_rule_file("@@\nexpresion E;\n@@\n", "t.cocci")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.path, copy.line, copy.column, copy.message, copy.hint) == (
        "t.cocci", 2, 1, "unknown metavariable kind 'expresion'", "did you mean 'expression'?")
    assert str(copy) == str(info.value)


# ------------------------------------------------------------------------------ Coccinelle's own rules


@pytest.mark.skipif(not COCCI_TESTS.is_dir(), reason="Coccinelle's test suite is not available")
def test_coccinelle_test_suite_rules_parse():
    paths = sorted(COCCI_TESTS.glob("*.cocci"))
    failures = []
    for path in paths:
        try:
            parse_rule_file(path.read_text(encoding="utf-8", errors="surrogateescape"), path.name)
        except SmplError as exc:
            failures.append(str(exc))
    parsed = len(paths) - len(failures)
    print(f"\nparsed {parsed} of {len(paths)} rule files from {COCCI_TESTS}")
    assert parsed >= 0.98 * len(paths), "\n\n".join(failures)


def test_disjunction_mark_with_code_after_it_and_inline_disjunction_over_lines() -> None:
    from refactor.smpl.compile import compile_rule_file

    rule = (
        "@@\nexpression E;\nposition p;\n@@\n(\nspin_lock@p\n|\nread_lock@p\n) (E,...);\n\n"
        "@@\nexpression E;\n@@\n- if (E != NULL)\n-\t\\(kfree\\|kvfree\\|\n-\t  vfree\\)(E);\n"
    )
    first, second = compile_rule_file(rule, "r.cocci")
    assert len(first.alternatives) == 2 and len(second.alternatives) == 3
    assert "read_lock" in first.alternatives[1].text and "(E,...);" in first.alternatives[1].text


def test_comments_in_rule_code_hold_no_positions_nor_when_clauses() -> None:
    from refactor.smpl.compile import compile_rule_file

    rule = "@ rule1 @\nexpression E;\n@@\n\nf(E);\n\n//@ rule2 extends rule1 @\n//... when any\n\n@ rule3 extends rule1 @\n@@\n- q(E);\n"
    first, second = compile_rule_file(rule, "r.cocci")
    assert first.alternatives[0].positions == {} and first.alternatives[0].when_modes == {}
