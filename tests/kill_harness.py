"""Kill `refactor apply` at random moments and judge what it left: shared by tests/test_kill_apply.py
(a generated tree) and bench/kill_apply.py (a copy of Linux's mm/).

Every file must be wholly old (as before the run) or wholly new (as the dry run says it becomes);
anything else is torn. Temporaries (`.refactor-*`) may stay after SIGKILL, never after SIGINT, and
the next run must remove them.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from refactor.engine.run_files import transform_file
from refactor.output.write import TEMP_PREFIX
from refactor.runner import c_files
from refactor.smpl.load import load_rule_file

ROOT = Path(__file__).resolve().parents[1]


def snapshot(tree: Path) -> dict[str, bytes]:
    return {path: Path(path).read_bytes() for path in c_files([tree])}


def expected_outputs(rule: Path, tree: Path) -> dict[str, bytes]:
    """What each file becomes, from the same per-file step the dry run (`refactor diff`) uses."""
    patterns = list(load_rule_file(rule.read_text(), str(rule)).compiled)
    out = {}
    for path in c_files([tree]):
        change = transform_file(patterns, frozenset(), None, path)
        assert not change.error, change.error
        out[path] = change.new_bytes if change.changed else Path(path).read_bytes()
    return out


def restore(old: dict[str, bytes]) -> None:
    for path, data in old.items():
        if Path(path).read_bytes() != data:
            Path(path).write_bytes(data)


def leftovers(tree: Path) -> list[Path]:
    return sorted(p for p in tree.rglob(f"{TEMP_PREFIX}*"))


def apply_command(rule: Path, tree: Path, jobs: int) -> list[str]:
    return [sys.executable, "-m", "refactor.cli", "apply", "-j", str(jobs), str(rule), str(tree)]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env["PYTHONUNBUFFERED"] = "1"  # each written file is listed the moment it is written
    return env


@dataclass
class Round:
    signal_name: str
    after_files: int
    delay: float
    killed: bool  # False when the run had already ended
    old: int = 0  # files the rule changes, still old
    new: int = 0  # files the rule changes, already new
    torn: list[str] = field(default_factory=list)
    leftovers: int = 0

    @property
    def mid_run(self) -> bool:
        return self.killed and self.old > 0 and self.new > 0


def kill_round(command: list[str], sig: signal.Signals, after_files: int, delay: float,
               old: dict[str, bytes], new: dict[str, bytes], tree: Path) -> Round:
    """Start a run; once it has listed `after_files` written files (0: at once), wait `delay`
    seconds more and send `sig` to its process group; then judge every file."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=environment(), start_new_session=True)
    for _ in range(after_files):
        if not process.stdout.readline():
            break
    time.sleep(delay)
    killed = process.poll() is None
    if killed:
        os.killpg(process.pid, sig)
    try:
        process.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # an interrupted run that does not end is a finding too
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"the run did not end within 60 s of {sig.name}") from None
    result = Round(sig.name, after_files, delay, killed)
    for path in old:
        data = Path(path).read_bytes()
        if data == new[path] and data != old[path]:
            result.new += 1
        elif data == old[path]:
            result.old += 1 if new[path] != old[path] else 0  # only files the rule changes count
        else:
            result.torn.append(path)
    result.leftovers = len(leftovers(tree))
    return result
