"""`refactor apply` over a maintainer's tree: what it refuses, what it skips, and what it says.

Each test builds a small tree in tmp_path and runs the command as a user would (CliRunner), then
looks at the files, the messages and the exit status (0 ok, 1 changes with diff --exit-code,
2 rule error, 3 some files failed).
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor.cli import main
from refactor.output.write import TEMP_PREFIX

SWAP = "@@\nexpression A, B;\n@@\n- foo(A, B)\n+ bar(B, A)\n"
# Breaks the files where foo(...) is a statement (`bar(2, 1) +;`), not those where it is not.
SWAP_BREAKING_STATEMENTS = "@@\nexpression A, B;\n@@\n(\n- foo(A, B);\n+ bar(B, A) +;\n|\n- foo(A, B)\n+ bar(B, A)\n)\n"
STATEMENT = "void f(void)\n{\n\tfoo(1, 2);\n}\n"
RETURN = "int g(void)\n{\n\treturn foo(3, 4);\n}\n"
SWAPPED_RETURN = RETURN.replace("foo(3, 4)", "bar(4, 3)")


def make_tree(tmp_path: Path, files: dict[str, str | bytes], rule: str = SWAP) -> tuple[Path, Path]:
    tree = tmp_path / "tree"
    for name, content in files.items():
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    rule_path = tmp_path / "rule.cocci"
    rule_path.write_text(rule)
    return tree, rule_path


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_a_file_whose_result_would_not_parse_is_not_written_and_the_others_are(tmp_path):
    tree, rule = make_tree(tmp_path, {"a.c": STATEMENT, "b.c": RETURN}, SWAP_BREAKING_STATEMENTS)
    result = run("apply", "-j", "1", rule, tree)
    assert result.exit_code == 3
    assert (tree / "a.c").read_text() == STATEMENT
    assert (tree / "b.c").read_text() == SWAPPED_RETURN
    assert f"{tree / 'a.c'}:" in result.stderr and "does not parse" in result.stderr
    assert result.stdout.split() == [str(tree / "b.c")]


def test_all_or_nothing_writes_nothing_when_one_file_fails(tmp_path):
    tree, rule = make_tree(tmp_path, {"a.c": STATEMENT, "b.c": RETURN}, SWAP_BREAKING_STATEMENTS)
    result = run("apply", "-j", "1", "--all-or-nothing", rule, tree)
    assert result.exit_code == 3
    assert (tree / "a.c").read_text() == STATEMENT and (tree / "b.c").read_text() == RETURN
    assert "nothing written" in result.stderr
    assert not [p for p in tree.rglob(f"{TEMP_PREFIX}*")]


def test_all_or_nothing_writes_everything_when_every_file_verifies(tmp_path):
    tree, rule = make_tree(tmp_path, {"a.c": RETURN, "sub/b.c": RETURN, "c.c": "int x;\n"})
    result = run("apply", "-j", "2", "--all-or-nothing", rule, tree)
    assert result.exit_code == 0, result.output
    assert (tree / "a.c").read_text() == SWAPPED_RETURN and (tree / "sub" / "b.c").read_text() == SWAPPED_RETURN
    assert sorted(result.stdout.split()) == [str(tree / "a.c"), str(tree / "sub" / "b.c")]


def test_all_or_nothing_writes_nothing_when_one_file_is_read_only(tmp_path):
    tree, rule = make_tree(tmp_path, {"a.c": RETURN, "b.c": RETURN})
    os.chmod(tree / "b.c", 0o444)
    result = run("apply", "-j", "1", "--all-or-nothing", rule, tree)
    assert result.exit_code == 3
    assert (tree / "a.c").read_text() == RETURN and (tree / "b.c").read_text() == RETURN
    assert "read-only" in result.stderr
    assert not [p for p in tree.rglob(f"{TEMP_PREFIX}*")]


def test_a_read_only_file_gets_a_clear_error_and_the_run_goes_on(tmp_path):
    tree, rule = make_tree(tmp_path, {"a.c": RETURN, "b.c": RETURN, "c.c": RETURN})
    os.chmod(tree / "b.c", 0o444)
    result = run("apply", "-j", "1", rule, tree)
    assert result.exit_code == 3
    assert f"{tree / 'b.c'}: file is read-only; refusing to replace it" in result.stderr
    assert (tree / "b.c").read_text() == RETURN and stat.S_IMODE((tree / "b.c").stat().st_mode) == 0o444
    assert (tree / "a.c").read_text() == SWAPPED_RETURN and (tree / "c.c").read_text() == SWAPPED_RETURN


def test_binary_files_are_skipped_with_a_note(tmp_path):
    blob = b"\x7fELF\x02\x01\x01\x00\x00\x00foo(1, 2);\x00"
    tree, rule = make_tree(tmp_path, {"a.c": RETURN, "firmware.h": blob})
    result = run("apply", "-j", "1", rule, tree)
    assert result.exit_code == 0, result.output
    assert f"{tree / 'firmware.h'}: skipped: binary file (it contains NUL bytes)" in result.stderr
    assert (tree / "firmware.h").read_bytes() == blob
    assert (tree / "a.c").read_text() == SWAPPED_RETURN


def test_symlinks_never_lead_a_write_out_of_the_tree(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.c").write_text(RETURN)
    tree, rule = make_tree(tmp_path, {"a.c": RETURN})
    (tree / "link.c").symlink_to(outside / "x.c")  # a file link inside the tree
    (tree / "linkdir").symlink_to(outside)  # a directory link inside the tree
    result = run("apply", "-j", "1", rule, tree)
    assert result.exit_code == 0, result.output
    assert (outside / "x.c").read_text() == RETURN
    assert result.stdout.split() == [str(tree / "a.c")]
    named = run("apply", "-j", "1", rule, tree / "link.c")  # the link named on the command line
    assert named.exit_code == 0
    assert "a symlink to outside the paths given" in named.stderr
    assert (outside / "x.c").read_text() == RETURN and (tree / "link.c").is_symlink()
    both = run("apply", "-j", "1", rule, tree / "link.c", outside)  # both places given: allowed
    assert both.exit_code == 0 and (outside / "x.c").read_text() == SWAPPED_RETURN


def test_nothing_outside_the_paths_given_is_written(tmp_path):
    tree, rule = make_tree(tmp_path, {"mm/a.c": RETURN, "fs/b.c": RETURN})
    result = run("apply", "-j", "1", rule, tree / "mm")
    assert result.exit_code == 0
    assert (tree / "mm" / "a.c").read_text() == SWAPPED_RETURN and (tree / "fs" / "b.c").read_text() == RETURN


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_over_the_timeout_is_skipped_with_a_message(tmp_path, jobs):
    body = "static int f%d(struct s *p)\n{\n\tif (p->x > %d)\n\t\treturn foo(p, %d);\n\treturn 0;\n}\n\n"
    big = "".join(body % (i, i, i) for i in range(20000))
    tree, rule = make_tree(tmp_path, {"a.c": RETURN, "big.c": big, "z.c": RETURN})
    result = run("apply", "-j", jobs, "--timeout", "0.3", rule, tree)
    assert result.exit_code == 3
    assert f"{tree / 'big.c'}: skipped: took longer than 0.3 seconds (--timeout)" in result.stderr
    assert (tree / "big.c").read_text() == big
    assert (tree / "a.c").read_text() == SWAPPED_RETURN and (tree / "z.c").read_text() == SWAPPED_RETURN


def test_diff_exit_code(tmp_path):
    tree, rule = make_tree(tmp_path, {"a.c": RETURN, "b.c": "int x;\n"})
    assert run("diff", "-j", "1", rule, tree).exit_code == 0
    assert run("diff", "-j", "1", "--exit-code", rule, tree).exit_code == 1
    assert run("diff", "-j", "1", "--exit-code", rule, tree / "b.c").exit_code == 0
    broken_tree, broken = make_tree(tmp_path / "2", {"a.c": STATEMENT, "b.c": RETURN}, SWAP_BREAKING_STATEMENTS)
    assert run("diff", "-j", "1", "--exit-code", broken, broken_tree).exit_code == 3  # failures outrank changes


def test_apply_removes_temporaries_of_a_killed_run(tmp_path):
    tree, rule = make_tree(tmp_path, {"mm/a.c": RETURN, "mm/b.c": "int x;\n"})
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    leftover = tree / "mm" / f"{TEMP_PREFIX}{child.pid}-a.c.x1y2z3"
    leftover.write_text(SWAPPED_RETURN[:10])
    result = run("apply", "-j", "1", rule, tree)
    assert result.exit_code == 0
    assert not leftover.exists()
    assert f"{leftover}: removed, a temporary left by an interrupted run" in result.stderr


def test_apply_keeps_line_endings_bytes_and_mode_and_leaves_unchanged_files_alone(tmp_path):
    crlf_latin1 = RETURN.replace("\n", "\r\n").encode() + b"/* (c) J\xe9r\xf4me */\r\n"
    tree, rule = make_tree(tmp_path, {"a.c": crlf_latin1, "b.c": "int x;\n"})
    os.chmod(tree / "a.c", 0o751)
    past = 1_000_000_000
    os.utime(tree / "b.c", (past, past))
    result = run("apply", "-j", "1", rule, tree)
    assert result.exit_code == 0
    assert (tree / "a.c").read_bytes() == crlf_latin1.replace(b"foo(3, 4)", b"bar(4, 3)")
    assert stat.S_IMODE((tree / "a.c").stat().st_mode) == 0o751
    assert (tree / "b.c").stat().st_mtime == past


def test_an_internal_error_in_one_file_is_reported_and_the_others_are_written(tmp_path, monkeypatch):
    from refactor.engine import apply

    real = apply.apply_patterns

    def crash_on_b(patterns, source, *args):
        if source.path.endswith("b.c"):
            raise IndexError("list index out of range")
        return real(patterns, source, *args)

    monkeypatch.setattr(apply, "apply_patterns", crash_on_b)
    tree, rule = make_tree(tmp_path, {"a.c": RETURN, "b.c": RETURN, "c.c": RETURN})
    result = run("apply", "-j", "1", rule, tree)
    assert result.exit_code == 3
    assert f"{tree / 'b.c'}: internal error (IndexError: list index out of range" in result.stderr
    assert (tree / "b.c").read_text() == RETURN
    assert (tree / "a.c").read_text() == SWAPPED_RETURN and (tree / "c.c").read_text() == SWAPPED_RETURN


def test_a_rule_error_exits_2_with_the_line_a_caret_and_a_hint(tmp_path):
    tree, rule = make_tree(tmp_path, {"a.c": RETURN}, "@@\nexpression A, B;\n@@\n- foo(A)\n+ bar(B, A)\n")
    result = run("apply", rule, tree)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{rule}:5:7: error: metavariable 'B' is used in added code but no '-' or context code binds it",
        "+ bar(B, A)",
        "      ^",
        "hint: use B in a '-' or context line, inherit it from an earlier rule ('expression r.B;'), "
        "or declare it 'fresh identifier B;'",
    ]
    assert (tree / "a.c").read_text() == RETURN


def test_a_warning_is_printed_and_the_rule_still_runs(tmp_path):
    tree, rule = make_tree(tmp_path, {"a.c": RETURN}, "@@\nexpression A, B, C;\n@@\n- foo(A, B)\n+ bar(B, A)\n")
    result = run("apply", "-j", "1", rule, tree)
    assert result.exit_code == 0
    assert f"{rule}:2:18: warning: metavariable 'C' is declared but never used" in result.stderr
    assert (tree / "a.c").read_text() == SWAPPED_RETURN


def test_help_documents_the_exit_codes_and_the_new_options():
    top = run("--help").output
    for line in ("0  the run worked", "1  findings", "2  usage or rule error", "3  some files failed"):
        assert line in top
    assert "--all-or-nothing" in run("apply", "--help").output
    assert "--timeout" in run("apply", "--help").output and "--timeout" in run("diff", "--help").output
    assert "--exit-code" in run("diff", "--help").output


def test_the_timeout_also_bounds_reading_declarations_for_typed_rules(tmp_path, monkeypatch):
    import time

    from refactor.engine import apply

    real = apply.parse_source

    def stuck_on_slow(source, *args, **kwargs):  # a file's declarations are read as it is processed
        if source.path.endswith("slow.c"):
            time.sleep(30)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(apply, "parse_source", stuck_on_slow)
    small = "struct s { int x; };\nint g(struct s *q)\n{\n\treturn foo(q, 1);\n}\n"
    typed = "@@\nstruct s *p;\nexpression E;\n@@\n- foo(p, E)\n+ bar(p, E)\n"
    slow = "int h(struct s *q)\n{\n\treturn foo(q, 2);\n}\n"  # has the rule's words: it is parsed
    tree, rule = make_tree(tmp_path, {"slow.c": slow, "small.c": small}, typed)
    started = time.monotonic()
    result = run("apply", "-j", "1", "--timeout", "0.5", rule, tree)
    assert time.monotonic() - started < 15
    assert result.exit_code == 3, result.output
    assert "slow.c: skipped: took longer than 0.5 seconds" in result.output
    assert (tree / "slow.c").read_text() == slow
    assert (tree / "small.c").read_text() == small.replace("foo(q, 1)", "bar(q, 1)")
