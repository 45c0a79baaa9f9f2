"""`refactor parse` on a copy of the sample tree, as a user runs it."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from refactor.cli import main
from refactor.parse_report import parse_file_stats


def copy_tree(sample_tree: Path, tmp_path: Path) -> Path:
    target = tmp_path / "tree"
    shutil.copytree(sample_tree, target)
    return target


def test_parse_json_reports_the_whole_sample_tree(sample_tree: Path, tmp_path: Path) -> None:
    tree = copy_tree(sample_tree, tmp_path)
    result = CliRunner().invoke(main, ["parse", "--json", "-j", "1", str(tree)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for key in ("files", "definitions", "definitions_parsed", "lines", "lines_parsed", "roundtrip_failures", "seconds"):
        assert key in report
    assert report["files"] == len(list(tree.rglob("*.[ch]")))
    assert report["definitions_parsed"] == report["definitions"] > 300
    assert report["roundtrip_failures"] == 0


def test_parse_text_lists_failures_with_positions(tmp_path: Path) -> None:
    (tmp_path / "ok.c").write_text("int f(void)\n{\n\treturn 0;\n}\n")
    (tmp_path / "bad.c").write_text("int g(void)\n{\n\treturn 1 +;\n}\nint h;\n")
    (tmp_path / "notes.txt").write_text("not C")
    result = CliRunner().invoke(main, ["parse", "--failures", "-j", "2", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{tmp_path / 'bad.c'}:3:12: unexpected ';' (;)" in result.output
    assert "files:                2" in result.output
    assert "definitions parsed:   2 (66.67%)" in result.output
    assert "most frequent failure causes:" in result.output


def test_parallel_and_serial_runs_agree(sample_tree: Path) -> None:
    runs = [
        json.loads(CliRunner().invoke(main, ["parse", "--json", "-j", jobs, str(sample_tree)]).stdout)
        for jobs in ("1", "2")
    ]
    for report in runs:
        del report["seconds"], report["lines_per_second"]
    assert runs[0] == runs[1]


def test_unreadable_file_is_reported_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:
    good = tmp_path / "good.c"
    good.write_text("int x;\n")
    vanished = tmp_path / "vanished.c"  # deleted between the walk and the read
    monkeypatch.setattr("refactor.cli.runner.c_files", lambda paths: [str(good), str(vanished)])
    result = CliRunner().invoke(main, ["parse", "-j", "1", str(tmp_path)])
    assert result.exit_code == 3
    assert f"{vanished}: cannot read: No such file or directory" in result.output
    assert "files:                2" in result.output


def test_directory_given_as_file_is_an_error_not_a_crash(tmp_path: Path) -> None:
    stats = parse_file_stats(str(tmp_path))
    assert "cannot read" in stats.error and not stats.crash


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path / "nope")])
    assert result.exit_code == 2
