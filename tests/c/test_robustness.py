"""No input crashes the parser, every file round-trips, and a bad definition stays local."""
from __future__ import annotations

import random

import pytest

from conftest import FIXTURES, SAMPLE_TREE
from refactor import parse_c
from refactor.c.roundtrip import problems
from refactor.runner import c_files


def roundtrips(data: bytes) -> None:
    parsed = parse_c(data, "input.c")
    assert parsed.source.to_bytes() == data
    assert problems(parsed, data) == []


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b"int x;",  # no final newline
        b"int x;\r\nint f(void)\r\n{\r\n\treturn 0;\r\n}\r\n",  # CRLF
        b"int x;   \t\n\x0c\nint y;\t\n",  # trailing spaces, form feed
        b"int \xff\xfe x; /* \xc3\x28 */ char *s = \"\xe9\";\n",  # not UTF-8
        b"\x00\x01\x02\x7fELF\x00\x00binary\xff" * 50,  # binary
        b"}}}{{{)))(((;;;",
        b"#if\n#else\n#endif\n#endif\n#else\n",  # unbalanced conditionals
        b"int f(void) { return ((((((((((((1)))))))))))); }\n",
    ],
    ids=["empty", "newline", "no-final-newline", "crlf", "trailing-space-formfeed", "non-utf8", "binary", "garbage", "unbalanced-if", "parens"],
)
def test_roundtrip_edge_cases(data: bytes) -> None:
    roundtrips(data)


def test_deep_nesting_does_not_crash() -> None:
    depth = 5000
    code = "int f(void) { return " + "(" * depth + "1" + ")" * depth + "; }\n"
    code += "void g(void) " + "{" * depth + "}" * depth + "\n"
    roundtrips(code.encode())


def test_ten_megabyte_file() -> None:
    """Generated register headers are this big: long comments, huge tables, many functions."""
    comment = "/*\n" + " * register map, generated; do not edit\n" * 150000 + " */\n"
    table = "static const u32 golden[] = {\n" + "\t0x0000ff00, 0x12345678,\n" * 100000 + "};\n"
    body = "static int f%d(struct s *p)\n{\n\tif (p->x > %d)\n\t\treturn g(p, %d);\n\treturn 0;\n}\n\n"
    code = (comment + table + "".join(body % (i, i, i) for i in range(20000))).encode()
    assert len(code) > 10_000_000
    parsed = parse_c(code, "big.c")
    assert len(parsed.definitions) == 20001 and not parsed.failures()


def test_random_token_soup_never_crashes() -> None:
    rng = random.Random(2010)
    pieces = ["int", "x", "(", ")", "{", "}", ";", "*", "if", "else", "#ifdef A\n", "#endif\n", "\"s\"", "1", ",", "=", "struct", "->", "\n", "list_for_each(a, b)", "__init"]
    for _ in range(300):
        roundtrips(" ".join(rng.choice(pieces) for _ in range(rng.randint(0, 60))).encode())


def test_failed_definition_is_reported_and_the_rest_parses() -> None:
    code = "int a(void) { return 1; }\nint b(void) { return 2 +; }\nint c(void) { return 3; }\n"
    parsed = parse_c(code, "mm/bad.c")
    assert [d.parsed for d in parsed.definitions] == [True, False, True]
    (failure,) = parsed.failures()
    assert failure.describe(parsed.source) == "mm/bad.c:2:25: unexpected ';' (;)"


def test_failure_names_the_macro() -> None:
    parsed = parse_c("void f(void)\n{\n\tint x = 1\n\tg(x);\n}\n", "x.c")
    (failure,) = parsed.failures()
    assert failure.cause == "g" and failure.token == "g"


def tree_files() -> list[str]:
    return c_files([p for p in (SAMPLE_TREE, FIXTURES, FIXTURES.parent / "pycparser" / "cases") if p.is_dir()])


@pytest.mark.parametrize("path", tree_files() or ["<none>"])
def test_sample_tree_and_fixtures_roundtrip_and_parse(path: str) -> None:
    if path == "<none>":
        pytest.skip("no sample tree or fixtures")
    data = open(path, "rb").read()
    roundtrips(data)
    parsed = parse_c(data, path)
    failures = [f.describe(parsed.source) for f in parsed.failures()]
    assert not failures, "\n".join(failures)
