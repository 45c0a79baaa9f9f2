"""git grep as the prefilter: only files git searched and found lacking are dropped."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor import git_grep
from refactor.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

RULE = "@@\nexpression E;\n@@\n- old_call(E)\n+ new_call(E)\n"


def git(tree: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=tree, check=True, capture_output=True)


def make_repo(tmp_path: Path) -> Path:
    tree = tmp_path / "repo"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.c").write_text("void a(void)\n{\n\told_call(1);\n}\n")
    (tree / "b.c").write_text("void b(void)\n{\n\tother(1);\n}\n")
    (tree / "sub" / "c.h").write_text("static inline void c(void)\n{\n\tother(2);\n}\n")
    (tree / "sub" / "d.c").write_text("void d(void)\n{\n\tother(3);\n}\n")
    git(tree, "init", "-q")
    git(tree, "add", ".")
    git(tree, "commit", "-qm", "x")
    return tree


def test_git_lists_the_tracked_files_without_the_words_as_they_are_in_the_work_tree(tmp_path: Path, monkeypatch) -> None:
    tree = make_repo(tmp_path)
    (tree / "sub" / "d.c").write_text("void d(void)\n{\n\told_call(3);\n}\n")  # modified, not committed
    (tree / "untracked.c").write_text("int u;\n")  # git does not search it: it stays
    monkeypatch.chdir(tree)
    assert git_grep.start(["."], frozenset({"old_call"})).files() == {"b.c", os.path.join("sub", "c.h")}
    assert git_grep.start(["sub"], frozenset({"old_call"})).files() == {os.path.join("sub", "c.h")}
    assert git_grep.start(["b.c"], frozenset({"old_call"})).files() == {"b.c"}
    # Paths spelled another way come back spelled as given.
    assert git_grep.start([str(tree / "sub")], frozenset({"old_call", "other"})).files() == set()
    assert git_grep.start([str(tree)], frozenset({"other"})).files() == {str(tree / "a.c"), str(tree / "sub" / "d.c")}


def test_outside_a_work_tree_nothing_is_dropped(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "x.c").write_text("int x;\n")
    if git_grep.toplevel(str(plain)) is not None:
        pytest.skip("the temporary directory is inside a git work tree")
    assert git_grep.start([str(plain)], frozenset({"old_call"})).files() == set()


def test_git_is_not_run_where_no_repository_can_be(tmp_path: Path, monkeypatch) -> None:
    plain = tmp_path / "plain"
    (plain / "sub").mkdir(parents=True)
    if any((parent / ".git").exists() for parent in [plain, *plain.parents]):
        pytest.skip("the temporary directory is inside a git work tree")
    monkeypatch.delenv("GIT_DIR", raising=False)
    monkeypatch.delenv("GIT_WORK_TREE", raising=False)
    ran = []
    monkeypatch.setattr(git_grep.subprocess, "run", lambda *a, **k: ran.append(a) or pytest.fail("git was run"))
    assert git_grep.toplevel(str(plain / "sub")) is None and not ran
    monkeypatch.undo()
    tree = make_repo(tmp_path)  # a repository below: found as before
    assert git_grep.toplevel(str(tree / "sub")) == str(tree.resolve())
    (tree / ".git").rename(tmp_path / "elsewhere")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))  # git is told where: it runs
    monkeypatch.setenv("GIT_WORK_TREE", str(tree))
    assert git_grep.toplevel(str(tree / "sub")) == str(tree.resolve())


def test_the_diff_is_the_same_in_and_out_of_git(tmp_path: Path, monkeypatch) -> None:
    tree = make_repo(tmp_path)
    (tree / "sub" / "d.c").write_text("void d(void)\n{\n\told_call(3);\n}\n")
    (tree / "untracked.c").write_text("void u(void)\n{\n\told_call(4);\n}\n")
    rule = tmp_path / "r.cocci"
    rule.write_text(RULE)
    plain = tmp_path / "plain"
    shutil.copytree(tree, plain, ignore=shutil.ignore_patterns(".git"))
    outputs = []
    for where in (tree, plain):
        monkeypatch.chdir(where)
        result = CliRunner().invoke(main, ["diff", "-j", "1", str(rule), "."])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("+\tnew_call(") == 3  # a.c, the modified d.c, the untracked file


def test_files_git_says_lack_the_words_are_not_read(tmp_path: Path, monkeypatch) -> None:
    tree = make_repo(tmp_path)
    rule = tmp_path / "r.cocci"
    rule.write_text(RULE)
    read = []
    real_open = open

    def spying_open(file, *args, **kwargs):
        if str(file).endswith((".c", ".h")):
            read.append(os.path.basename(str(file)))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spying_open)
    monkeypatch.chdir(tree)
    result = CliRunner().invoke(main, ["diff", "-j", "1", "--no-cache", str(rule), "."])
    assert result.exit_code == 0, result.output
    assert "+\tnew_call(1);" in result.stdout
    assert read == ["a.c"]
