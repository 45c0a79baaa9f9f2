#!/usr/bin/env python3
"""Fuzz the lexer, the parser, edit application, rule loading and renames for a while.

    nice -n 19 python3 bench/fuzz.py                  # 30 minutes
    python3 bench/fuzz.py --minutes 2 --save /tmp/crashes

The properties and input generators are tests/fuzz_inputs.py, the same ones tests/test_fuzz.py
runs briefly in CI. Here hypothesis generates batch after batch of inputs, property after
property, until the time is up; a failing input is recorded (not shrunk, so the run goes on) and
the run continues. An input taking longer than --slow seconds counts as a crash too (a hang is a
bug). At the end: inputs tried per property, and each distinct crash (by exception and the place
it was raised) with its smallest input. The exit status is 1 when something crashed.

Needs hypothesis (pip install -e '.[test]').
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402

import fuzz_inputs as fz  # noqa: E402
from refactor.runner import FileTimeout, time_limit  # noqa: E402

PROPERTIES = {
    "lexer/token-soup": (fz.token_soups, fz.check_lexer),
    "parser/token-soup": (fz.token_soups, lambda text: fz.check_parse_roundtrip(text.encode("utf-8", "surrogateescape"))),
    "parser/mutated-sample-tree": (fz.mutated_sample_files, lambda file: (fz.check_lexer(file[1].decode("utf-8", "surrogateescape")),
                                                                          fz.check_parse_roundtrip(file[1]))),
    "edits/apply": (fz.texts_with_edits, lambda case: fz.check_edits(*case)),
    "smpl/mutated-rules": (fz.mutated_rules, fz.check_rule_parser),
    "engine/rename-idempotent": (fz.renames, lambda case: fz.check_rename(*case)),
    "engine/any-rule-any-code": (fz.rules_on_code, lambda case: fz.check_rule_on_code(*case)),
}


@dataclass
class Crash:
    kind: str  # exception type and where it was raised
    message: str
    example: object
    trace: str
    count: int = 1


@dataclass
class Tally:
    tried: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    crashes: dict[tuple[str, str], Crash] = field(default_factory=dict)


def _size(example: object) -> int:
    return len(repr(example))


def _record(tally: Tally, name: str, example: object, error: BaseException) -> None:
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "/refactor/" in f.filename or "fuzz_inputs" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    key = (name, f"{type(error).__name__} at {where}")
    crash = tally.crashes.get(key)
    if crash is None:
        tally.crashes[key] = Crash(key[1], str(error)[:500], example, "".join(traceback.format_exception(error))[-3000:])
        print(f"CRASH {name}: {key[1]}: {str(error)[:200]}", file=sys.stderr, flush=True)
    else:
        crash.count += 1
        if _size(example) < _size(crash.example):
            crash.example = example


def run_batch(name: str, tally: Tally, batch: int, slow: float, stop_at: float) -> None:
    make_strategy, check = PROPERTIES[name]

    @settings(max_examples=batch, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(make_strategy())
    def batch_of_inputs(example) -> None:
        if time.monotonic() > stop_at:
            return
        tally.tried[name] = tally.tried.get(name, 0) + 1
        try:
            with time_limit(slow):
                check(example)
        except FileTimeout as error:
            _record(tally, name, example, TimeoutError(f"no answer after {slow:g} s: {error}"))
        except Exception as error:  # noqa: BLE001 - every failure is a finding to record
            _record(tally, name, example, error)

    started = time.monotonic()
    batch_of_inputs()
    tally.seconds[name] = tally.seconds.get(name, 0.0) + time.monotonic() - started


def report(tally: Tally, elapsed: float, save: Path | None) -> None:
    print(f"fuzzed for {elapsed / 60:.1f} minutes")
    print(f"{'property':32} {'inputs':>10} {'inputs/s':>9} {'crashes':>8}")
    for name in PROPERTIES:
        tried = tally.tried.get(name, 0)
        seconds = tally.seconds.get(name, 0.0) or 1e-9
        crashes = sum(1 for key in tally.crashes if key[0] == name)
        print(f"{name:32} {tried:10} {tried / seconds:9.0f} {crashes:8}")
    print(f"{'total':32} {sum(tally.tried.values()):10} {'':9} {len(tally.crashes):8}")
    for i, ((name, kind), crash) in enumerate(sorted(tally.crashes.items()), 1):
        print(f"\n--- crash {i}: {name}: {kind} ({crash.count} inputs)\n{crash.message}\nsmallest input: {crash.example!r}"[:4000])
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            (save / f"crash-{i}.txt").write_text(f"{name}\n{kind}\n{crash.example!r}\n\n{crash.trace}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=30.0, help="how long to run (default 30)")
    parser.add_argument("--batch", type=int, default=200, help="inputs per property before moving to the next")
    parser.add_argument("--slow", type=float, default=20.0, help="seconds after which one input counts as a hang")
    parser.add_argument("--only", nargs="*", choices=sorted(PROPERTIES), help="fuzz only these properties")
    parser.add_argument("--save", type=Path, help="write each crash (input and traceback) to this directory")
    args = parser.parse_args()
    names = args.only or list(PROPERTIES)
    tally = Tally()
    started = time.monotonic()
    stop_at = started + args.minutes * 60
    rounds = 0
    try:
        while time.monotonic() < stop_at:
            for name in names:
                run_batch(name, tally, args.batch, args.slow, stop_at)
            rounds += 1
            print(f"[{(time.monotonic() - started) / 60:5.1f} min] round {rounds}: {sum(tally.tried.values())} inputs, "
                  f"{len(tally.crashes)} distinct crashes", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        print("interrupted; reporting what was tried", file=sys.stderr)
    report(tally, time.monotonic() - started, args.save)
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
