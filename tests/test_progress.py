"""The progress bar: drawn on a terminal only, never in pipes, files or CI."""
from __future__ import annotations

import io

import pytest

from refactor import progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_bar(stream, monkeypatch) -> progress.Progress:
    monkeypatch.setattr(progress, "_DELAY_SECONDS", 0.0)
    bar = progress.Progress(10, stream)
    for _ in range(10):
        bar.update(1)
    with bar.suspended():
        stream.write("a line of output\n")
    return bar


def test_no_bar_when_the_stream_is_not_a_terminal(monkeypatch) -> None:
    stream = io.StringIO()
    bar = run_bar(stream, monkeypatch)
    bar.close()
    assert not bar.shown and stream.getvalue() == "a line of output\n"


def test_no_bar_in_ci_even_on_a_terminal(monkeypatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = FakeTerminal()
    bar = run_bar(stream, monkeypatch)
    bar.close()
    assert not bar.shown and stream.getvalue() == "a line of output\n"


def test_a_bar_on_a_terminal_with_files_done_and_the_line_printed_whole(monkeypatch) -> None:
    pytest.importorskip("tqdm")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "100")
    stream = FakeTerminal()
    bar = run_bar(stream, monkeypatch)
    assert bar.shown
    bar.close()
    shown = stream.getvalue()
    assert "10/10" in shown and "file" in shown
    # The bar was erased (a carriage return, then blanks) before the line, redrawn after it.
    before, after = shown.split("a line of output\n")
    assert before.endswith("\r") and "10/10" in after


def test_the_cli_draws_no_bar_when_stderr_is_not_a_terminal(sample_tree, tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from conftest import ROOT
    from refactor.cli import main

    monkeypatch.setattr(progress, "_DELAY_SECONDS", 0.0)
    monkeypatch.chdir(sample_tree.parent)
    rule = ROOT / "rules" / "anon_vma" / "rename_external_refcount.cocci"
    result = CliRunner().invoke(main, ["diff", "-j", "1", str(rule), "sample-tree"])
    assert result.exit_code == 0
    assert "file/s" not in result.stderr and "\r" not in result.stderr
