"""`-j N` changes nothing but the speed: the output is byte for byte that of `-j 1`."""
from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT
from refactor.cli import main

RENAME = ROOT / "rules" / "anon_vma" / "rename_external_refcount.cocci"


def test_diff_with_one_and_with_two_jobs_is_byte_identical(sample_tree: Path, tmp_path: Path, monkeypatch) -> None:
    tree = tmp_path / "sample-tree"
    shutil.copytree(sample_tree, tree)
    # Many more files, of sizes unrelated to their order, so that the workers finish out of order.
    rmap = (tree / "mm" / "rmap.c").read_text()
    for i in range(30):
        (tree / "mm" / f"copy{i:02}.c").write_text(rmap * ((i * 7) % 5 + 1) if i % 3 else "int unrelated;\n")
    monkeypatch.chdir(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        result = CliRunner().invoke(main, ["diff", "-j", jobs, "--no-cache", str(RENAME), "sample-tree"])
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout_bytes)
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n--- a/sample-tree/mm/copy") == 20
