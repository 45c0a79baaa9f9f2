"""Code under #if/#else parses; where branches cannot be parsed together, one at a time."""
from __future__ import annotations

from conftest import nodes_of, parse_ok


def test_ifdef_around_statements_parses_both_branches_together() -> None:
    parsed = parse_ok("void f(void)\n{\n#ifdef CONFIG_A\n\ta();\n#else\n\tb();\n#endif\n}\n")
    assert parsed.definitions[0].configuration == "all"
    assert nodes_of(parsed, "call") == ["a()", "b()"]


def test_conditional_splitting_an_if_keeps_the_first_branch_as_spatch_does() -> None:
    # Both branches open a brace: spatch comments out the #else branch before parsing
    # (`passed: if ( b ) {` in its --parse-c output), so only `if (a)` is code.
    code = (
        "int f(int a, int b)\n{\n#ifdef CONFIG_X\n\tif (a) {\n#else\n\tif (b) {\n#endif\n"
        "\t\treturn 1;\n\t}\n\treturn 0;\n}\nint g(void) { return 2; }\n"
    )
    parsed = parse_ok(code)
    assert [d.configuration for d in parsed.definitions] == ["all", "all"]
    assert "if (a)" in nodes_of(parsed, "if_statement")[0]


def test_large_conditional_splitting_an_if_parses_one_branch_at_a_time() -> None:
    long_branch = "\tg();\n" * 6
    code = (
        "int f(int a, int b)\n{\n#ifdef CONFIG_X\n" + long_branch + "\tif (a) {\n#else\n\tif (b) {\n#endif\n"
        "\t\treturn 1;\n\t}\n\treturn 0;\n}\n"
    )
    assert parse_ok(code).definitions[0].configuration == "first"


def test_conditional_splitting_if_else_chain() -> None:
    code = (
        "void f(int a)\n{\n\tif (a == 1)\n\t\tg();\n#ifdef CONFIG_Y\n\telse if (a == 2)\n\t\th();\n#endif\n"
        "\telse\n\t\tk();\n}\n"
    )
    assert parse_ok(code).definitions[0].configuration == "all"


def test_conditional_splitting_a_parameter_list() -> None:
    code = "#ifdef CONFIG_Z\nint f(int a, int b)\n#else\nint f(int a)\n#endif\n{\n\treturn a;\n}\n"
    parsed = parse_ok(code)
    assert len(parsed.definitions) == 1
    # spatch reads the first header as the function's and comments out the other
    assert parsed.definitions[0].configuration == "all"
    assert nodes_of(parsed, "parameter_declaration") == ["int a", "int b"]


def test_conditional_inside_a_parameter_list() -> None:
    code = "int f(int a\n#ifdef CONFIG_Z\n\t, int b\n#endif\n\t)\n{\n\treturn a;\n}\n"
    assert parse_ok(code).definitions[0].configuration == "all"


def test_conditional_choosing_an_initializer() -> None:
    code = "static int x =\n#ifdef CONFIG_A\n\t1;\n#else\n\t2;\n#endif\nint y;\n"
    parsed = parse_ok(code)
    assert [d.configuration for d in parsed.definitions][-1] == "all"


def test_conditional_around_whole_functions() -> None:
    code = (
        "#ifdef CONFIG_KSM\nint ksm_on(void)\n{\n\treturn 1;\n}\n#else\n"
        "static inline int ksm_on(void)\n{\n\treturn 0;\n}\n#endif\n"
    )
    parsed = parse_ok(code)
    assert len(parsed.definitions) == 2


def test_if_zero_is_never_parsed() -> None:
    code = "void f(void)\n{\n#if 0\n\tthis is not C at all {\n#endif\n\tg();\n}\n"
    parsed = parse_ok(code)
    assert nodes_of(parsed, "call") == ["g()"]


def test_if_zero_else_branch_is_parsed() -> None:
    code = "void f(void)\n{\n#if 0\n\told(;\n#else\n\tnew();\n#endif\n}\n"
    assert nodes_of(parse_ok(code), "call") == ["new()"]


def test_define_bodies_with_continuations_are_trivia() -> None:
    code = "#define FOO(x) \\\n\tdo { \\\n\t\tbar(x); \\\n\t} while (0)\nvoid f(void) { FOO(1); }\n"
    parsed = parse_ok(code)
    assert len(parsed.definitions) == 1
    assert parsed.directives[0].kind == "define"


def test_else_branch_inside_an_initializer_is_not_code() -> None:
    # spatch 1.1.1 --parse-c: `passed: . z = 5 ,`; its rules never see the #else branch of a
    # conditional that splits an initializer, an argument list or an enum
    code = (
        "static struct s v = {\n\t.x = 6,\n#ifdef FOO\n\t.y = 4,\n#else\n\t.z = 5,\n#endif\n};\n"
        "enum e {\n\tA,\n#ifdef Q\n\tB,\n#else\n\tC,\n#endif\n};\n"
        "void f(void)\n{\n\th(1,\n#ifdef BAZ\n\t  2\n#else\n\t  3\n#endif\n\t );\n}\n"
    )
    parsed = parse_ok(code)
    assert nodes_of(parsed, "designator") == [".x", ".y"]
    assert nodes_of(parsed, "enumerator") == ["A", "B"]
    assert nodes_of(parsed, "call") == ["h(1,\n#ifdef BAZ\n\t  2\n#else\n\t  3\n#endif\n\t )"]


def test_both_branches_of_statements_and_members_are_code() -> None:
    code = (
        "struct t {\n\tint a;\n#ifdef Q\n\tint b;\n#else\n\tint c;\n#endif\n};\n"
        "void k(void)\n{\n#ifdef BAR\n\tg(1);\n#else\n\tg(2);\n#endif\n}\n"
    )
    parsed = parse_ok(code)
    assert nodes_of(parsed, "call") == ["g(1)", "g(2)"]
    assert [d.configuration for d in parsed.definitions] == ["all", "all"]


def test_if_one_else_branch_is_not_code() -> None:
    code = "void f(void)\n{\n#if 1\n\tg(1);\n#else\n\tg(2);\n#endif\n}\n"
    assert nodes_of(parse_ok(code), "call") == ["g(1)"]


def test_first_branch_ending_with_a_parenthesis_keeps_it_alone() -> None:
    code = (
        "void f(int a, int b)\n{\n#ifdef CONFIG_B\n\tif (a &&\n\t    b)\n#else\n\tif (a)\n#endif\n"
        "\t\tg();\n}\n"
    )
    parsed = parse_ok(code)
    assert parsed.definitions[0].configuration == "all"
    assert nodes_of(parsed, "call") == ["g()"]
    assert len(nodes_of(parsed, "if_statement")) == 1
