"""The grammars are found from a checkout and from an installed wheel."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from refactor.c.parser import grammar_text

ROOT = Path(__file__).resolve().parents[1]


def test_grammar_found_from_checkout() -> None:
    assert grammar_text() == (ROOT / "grammars" / "c.lark").read_text()


def test_wheel_carries_and_finds_the_grammar(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {build.stderr.strip()[-300:]}")
    (wheel,) = (tmp_path / "dist").glob("refactor-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert "refactor/grammars/c.lark" in archive.namelist()
        archive.extractall(tmp_path / "site")
    # Run from the unpacked wheel only: the checkout's grammars/ folder is not reachable there.
    probe = (
        "import refactor.c.parser as p, pathlib;"
        "assert not (pathlib.Path(p.__file__).resolve().parents[2] / 'grammars').exists();"
        "from refactor import parse_c;"
        "print(len(parse_c('int f(void) { return 0; }').definitions))"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(tmp_path / 'site')!r}); {probe}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "1"
