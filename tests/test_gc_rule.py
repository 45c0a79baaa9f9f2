"""The anon_vma garbage-collection check, and the rename that needs it to hold.

Every place that frees an anon_vma because its list is empty must also consult every explicit
count (rules/anon_vma/gc_consults_refcount.cocci). The check must work on the three states of
the history: two counters (2010, where it finds the bug found in review), one
external_refcount (sample-tree), and refcount after the rename.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SAMPLE_TREE
from refactor.cli import main

GC = ROOT / "rules" / "anon_vma" / "gc_consults_refcount.cocci"
RENAME = ROOT / "rules" / "anon_vma" / "rename_external_refcount.cocci"
TWO_COUNTERS = ROOT / "rules" / "anon_vma" / "gc" / "two_counters"
THE_2010_BUG = "mm/migrate.c:28:3: unmap_and_move() frees anon_vma at line 28 when its list is empty without consulting ksm_refcount"


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "-j", "1", str(GC), *args])
    return result.exit_code, result.stdout


def test_it_finds_the_2010_bug_in_the_two_counter_state(monkeypatch) -> None:
    monkeypatch.chdir(TWO_COUNTERS)
    assert check(".") == (1, THE_2010_BUG + "\n")


def test_it_finds_nothing_in_the_sample_tree(monkeypatch) -> None:
    monkeypatch.chdir(SAMPLE_TREE.parent)
    assert check("sample-tree") == (0, "")


def test_it_finds_nothing_after_the_rename(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(SAMPLE_TREE, tmp_path / "sample-tree")
    monkeypatch.chdir(tmp_path)
    applied = CliRunner().invoke(main, ["apply", "-j", "1", str(RENAME), "sample-tree"])
    assert applied.exit_code == 0, applied.output
    assert "anonvma_refcount(anon_vma)" in (tmp_path / "sample-tree" / "mm" / "memory.c").read_text()
    assert check("sample-tree") == (0, "")


@pytest.mark.parametrize("free", ["anon_vma_free(anon_vma)", "kfree(anon_vma)", "kmem_cache_free(anon_vma_cachep, anon_vma)"])
def test_a_free_that_looks_only_at_the_list_is_found_whatever_frees(tmp_path: Path, monkeypatch, free: str) -> None:
    shutil.copytree(SAMPLE_TREE, tmp_path / "sample-tree")
    memory = tmp_path / "sample-tree" / "mm" / "memory.c"
    text = memory.read_text()
    consulted = "empty = list_empty(&anon_vma->head) && !anonvma_external_refcount(anon_vma);"
    assert consulted in text
    text = text.replace(consulted, "empty = list_empty(&anon_vma->head);")
    memory.write_text(text.replace("\t\tanon_vma_free(anon_vma);\n\n\tlist_del(&avc->same_vma);", f"\t\t{free};\n\n\tlist_del(&avc->same_vma);"))
    monkeypatch.chdir(tmp_path)
    status, out = check("sample-tree")
    assert status == 1
    assert out.startswith("sample-tree/mm/memory.c:") and "discard_fresh_anon_vma() frees anon_vma" in out
    assert out.rstrip().endswith("without consulting external_refcount") and out.count("\n") == 1


def test_another_structs_list_empty_is_not_a_gc_check_of_an_anon_vma(monkeypatch) -> None:
    # sample-tree/kernel/pool.c: list_empty(&p->head) on a struct pool, then kfree of a local
    # named anon_vma (a struct pool_chunk): neither is an anon_vma's GC.
    monkeypatch.chdir(SAMPLE_TREE.parent)
    assert check("sample-tree/kernel") == (0, "")


def test_the_rename_refuses_while_the_check_finds_something(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(TWO_COUNTERS, tmp_path / "two")
    before = {p: p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    monkeypatch.chdir(tmp_path)
    refused = CliRunner().invoke(main, ["apply", "-j", "1", str(RENAME), "two"])
    assert refused.exit_code == 1
    assert "two/" + THE_2010_BUG in refused.stderr
    assert "precondition" in refused.stderr and "nothing written" in refused.stderr
    assert {p: p.read_bytes() for p in before} == before
    forced = CliRunner().invoke(main, ["apply", "-j", "1", "--ignore-preconditions", str(RENAME), "two"])
    assert forced.exit_code == 0, forced.output


def test_the_rename_proceeds_when_the_check_holds(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(SAMPLE_TREE, tmp_path / "sample-tree")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["apply", "-j", "1", str(RENAME), "sample-tree"])
    assert result.exit_code == 0 and "sample-tree/mm/rmap.c" in result.stdout


@pytest.mark.skipif(shutil.which("spatch") is None, reason="spatch (Debian package coccinelle) is not installed")
@pytest.mark.parametrize("tree", [TWO_COUNTERS, SAMPLE_TREE], ids=["two_counters", "sample_tree"])
def test_spatch_finds_the_same(tree: Path, monkeypatch) -> None:
    monkeypatch.chdir(tree)
    theirs = subprocess.run(
        ["spatch", "--very-quiet", "-D", "report", "--include-headers", "-I", "include", "--sp-file", str(GC), "--dir", "."],
        check=True, capture_output=True, text=True, timeout=300,
    ).stdout
    # spatch prints ./path:line:col-col_end: message; we print path:line:col: message
    spatch_lines = sorted(line.replace("./", "", 1).split(": ", 1)[0].rsplit("-", 1)[0] + ": " + line.split(": ", 1)[1]
                          for line in theirs.splitlines() if line.strip())
    status, ours = check(".")
    assert sorted(ours.splitlines()) == spatch_lines
