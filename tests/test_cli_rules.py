"""`refactor diff`, `apply` and `test` on a copy of the sample tree, as a user runs them."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from refactor.cli import main

RENAME = ROOT / "rules" / "anon_vma" / "rename_external_refcount.cocci"


def copy_tree(sample_tree: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sample-tree"
    shutil.copytree(sample_tree, target)
    return target


def test_diff_is_a_patch_that_git_apply_accepts(sample_tree: Path, tmp_path: Path, monkeypatch) -> None:
    tree = copy_tree(sample_tree, tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "-j", "1", str(RENAME), "sample-tree"])
    assert result.exit_code == 0, result.output
    assert "--- a/sample-tree/mm/rmap.c\n+++ b/sample-tree/mm/rmap.c\n" in result.stdout
    assert "@@ -257,7 +257,7 @@ void anon_vma_unlink(struct vm_area_stru" in result.stdout
    assert "widget" not in result.stdout
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
        (tmp_path / "rename.diff").write_text(result.stdout)
        subprocess.run(["git", "apply", "--check", "rename.diff"], cwd=tmp_path, check=True)
    assert (tree / "mm" / "rmap.c").read_text().count("external_refcount") > 0  # dry run wrote nothing


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_apply_of_the_diff_yields_exactly_what_apply_writes(sample_tree: Path, tmp_path: Path, monkeypatch) -> None:
    patched = tmp_path / "patched"
    applied = tmp_path / "applied"
    for copy in (patched, applied):
        copy.mkdir()
        shutil.copytree(sample_tree, copy / "sample-tree")
    monkeypatch.chdir(patched)
    diff = CliRunner().invoke(main, ["diff", "-j", "1", str(RENAME), "sample-tree"])
    assert diff.exit_code == 0 and diff.stdout
    (tmp_path / "rename.diff").write_text(diff.stdout)
    subprocess.run(["git", "apply", "-p1", str(tmp_path / "rename.diff")], cwd=patched, check=True)
    monkeypatch.chdir(applied)
    assert CliRunner().invoke(main, ["apply", "-j", "2", str(RENAME), "sample-tree"]).exit_code == 0
    files = sorted(p.relative_to(patched) for p in patched.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(applied) for p in applied.rglob("*") if p.is_file())
    assert all((patched / f).read_bytes() == (applied / f).read_bytes() for f in files)


def test_apply_writes_changed_files_and_lists_them(sample_tree: Path, tmp_path: Path, monkeypatch) -> None:
    tree = copy_tree(sample_tree, tmp_path)
    monkeypatch.chdir(tmp_path)
    untouched = tree / "drivers" / "misc" / "widget.c"
    mtime = untouched.stat().st_mtime_ns
    result = CliRunner().invoke(main, ["apply", "-j", "2", str(RENAME), "sample-tree"])
    assert result.exit_code == 0, result.output
    assert sorted(result.stdout.split()) == [
        "sample-tree/include/linux/rmap.h", "sample-tree/mm/ksm.c", "sample-tree/mm/memory.c", "sample-tree/mm/migrate.c",
        "sample-tree/mm/rmap.c",
    ]
    assert "anon_vma->refcount" in (tree / "mm" / "ksm.c").read_text()
    assert untouched.stat().st_mtime_ns == mtime
    again = CliRunner().invoke(main, ["diff", "-j", "1", str(RENAME), "sample-tree"])
    assert again.exit_code == 0 and again.stdout == ""


def test_rule_error_exits_2_with_position(tmp_path: Path) -> None:
    rule = tmp_path / "bad.cocci"
    rule.write_text("@@\nexpresion E;\n@@\n- foo(E);\n")
    (tmp_path / "x.c").write_text("void f(void) { foo(1); }\n")
    result = CliRunner().invoke(main, ["diff", str(rule), str(tmp_path / "x.c")])
    assert result.exit_code == 2
    assert f"{rule}:2:1: error:" in result.output


def test_unsupported_construct_is_named(tmp_path: Path) -> None:
    rule = tmp_path / "disj.cocci"
    rule.write_text("@@\nexpression x;\n@@\n(\n  foo();\n|\n  baz();\n)\n  <...\n(\n  x\n|\n- bar();\n)\n  ...>\n")
    (tmp_path / "x.c").write_text("void f(void) { foo(); }\n")
    result = CliRunner().invoke(main, ["diff", str(rule), str(tmp_path / "x.c")])
    assert result.exit_code == 2
    assert "a disjunction inside '<... ...>' in a rule with another outside it is not supported yet" in result.output
    assert ":10:1:" in result.output


def test_refactor_test_reports_verdicts_and_counts(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "rules" / "broken.cocci").write_text("@@\n@@\n- foo();\n+ bar();\n")
    (tmp_path / "rules" / "broken.c").write_text("void f(void)\n{\n\tfoo();\n}\n")
    (tmp_path / "rules" / "broken.res").write_text("void f(void)\n{\n\tbaz();\n}\n")
    result = CliRunner().invoke(main, ["test", str(tmp_path / "rules")])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 passed, 1 failed"
    assert "FAIL" in result.stdout and "broken.c" in result.stdout


@pytest.mark.parametrize("exact", [False, True])
def test_refactor_test_passes_on_our_rules(exact: bool) -> None:
    args = ["test", str(ROOT / "rules")] + (["--exact"] if exact else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith("passed, 0 failed")


def member_rule_and_chain(tmp_path: Path) -> tuple[Path, Path]:
    """A typed member rename, and a file whose access goes through a struct its headers define."""
    rule = tmp_path / "member.cocci"
    rule.write_text("@@\nstruct anon_vma *av;\n@@\n- av->external_refcount\n+ av->refcount\n")
    code = tmp_path / "chain.c"
    code.write_text(
        "#include <linux/mm_types.h>\n\nvoid pin(struct vm_area_struct *vma)\n{\n"
        "\tatomic_inc(&vma->anon_vma->external_refcount);\n}\n"
    )
    return rule, code


def test_include_dirs_give_member_types_to_a_single_file(sample_tree: Path, tmp_path: Path) -> None:
    rule, code = member_rule_and_chain(tmp_path)
    include = str(sample_tree / "include")
    alone = CliRunner().invoke(main, ["diff", "-j", "1", str(rule), str(code)])
    assert alone.exit_code == 0 and alone.stdout == ""  # vma->anon_vma's type is unknown
    with_headers = CliRunner().invoke(main, ["diff", "-j", "1", str(rule), str(code), "-I", include])
    assert "+\tatomic_inc(&vma->anon_vma->refcount);" in with_headers.stdout


def test_verbose_says_where_a_type_was_unknown(sample_tree: Path, tmp_path: Path) -> None:
    rule, code = member_rule_and_chain(tmp_path)
    quiet = CliRunner().invoke(main, ["diff", "-j", "1", str(rule), str(code)])
    assert quiet.exit_code == 0 and quiet.output == ""
    verbose = CliRunner().invoke(main, ["diff", "-j", "1", "--verbose", str(rule), str(code)])
    assert verbose.exit_code == 0 and verbose.stdout == ""
    assert f"{code}:5:14: note: type of 'vma->anon_vma' unknown (struct vm_area_struct is not defined" in verbose.stderr
    with_headers = CliRunner().invoke(main, ["diff", "-j", "1", "-v", str(rule), str(code), "-I", str(sample_tree / "include")])
    assert "note:" not in with_headers.stderr and "+\tatomic_inc(&vma->anon_vma->refcount);" in with_headers.stdout


def test_no_cache_leaves_the_cache_directory_alone(sample_tree: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REFACTOR_CACHE_DIR", str(tmp_path / "cache"))
    rule = tmp_path / "member.cocci"
    rule.write_text("@@\nstruct anon_vma *av;\n@@\n- av->external_refcount\n+ av->refcount\n")
    code = tmp_path / "chain.c"
    code.write_text("#include <linux/mm_types.h>\nvoid pin(struct vm_area_struct *v)\n{\n\tg(v->anon_vma->external_refcount);\n}\n")
    args = ["diff", "-j", "1", str(rule), str(code), "-I", str(sample_tree / "include")]
    assert "+\tg(v->anon_vma->refcount);" in CliRunner().invoke(main, args + ["--no-cache"]).stdout
    assert not (tmp_path / "cache").exists()
    assert "+\tg(v->anon_vma->refcount);" in CliRunner().invoke(main, args).stdout
    assert list((tmp_path / "cache" / "symbols").rglob("*.json"))
