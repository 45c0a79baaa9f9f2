"""Rules about preprocessor lines: includes added once, removed everywhere, macros renamed."""
from __future__ import annotations

import pytest

from refactor.smpl.model import SmplError
from tests.engine.test_rewrite import rewrite

HEADER = "#include <linux/mm.h>\n#include <asm/io.h>\n#include <linux/rmap.h>\n#ifdef X\n#include <linux/ksm.h>\n#endif\nint x;\n"


def test_added_include_goes_after_the_first_run_of_matching_includes() -> None:
    rule = "@@\n@@\n  #include <linux/...>\n+ #include <linux/refcount.h>\n"
    assert rewrite(rule, HEADER) == HEADER.replace("rmap.h>\n", "rmap.h>\n#include <linux/refcount.h>\n")


def test_added_include_before_goes_before_the_first_match_once() -> None:
    rule = "@@\n@@\n+ #include \"local.h\"\n  #include ...\n"
    assert rewrite(rule, HEADER) == '#include "local.h"\n' + HEADER


def test_removed_include_goes_everywhere_and_spacing_does_not_matter() -> None:
    rule = "@@\n@@\n- #include <linux/ksm.h>\n"
    code = "#include <linux/ksm.h>\n#include   <linux/ksm.h>\nint x;\n"
    assert rewrite(rule, code) == "int x;\n"


def test_define_with_an_expression_metavariable_body() -> None:
    rule = "@@\nexpression X;\n@@\n- #define foo X\n+ #define foobar X\n"
    code = "#define foo (1 << 3)\n#define foo2 4\nint x;\n"
    assert rewrite(rule, code) == "#define foobar (1 << 3)\n#define foo2 4\nint x;\n"


def test_no_match_no_change() -> None:
    rule = "@@\n@@\n  #include <linux/refcount.h>\n+ #include <linux/x.h>\n"
    assert rewrite(rule, HEADER) == HEADER


@pytest.mark.parametrize(
    "body, message",
    [
        ("  #include <a.h>\n  #include <b.h>\n", "several preprocessor lines in one rule are not supported yet"),
        ("- #define f(x) g(x)\n", "function-like '#define' in rule code is not supported yet"),
        ("  #if X\n", "'#if' in rule code is not supported yet"),
    ],
)
def test_unsupported_preprocessor_rules_are_named(body: str, message: str) -> None:
    with pytest.raises(SmplError, match=message):
        rewrite("@@\n@@\n" + body, "int x;\n")
