"""Rule files naming other rule files as preconditions."""
from __future__ import annotations

from pathlib import Path

import pytest

from refactor.smpl.model import SmplError
from refactor.smpl.preconditions import preconditions

ROOT = Path(__file__).resolve().parents[2]


def test_the_anon_vma_rename_needs_the_gc_check() -> None:
    rule = ROOT / "rules" / "anon_vma" / "rename_external_refcount.cocci"
    assert preconditions(rule) == [(ROOT / "rules" / "anon_vma" / "gc_consults_refcount.cocci").resolve()]


def test_no_precondition(tmp_path: Path) -> None:
    rule = tmp_path / "r.cocci"
    rule.write_text("// Rename foo.\n@@\n@@\n- foo();\n+ bar();\n")
    assert preconditions(rule) == []


def test_a_missing_precondition_is_a_rule_error(tmp_path: Path) -> None:
    rule = tmp_path / "r.cocci"
    rule.write_text("@@\n@@\n- foo();\n// Precondition: nowhere.cocci\n")
    with pytest.raises(SmplError, match=r"r.cocci:4:\d+: error: precondition 'nowhere.cocci' is not a file"):
        preconditions(rule)
