#!/usr/bin/env python3
"""Benchmark: a type-aware member rename with `refactor diff` against `spatch` on a kernel tree.

The rule renames a member of struct anon_vma: its declaration and every access through an
expression of type `struct anon_vma *` or `struct anon_vma` (typed metavariables), never the
members of the same name in other structs. Both tools run on Linux 6.1's `mm/` plus
`include/linux/rmap.h` (where struct anon_vma is declared), with `-I include -I
arch/x86/include`, one after the other, and we print side by side what each changed, how long
it took (wall and CPU seconds) and how much memory it needed (peak RSS), and the ratios. Ours
runs twice: with an empty symbol cache (cold), then again with the cache the first run left
(warm). This is a measurement, not a test: it never fails because a tool is slower.

    python3 bench/typed_rename.py                  # both renames below, 1 job
    python3 bench/typed_rename.py --quick          # only the refcount rename
    python3 bench/typed_rename.py --tree ~/linux --jobs 2 --json-out /tmp/typed.json

spatch runs as `spatch --sp-file RULE --dir mm --include-headers --recursive-includes
--include-headers-for-types -I include -I arch/x86/include`, and again on
`include/linux/rmap.h` alone (its --dir takes one directory); its figures are the sum of the
two runs' times and the larger of their peaks.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from parse_vs_spatch import (
    REPO_ROOT, Measured, busy_cores, default_cache_dir, ensure_tree, fmt, git_commit, ratio, run_measured, say,
    spatch_version,
)

DIRECTORY = "mm"
HEADER = "include/linux/rmap.h"
INCLUDES = ("include", "arch/x86/include")

RULE = """\
@member_declaration@
@@
struct anon_vma {
  ...
- atomic_t MEMBER;
+ atomic_t NEW;
  ...
};

@pointer_access@
struct anon_vma *av;
@@
- av->MEMBER
+ av->NEW

@value_access@
struct anon_vma av;
@@
- av.MEMBER
+ av.NEW
"""
# name -> (member, new name, what the scenario shows)
SCENARIOS = {
    "refcount": ("refcount", "count", "rename struct anon_vma's refcount to count: the parameters and "
                 "locals type every access, no header is needed"),
    "root": ("root", "root_anon_vma", "rename struct anon_vma's root to root_anon_vma: chains such as "
             "vma->anon_vma->root need struct vm_area_struct, from the headers"),
}
QUICK = ("refcount",)


def rule_text(member: str, new: str) -> str:
    text = RULE.replace("MEMBER", member).replace("NEW", new)
    if member != "refcount":  # struct anon_vma's root is `struct anon_vma *root;`
        text = text.replace(f"atomic_t {member};", f"struct anon_vma *{member};").replace(
            f"atomic_t {new};", f"struct anon_vma *{new};")
    return text


# --------------------------------------------------------------------------------------------
# Running the tools
# --------------------------------------------------------------------------------------------


def run_ours(tree: Path, rule: Path, cache: Path, jobs: int) -> Measured:
    """`refactor diff` from this checkout (not an installed copy), with its symbol cache in `cache`."""
    command = [sys.executable, "-m", "refactor.cli", "diff", "-j", str(jobs), str(rule), DIRECTORY, HEADER]
    for include in INCLUDES:
        command += ["-I", include]
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT), REFACTOR_CACHE_DIR=str(cache))
    env.pop("REFACTOR_NO_CACHE", None)
    say(f"$ (cd {tree} && REFACTOR_CACHE_DIR={cache} {' '.join(command)})")
    return run_measured(command, cwd=tree, env=env)


def run_spatch(spatch: str, tree: Path, rule: Path, jobs: int) -> list[Measured]:
    includes = [arg for include in INCLUDES for arg in ("-I", include)]
    common = ["--include-headers", "--recursive-includes", "--include-headers-for-types"] + includes
    if jobs > 1:
        common += ["-j", str(jobs)]
    runs = []
    for target in (["--dir", DIRECTORY], [HEADER]):
        command = [spatch, "--sp-file", str(rule)] + target + common
        say(f"$ (cd {tree} && {' '.join(command)})")
        runs.append(run_measured(command, unlimited_stack=True, cwd=tree))
    return runs


# --------------------------------------------------------------------------------------------
# Reading the diffs
# --------------------------------------------------------------------------------------------


HUNK = re.compile(r"^@@ -(?P<line>\d+)")


def removed_lines(diff: str, tree: Path) -> set[tuple[str, int, str]]:
    """(path relative to the tree, line number, line) for each line a unified diff removes.

    spatch names a file relative to its --dir (`a/rmap.c`), ours relative to the current
    directory (`a/mm/rmap.c`): the path is resolved against the tree, then the directory."""
    found = set()
    path = ""
    number = 0
    for line in diff.splitlines():
        if line.startswith("--- "):
            name = line[4:].split("\t")[0]
            candidates = [name, name[2:] if name.startswith("a/") else name]
            candidates += [f"{DIRECTORY}/{c}" for c in candidates]
            path = next((c for c in candidates if (tree / c).is_file()), name)
        elif line.startswith("+++ "):
            continue
        elif hunk := HUNK.match(line):
            number = int(hunk["line"])
        elif line.startswith("-"):
            found.add((path, number, line[1:]))
            number += 1
        elif line.startswith(" "):
            number += 1
    return found


def member_accesses(tree: Path, member: str) -> set[tuple[str, int, str]]:
    """Lines of mm/ and the header with `->member` or `.member` in their code (comments aside)."""
    pattern = re.compile(rf"(->|\.)\s*{re.escape(member)}\b")
    found = set()
    paths = [p for p in (tree / DIRECTORY).rglob("*") if p.suffix in (".c", ".h") and p.is_file()] + [tree / HEADER]
    for path in paths:
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            code = line.split("//")[0].split("/*")[0]
            if pattern.search(code):
                found.add((str(path.relative_to(tree)), number, line))
    return found


def cache_entries(cache: Path) -> int:
    return sum(1 for _ in cache.rglob("*.json")) if cache.is_dir() else 0


# --------------------------------------------------------------------------------------------
# One scenario
# --------------------------------------------------------------------------------------------


def figures(runs: list[Measured]) -> dict:
    """Time summed over the runs, memory the largest of them."""
    return {
        "returncode": max(abs(r.returncode) for r in runs),
        "wall_seconds": round(sum(r.wall_seconds for r in runs), 2),
        "cpu_seconds": round(sum(r.cpu_seconds for r in runs), 2),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
    }


def benchmark(name: str, tree: Path, jobs: int, spatch: str | None, work: Path) -> dict:
    member, new, what = SCENARIOS[name]
    rule = work / f"{name}.cocci"
    rule.write_text(rule_text(member, new))
    cache = work / f"cache-{name}"
    say(f"\n== {name}: {what}")
    cold = run_ours(tree, rule, cache, jobs)
    headers_cached = cache_entries(cache)
    warm = run_ours(tree, rule, cache, jobs)
    ours = removed_lines(cold.stdout, tree)
    result = {
        "scenario": name, "what": what, "rule": rule.read_text(),
        "ours_cold": figures([cold]), "ours_warm": figures([warm]),
        "headers_parsed_and_cached_by_the_cold_run": headers_cached,
        "warm_output_same_as_cold": warm.stdout == cold.stdout,
        "ours_lines": sorted(map(list, ours)),
        "ours_errors": (cold.stderr.strip().splitlines() or [""])[-1] if cold.returncode else "",
    }
    accesses = member_accesses(tree, member)
    result["member_access_lines"] = len(accesses)
    result["member_access_lines_left_alone"] = len(accesses - ours)
    if spatch is None:
        return result
    spatch_runs = run_spatch(spatch, tree, rule, jobs)
    theirs = set().union(*(removed_lines(r.stdout, tree) for r in spatch_runs))
    result["spatch"] = figures(spatch_runs)
    result["spatch_lines"] = sorted(map(list, theirs))
    result["both"] = len(ours & theirs)
    result["only_ours"] = sorted(map(list, ours - theirs))
    result["only_spatch"] = sorted(map(list, theirs - ours))
    result["ratios_cold_over_spatch"] = {k: ratio(result["ours_cold"][k], result["spatch"][k])
                                         for k in ("wall_seconds", "cpu_seconds", "peak_rss_mb")}
    result["ratios_warm_over_spatch"] = {k: ratio(result["ours_warm"][k], result["spatch"][k])
                                         for k in ("wall_seconds", "cpu_seconds", "peak_rss_mb")}
    return result


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def print_scenario(r: dict) -> None:
    print(f"\n=== {r['scenario']}: {r['what']}")
    s = r.get("spatch", {})
    cold_ratio, warm_ratio = r.get("ratios_cold_over_spatch", {}), r.get("ratios_warm_over_spatch", {})
    rows = [("", "ours cold", "ours warm", "spatch", "cold/spatch", "warm/spatch")]
    for key, label, digits in (("wall_seconds", "wall seconds", 2), ("cpu_seconds", "CPU seconds (user+sys)", 2),
                               ("peak_rss_mb", "peak RSS MB", 1)):
        rows.append((label, fmt(r["ours_cold"][key], digits), fmt(r["ours_warm"][key], digits), fmt(s.get(key), digits),
                     fmt(cold_ratio.get(key)), fmt(warm_ratio.get(key))))
    rows.append(("lines changed", fmt(len(r["ours_lines"])), fmt(len(r["ours_lines"])),
                 fmt(len(r["spatch_lines"])) if "spatch_lines" in r else "-", "", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  " + "  ".join(f"{cell:<{widths[0]}}" if i == 0 else f"{cell:>{widths[i]}}" for i, cell in enumerate(row)))
    print(f"  headers parsed (and cached) by the cold run: {r['headers_parsed_and_cached_by_the_cold_run']}; "
          f"warm run output identical: {r['warm_output_same_as_cold']}")
    print(f"  lines with ->{SCENARIOS[r['scenario']][0]} or .{SCENARIOS[r['scenario']][0]} in mm/ and {HEADER}: "
          f"{r['member_access_lines']}, of which left alone by us: {r['member_access_lines_left_alone']}")
    if r["ours_errors"]:
        print(f"  refactor FAILED: {r['ours_errors']}")
    if "spatch" in r:
        if r["spatch"]["returncode"]:
            print("  spatch exited with an error status")
        print(f"  changed lines: {r['both']} by both, {len(r['only_ours'])} only by us, "
              f"{len(r['only_spatch'])} only by spatch")
        for label, lines in (("only ours", r["only_ours"]), ("only spatch", r["only_spatch"])):
            for path, number, line in lines:
                print(f"    {label}: {path}:{number}: {line.strip()}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="A typed member rename: refactor diff against spatch on Linux mm/.")
    parser.add_argument("--tree", type=Path, help="kernel tree to use (default: Debian's linux-source-6.1, cached)")
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir(),
                        help="where linux-source-6.1 is downloaded and unpacked (default: %(default)s)")
    parser.add_argument("--scenarios", nargs="+", choices=sorted(SCENARIOS), default=list(SCENARIOS))
    parser.add_argument("--quick", action="store_true", help="only the refcount rename")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="worker processes for both tools (default: 1)")
    parser.add_argument("--spatch", default=shutil.which("spatch"), help="spatch executable (default: from PATH)")
    parser.add_argument("--json-out", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    if args.quick:
        args.scenarios = list(QUICK)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tree = args.tree if args.tree else ensure_tree(args.cache_dir)
    if not (tree / DIRECTORY).is_dir() or not (tree / HEADER).is_file():
        sys.exit(f"error: {tree} has no {DIRECTORY}/ or no {HEADER}")
    spatch = args.spatch if args.spatch and shutil.which(args.spatch) else None
    if spatch is None:
        say("spatch not found: measuring refactor alone")
    load = busy_cores()
    if load is not None and load > 0.3:
        say(f"warning: other processes keep {load} cores busy; the timings will be skewed")
    with tempfile.TemporaryDirectory(prefix="typed-rename-") as work:
        results = [benchmark(name, tree, args.jobs, spatch, Path(work)) for name in args.scenarios]
    print(f"refactor {git_commit()} vs {spatch_version(spatch) if spatch else 'no spatch'}; jobs {args.jobs}; "
          f"cores busy before start {load}; tree {tree}; {DIRECTORY}/ + {HEADER}, -I {' -I '.join(INCLUDES)}")
    for result in results:
        print_scenario(result)
    if args.json_out:
        document = {"tree": str(tree), "jobs": args.jobs, "cores_busy_before_start": load, "refactor_commit": git_commit(),
                    "spatch_version": spatch_version(spatch) if spatch else None,
                    "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "scenarios": results}
        args.json_out.write_text(json.dumps(document, indent=2) + "\n")
        say(f"wrote {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
