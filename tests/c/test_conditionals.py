"""Code under #if/#else parses; where branches cannot be parsed together, one at a time."""
from __future__ import annotations

from conftest import nodes_of, parse_ok


def test_ifdef_around_statements_parses_both_branches_together() -> None:
    parsed = parse_ok("void f(void)\n{\n#ifdef CONFIG_A\n\ta();\n#else\n\tb();\n#endif\n}\n")
    assert parsed.definitions[0].configuration == "all"
    assert nodes_of(parsed, "call") == ["a()", "b()"]


def test_conditional_splitting_an_if() -> None:
    code = (
        "int f(int a, int b)\n{\n#ifdef CONFIG_X\n\tif (a) {\n#else\n\tif (b) {\n#endif\n"
        "\t\treturn 1;\n\t}\n\treturn 0;\n}\nint g(void) { return 2; }\n"
    )
    parsed = parse_ok(code)
    assert [d.configuration for d in parsed.definitions] == ["first", "all"]


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
    assert parsed.definitions[0].configuration == "first"


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
