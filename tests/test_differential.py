"""Differential tests: spatch 1.1.1 and refactor, same rule, same input, same output.

Skipped where spatch (Debian package coccinelle) is not installed.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_TREE
from refactor import testing
from refactor.engine.run_files import transform_files
from refactor.runner import c_files
from refactor.smpl.compile import compile_rule_file

SPATCH = shutil.which("spatch")
pytestmark = pytest.mark.skipif(SPATCH is None, reason="spatch (Debian package coccinelle) is not installed")
RULE_TESTS = testing.discover([ROOT / "rules"])


def spatch_output(rule: Path, source: Path, tmp_path: Path) -> str:
    out = tmp_path / "out.c"
    subprocess.run(
        [SPATCH, "--very-quiet", "--sp-file", str(rule), str(source), "-o", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out.read_text() if out.exists() else source.read_text()


@pytest.mark.parametrize("rule_test", RULE_TESTS, ids=[t.name for t in RULE_TESTS])
def test_rule_tests_agree_with_spatch(rule_test: testing.RuleTest, tmp_path: Path) -> None:
    for verdict in testing.run(rule_test, exact=True):
        assert verdict.output == spatch_output(rule_test.rule, verdict.source, tmp_path)


def changed_lines(diff: str) -> list[str]:
    return sorted(line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---"))


def test_rename_on_the_sample_tree_agrees_with_spatch() -> None:
    rule = ROOT / "rules" / "anon_vma" / "rename_external_refcount.cocci"
    theirs = subprocess.run(
        [SPATCH, "--very-quiet", "--sp-file", str(rule), "--dir", str(SAMPLE_TREE), "-I", str(SAMPLE_TREE / "include"),
         "--recursive-includes", "--include-headers"],
        check=True, capture_output=True, text=True, timeout=300,
    ).stdout
    patterns = compile_rule_file(rule.read_text(), str(rule))
    ours = "".join(c.diff.decode() for c in transform_files(patterns, c_files([SAMPLE_TREE]), frozenset(), 1))
    assert changed_lines(ours) == changed_lines(theirs)
    assert len(changed_lines(ours)) == 28  # 14 sites, each a - and a + line


# Small cases where spatch's result is the specification: `...` along control flow, and added
# code as the rule author typed it, which spatch prints in kernel style, and so must we.
# (Where spatch 1.1.1 is not kernel style, we are: `for (i = 0; i < n; i++)` where it prints
# `for(i = 0;i < n;i++)`, an added `else` on its own line where it glues it to the `;` before;
# tests/c/test_layout.py holds those.)
CASES = {
    "statements_on_one_line": (
        "@@\nexpression E;\n@@\n- foo(E);\n+ if(E==NULL){bar(E,1);return -ENOMEM;}\n",
        "void f(void)\n{\n\tfoo(p);\n}\n",
    ),
    "long_call_broken_after_commas": (
        "@@\nexpression E;\n@@\n- foo(E);\n"
        "+ some_really_long_function_name(E, another_long_argument_name, yet_another_argument, and_more_args_here, last);\n",
        "void f(void)\n{\n\tif (x) {\n\t\tfoo(p);\n\t}\n}\n",
    ),
    "dots_follow_control_flow": (
        "@@\n@@\n- start();\n  ...\n- finish();\n",
        "int f1(int x) {\n  start();\n  if (x)\n    return 12;\n  finish();\n}\nint f2(int x) {\n  start();\n  if (x)\n    return -1;\n  finish();\n}\nint f3(int x) {\n  start();\n  if (x)\n    goto out;\n  finish();\nout:\n  return 0;\n}\nint f4(int x) {\n  start();\n  if (x)\n    bar();\n  else\n    finish();\n}\nint f5(int x) {\n  start();\n  if (x) {\n    finish();\n    return 1;\n  }\n  foo();\n}\n",
    ),
    "dots_when_strict": (
        "@@\n@@\n- start();\n  ... when strict\n- finish();\n",
        "int f1(int x) {\n  start();\n  if (x)\n    return 12;\n  finish();\n}\nint f2(int x) {\n  start();\n  if (x)\n    return -1;\n  finish();\n}\nint f3(int x) {\n  start();\n  if (x)\n    goto out;\n  finish();\nout:\n  return 0;\n}\nint f4(int x) {\n  start();\n  if (x)\n    bar();\n  else\n    finish();\n}\nint f5(int x) {\n  start();\n  if (x) {\n    finish();\n    return 1;\n  }\n  foo();\n}\n",
    ),
    "dots_exists_empties_a_branch": (
        "@exists@\n@@\n- start();\n  ...\n- finish();\n",
        "int f(int x)\n{\n\tstart();\n\tif (x)\n\t\tbar();\n\telse\n\t\tfinish();\n}\n",
    ),
    "dots_reach_into_both_branches": (
        "@@\n@@\n  start();\n  ...\n- finish();\n",
        "int f(int x)\n{\n\tstart();\n\tif (x)\n\t\tfinish();\n\telse {\n\t\tfoo();\n\t\tfinish();\n\t}\n}\n",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_small_cases_agree_with_spatch(name: str, tmp_path: Path) -> None:
    rule_text, code = CASES[name]
    rule = tmp_path / f"{name}.cocci"
    source = tmp_path / f"{name}.c"
    rule.write_text(rule_text)
    source.write_text(code)
    ours = testing.run(testing.RuleTest(name, rule, (source,)), exact=True)[0].output
    assert ours == spatch_output(rule, source, tmp_path)
