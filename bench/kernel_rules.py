#!/usr/bin/env python3
"""Benchmark: the Linux kernel's own Coccinelle rules (scripts/coccinelle), ours against spatch.

For every .cocci under the kernel's scripts/coccinelle, and each directory asked for, both tools
run in report mode on the same files:

    spatch --very-quiet -D report --sp-file RULE --dir DIR [the rule's `// Options:`]
    refactor diff -D report RULE DIR         (the same mode: its stdout is shaped like spatch's)

and we print one row per rule: does ours run (or which unsupported feature its error names),
how many findings each tool has, and whether they are the same. Findings are the print_report
lines (`path:line:col-colend: message`) and the `-` lines of the diff printed for `*` code (or
for a change a rule makes in report mode), each compared as a set of `path:line`; whether the
whole report lines are the same too is noted. spatch reads headers only with
--include-headers; our .h findings are left out of the comparison when the rule does not ask
for them. (`refactor check` prints the same findings; tests/test_cli_check.py covers it.)

    python3 bench/kernel_rules.py                        # mm, kernel, drivers/staging
    python3 bench/kernel_rules.py --dirs mm --rules free/kfree.cocci misc/semicolon.cocci
    python3 bench/kernel_rules.py --dirs mm --json-out /tmp/kernel-rules.json
    python3 bench/kernel_rules.py --fixtures             # only our fixtures (seconds per rule)
    python3 bench/kernel_rules.py --fixtures --dirs mm   # the fixtures and mm

--fixtures adds the pseudo-directory `fixtures`: for each rule, its input is only that rule's
fixture under bench/kernel-rule-fixtures (`<dir>/<rule>.c`, or a directory `<dir>/<rule>/` where
a rule needs a header), small C of our own that the rule should flag, plus near misses. Both
tools run from bench/kernel-rule-fixtures with the fixture's relative path in place of DIR, and
the comparison is the same. tests/test_kernel_rule_fixtures.py runs the same comparison.

Each run is cached per rule and directory (spatch's forever, ours until refactor's source
changes; a fixture's runs also until the fixture changes), so an interrupted run resumes
where it stopped. Runs are niced, with a per-rule
timeout (300 s by default). This is a measurement: it never fails because a tool disagrees.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TREE = Path.home() / ".cache" / "refactor-bench" / "linux-source-6.1"
DEFAULT_CACHE = Path.home() / ".cache" / "refactor-bench" / "kernel-rules"
DEFAULT_DIRS = ("mm", "kernel", "drivers/staging")
FIXTURES = REPO_ROOT / "bench" / "kernel-rule-fixtures"
FIXTURES_DIR = "fixtures"  # the pseudo-directory of the table
REPORT_LINE = re.compile(r"^(?P<path>[^\s:]+):(?P<line>\d+):(?P<col>-?\d+)-(?P<end>-?\d+): (?P<message>.*)$")
OPTIONS_LINE = re.compile(r"^//\s*Options:(?P<options>.*)$", re.M)
VIRTUAL_REPORT = re.compile(r"^virtual\b[^\n]*\breport\b", re.M)
ERROR_LINE = re.compile(r"error: (?P<message>.*)$")


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def source_hash() -> str:
    """A hash of refactor's code and grammars: our cached results are stale when it changes."""
    digest = hashlib.sha256()
    for path in sorted(list((REPO_ROOT / "refactor").rglob("*.py")) + list((REPO_ROOT / "grammars").glob("*.lark"))):
        digest.update(str(path.relative_to(REPO_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fixture_of(name: str) -> str | None:
    """The fixture of rule `name` (a path relative to scripts/coccinelle), relative to FIXTURES:
    `<dir>/<rule>/` when the rule needs more than one file, else `<dir>/<rule>.c`; None if none."""
    stem = name.removesuffix(".cocci")
    return next((candidate for candidate in (stem, stem + ".c") if (FIXTURES / candidate).exists()), None)


def fixture_hash(fixture: str) -> str:
    """A hash of a fixture's files: the cached runs on it are stale when it changes."""
    path = FIXTURES / fixture
    digest = hashlib.sha256()
    for file in sorted(p for p in (path.rglob("*") if path.is_dir() else [path]) if p.is_file()):
        digest.update(str(file.relative_to(FIXTURES)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def run_limited(command: list[str], cwd: Path, timeout: float, env: dict | None = None) -> tuple[int | None, str, str, float]:
    """Run niced, in its own process group (workers included), killed at the timeout.
    Returns (exit status or None on timeout, stdout, stderr, seconds)."""

    def child_setup() -> None:
        os.nice(10)
        _, hard = resource.getrlimit(resource.RLIMIT_STACK)
        resource.setrlimit(resource.RLIMIT_STACK, (hard, hard))  # spatch probes the stack on big dirs

    start = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=child_setup, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        return None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - start
    return process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), time.monotonic() - start


def rule_options(text: str) -> list[str]:
    match = OPTIONS_LINE.search(text)
    options = match.group("options").split() if match else []
    return [o for o in options if o != "--very-quiet"]


def removed_lines(output: str) -> list[str]:
    """`path:line` of each `-` line of the unified diffs in `output` (old-file line numbers)."""
    out = set()
    path, line = None, 0
    for text in output.splitlines():
        if text.startswith("--- "):
            path = text[4:].split("\t")[0].removeprefix("a/")
        elif text.startswith("+++ "):
            continue
        elif text.startswith("@@") and path is not None:
            line = int(re.match(r"@@ -(\d+)", text).group(1))
        elif path is not None and text.startswith("-"):
            out.add(f"{path}:{line}")
            line += 1
        elif path is not None and text.startswith(" "):
            line += 1
    return sorted(out)


def may_print_a_diff(rule: Path) -> bool:
    """Can a rule of this file that runs under -D report change code or have `*` lines? (When
    our parser cannot read the file, assume it can.)"""
    sys.path.insert(0, str(REPO_ROOT))
    from refactor.smpl.model import SmplError
    from refactor.smpl.parser import parse_rule_file
    from refactor.smpl.rule_set import can_never_run

    try:
        rule_file = parse_rule_file(rule.read_text(errors="replace"), str(rule))
    except SmplError:
        return True
    defined = frozenset({"report"} & set(rule_file.virtuals))
    excluded: set[str] = set()
    for r in rule_file.rules:
        if can_never_run(r, rule_file.virtuals, defined, excluded):
            excluded.add(r.name)
        elif any(line.marker in ("-", "+", "++", "*") for line in r.body):
            return True
    return False


def run_spatch(spatch: str, tree: Path, rule: Path, directory: str, timeout: float) -> dict:
    text = rule.read_text(errors="replace")
    command = [spatch, "--very-quiet"]
    if VIRTUAL_REPORT.search(text):
        command += ["-D", "report"]
    command += ["--sp-file", str(rule), "--dir", directory] + rule_options(text)
    status, out, err, seconds = run_limited(command, tree, timeout)
    lines = sorted({line for line in out.splitlines() if REPORT_LINE.match(line)})
    result = {"command": " ".join(command), "seconds": round(seconds, 1), "lines": lines, "diff": removed_lines(out)}
    if status is None:
        result["status"] = "timeout"
    elif status != 0:
        result["status"] = "error"
        result["error"] = (err.strip().splitlines() or [f"exit status {status}"])[-1][:300]
    else:
        result["status"] = "ok"
    return result


def ours_arguments(rule: Path, directory: str, jobs: int) -> list[str]:
    """The arguments of `refactor` (after `python -m refactor.cli`) for a rule on a directory."""
    arguments = ["diff", "-j", str(jobs)]
    text = rule.read_text(errors="replace")
    if VIRTUAL_REPORT.search(text):
        arguments += ["-D", "report"]
    if "--no-includes" in rule_options(text):
        arguments += ["--no-includes"]  # as spatch is run: types from the file itself only
    return arguments + [str(rule), directory]


def run_ours(tree: Path, rule: Path, directory: str, timeout: float, jobs: int) -> dict:
    command = [sys.executable, "-m", "refactor.cli"] + ours_arguments(rule, directory, jobs)
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    status, out, err, seconds = run_limited(command, tree, timeout, env)
    return {"command": " ".join(command[1:]), "seconds": round(seconds, 1), **ours_result(status, out, err, directory)}


def ours_result(status: int | None, out: str, err: str, directory: str) -> dict:
    """Our status, findings and diff lines, from the exit status and output of one run."""
    result = {"lines": [], "diff": []}
    if status is None:
        result["status"] = "timeout"
        return result
    if status == 2:
        match = next((ERROR_LINE.search(line) for line in err.splitlines() if ERROR_LINE.search(line)), None)
        result["status"] = "unsupported"
        result["error"] = match.group("message") if match else (err.strip().splitlines() or ["exit status 2"])[0]
        return result
    if status not in (0, 3):
        result["status"] = "error"
        result["error"] = (err.strip().splitlines() or [f"exit status {status}"])[-1][:300]
        return result
    result["lines"] = sorted({line for line in out.splitlines() if REPORT_LINE.match(line)})
    result["diff"] = removed_lines(out)
    result["status"] = "ok" if status == 0 else "files failed"
    if status == 3:
        result["failed_files"] = sum(1 for line in err.splitlines() if line.startswith(directory))
        result["error"] = next((line for line in err.splitlines() if line.startswith(directory)), "")[:300]
    return result


def cached(path: Path, valid, compute) -> dict:
    if path.exists():
        try:
            data = json.loads(path.read_text())
            if valid(data):
                return data
        except json.JSONDecodeError:
            pass
    data = compute()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))
    return data


def feature_of(error: str) -> str:
    """A countable name for an unsupported construct: the error without its specifics."""
    error = re.sub(r" at '.*'$", "", error)  # cannot parse the rule's C code at 'x'
    if "metavariable kind" not in error:
        error = re.sub(r"'[^' ]*'", "'...'", error)  # names of metavariables and rules
    return error.split(" (")[0] if "ocaml" not in error else error


def compare(ours: dict, theirs: dict, headers: bool) -> dict:
    def kept(lines):
        return {line for line in lines if headers or not line.split(":")[0].endswith(".h")}

    a, b = kept(ours["lines"]), kept(theirs["lines"])
    at = {":".join(line.split(":")[:2]) for line in a} | {"-" + x for x in kept(ours["diff"])}
    bt = {":".join(line.split(":")[:2]) for line in b} | {"-" + x for x in kept(theirs["diff"])}
    return {"ours": len(at), "spatch": len(bt), "common": len(at & bt), "same_lines": at == bt, "same_reports": a == b,
            "only_ours": sorted(at - bt)[:20], "only_spatch": sorted(bt - at)[:20]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, default=DEFAULT_TREE)
    parser.add_argument("--dirs", nargs="+", help=f"directories of the tree (default: {' '.join(DEFAULT_DIRS)}, "
                                                   "or none with --fixtures)")
    parser.add_argument("--fixtures", action="store_true",
                        help="also run each rule on its fixture under bench/kernel-rule-fixtures")
    parser.add_argument("--rules", nargs="*", help="rule files relative to scripts/coccinelle (default: all)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per rule, per tool and directory")
    parser.add_argument("--jobs", type=int, default=1, help="our worker processes (spatch runs on one core)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--spatch", default=shutil.which("spatch"))
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args()
    rules_dir = args.tree / "scripts" / "coccinelle"
    rules = sorted(rules_dir.rglob("*.cocci")) if not args.rules else [rules_dir / r for r in args.rules]
    directories = args.dirs if args.dirs is not None else ([] if args.fixtures else list(DEFAULT_DIRS))
    if args.fixtures:
        directories = directories + [FIXTURES_DIR]
    ours_version = source_hash()
    rows = []
    for directory in directories:
        for rule in rules:
            name = str(rule.relative_to(rules_dir))
            key = name.replace("/", "__") + ".json"
            headers = "--include-headers" in rule_options(rule.read_text(errors="replace"))
            # What each tool runs on, from where, and what else its cached result depends on.
            cwd, target, extra = args.tree, directory, {}
            if directory == FIXTURES_DIR:
                target = fixture_of(name)
                if target is None:
                    say(f"[{directory}] {name}: no fixture")
                    continue
                cwd, extra = FIXTURES, {"fixture": target, "fixture_hash": fixture_hash(target)}
            say(f"[{directory}] {name}")
            ours = cached(args.cache / "ours" / directory.replace("/", "__") / key,
                          lambda d: d.get("version") == ours_version and all(d.get(k) == v for k, v in extra.items()),
                          lambda: {**run_ours(cwd, rule, target, args.timeout, args.jobs), "version": ours_version,
                                   **extra})
            theirs = None
            if args.spatch:
                # Runs cached before diffs were compared lack "diff"; they stand where no rule
                # that runs could print one.
                theirs = cached(args.cache / "spatch" / directory.replace("/", "__") / key,
                                lambda d: ("diff" in d or not may_print_a_diff(rule))
                                and all(d.get(k) == v for k, v in extra.items()),
                                lambda: {**run_spatch(args.spatch, cwd, rule, target, args.timeout), **extra})
                theirs.setdefault("diff", [])
            row = {"rule": name, "dir": directory, "ours": ours, "spatch": theirs}
            if theirs is not None and ours["status"] in ("ok", "files failed") and theirs["status"] == "ok":
                row["comparison"] = compare(ours, theirs, headers)
            rows.append(row)
    print_table(rows)
    if args.json_out:
        args.json_out.write_text(json.dumps(rows, indent=1))


def verdict(row: dict) -> str:
    ours, theirs = row["ours"], row["spatch"]
    if ours["status"] == "unsupported":
        return "unsupported"
    if theirs is None:
        return "no spatch"
    if theirs["status"] != "ok":
        return f"spatch {theirs['status']}"
    if ours["status"] not in ("ok", "files failed"):
        return f"ours {ours['status']}"
    return "same" if row["comparison"]["same_lines"] else "different"


def print_table(rows: list[dict]) -> None:
    print(f"{'dir':<16} {'rule':<40} {'ours runs':<12} {'ours':>5} {'spatch':>6} {'common':>6}  verdict / feature")
    counts: Counter = Counter()
    features: Counter = Counter()
    for row in rows:
        ours, theirs, comparison = row["ours"], row["spatch"], row.get("comparison")
        v = verdict(row)
        counts[(row["dir"], v)] += 1
        runs = "yes" if ours["status"] == "ok" else ours["status"]
        n_ours = str(comparison["ours"]) if comparison else "-"
        n_theirs = str(comparison["spatch"]) if comparison else (str(len(theirs["lines"])) if theirs and theirs["status"] == "ok" else "-")
        common = str(comparison["common"]) if comparison else "-"
        detail = v
        if v == "unsupported":
            features[feature_of(ours.get("error", ""))] += 1
            detail += f": {ours.get('error', '')[:70]}"
        elif v == "same" and not comparison["same_reports"]:
            detail += " (lines; messages or columns differ)"
        elif ours["status"] == "files failed":
            detail += f" ({ours.get('failed_files', '?')} files failed)"
        print(f"{row['dir']:<16} {row['rule']:<40} {runs:<12} {n_ours:>5} {n_theirs:>6} {common:>6}  {detail}")
    print()
    for directory in dict.fromkeys(r["dir"] for r in rows):
        summary = ", ".join(f"{v}: {n}" for (d, v), n in sorted(counts.items()) if d == directory)
        print(f"{directory}: {summary}")
    if features:
        print("unsupported, by the feature named:")
        for feature, n in features.most_common():
            print(f"  {n:3}  {feature}")


if __name__ == "__main__":
    main()
