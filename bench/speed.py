#!/usr/bin/env python3
"""Benchmark: kernel-scale speed of `refactor diff` against spatch and git grep, in the same run.

Sections (all by default; `--sections a c` for some):

  a  rename a rare function (anon_vma_prepare) over the whole tree
  b  the typed rename of struct anon_vma's refcount on mm/ + include/linux/rmap.h (typed_rename.py), cold
  c  rename kmalloc_array over the whole tree
  d  parse all of mm/ (parse_vs_spatch.py), one job
  e  b again, with the cache b left (warm)

Each tool runs on its own (never two at once), under `nice` when this script is. For each run:
wall and CPU seconds (user + system of the process and the workers it reaped), peak RSS of the
largest single process, and how many cores other processes kept busy meanwhile (from /proc/stat,
minus the run's own CPU): on a shared machine that says how much to trust the figures. Runs are
started by GNU time (from a process of a megabyte or two), because Linux counts the memory of
the process that forks a child into the child's peak RSS. Changed
lines are compared as (file, line, text) of the lines each diff removes, and the lines only one
tool changed are listed. This is a measurement, not a test: it never fails because of speed.

Ours runs from this checkout (PYTHONPATH), on the plain tree (words tested in the workers) and on
a git copy of it (git grep first), each time with an empty cache (cold: the cache is written as
it would be on a first run), except (e). spatch runs with `--include-headers` (ours reads .c and
.h files alike) and `-j N`, on the plain tree, and with `--use-gitgrep` on the git copy for (a).
Its results are cached in `<cache>/speed-spatch/` (a whole-tree run takes minutes): a rerun of
this script reuses them, and says when they were measured; `--rerun-spatch` measures again.

The git copy (`<cache>/linux-source-6.1-git`, made once): hard links to the plain tree's files
(no second copy of the data; git and refactor replace files, never write into them), then
`git init`, `git add -f -A` (Debian's .gitignore ignores everything at the top), `git commit`.

    nice python3 bench/speed.py                       # everything, -j (all cores)
    nice python3 bench/speed.py --sections a b e --jobs 2 --json-out /tmp/speed.json
    nice python3 bench/speed.py --sections a --profile   # also: where our time goes (cProfile, -j 1)
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import parse_vs_spatch as pvs
import typed_rename
from parse_vs_spatch import REPO_ROOT, cpu_ticks, default_cache_dir, ensure_tree, fmt, git_commit, ratio, say

RARE_RULE = "@@\n@@\n- anon_vma_prepare\n+ anon_vma_prepare2\n"
KMALLOC_RULE = "@@\n@@\n- kmalloc_array\n+ kmalloc_array2\n"
SECTIONS = {
    "a": "rename a rare function (anon_vma_prepare -> anon_vma_prepare2) over the whole tree",
    "b": "typed rename of struct anon_vma's refcount, mm/ + include/linux/rmap.h, cold cache",
    "c": "rename kmalloc_array -> kmalloc_array2 over the whole tree",
    "d": "parse all of mm/, one job (lines per second per core)",
    "e": "b again with the caches b left (warm): results cached; parses only (same rule, edited rule)",
}
TARGETS = {
    "a": "at most 1.0x spatch's time, at most 3x git grep's",
    "b": "at most 0.5x spatch's time",
    "c": "at most 1.0x spatch's time, the same changed lines or more",
    "d": "at least 25,000 lines/s per core",
    "e": "at least 10x faster than b (cold)",
}
GIT_TREE = "linux-source-6.1-git"
SHOWN_LINES = 40


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


GNU_TIME = "/usr/bin/time"


def run_small_parent(command: list[str], cwd: Path, env: dict | None, unlimited_stack: bool) -> pvs.Measured:
    """Run `command` under GNU time, a process of a megabyte or two: Linux counts the memory of
    the process that forks a child into the child's peak RSS, and this script's (tens of MB, more
    after reading the tree) would otherwise be every small run's floor."""
    if not (os.access(GNU_TIME, os.X_OK) and subprocess.run([GNU_TIME, "-f", "%e", "true"], capture_output=True).returncode == 0):
        return pvs.run_measured(command, unlimited_stack=unlimited_stack, cwd=cwd, env=env)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as figures, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err:
        process = subprocess.run([GNU_TIME, "-o", figures.name, "-f", "%e %U %S %M", *command], cwd=cwd, env=env,
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                 preexec_fn=pvs.raise_stack_limit if unlimited_stack else None)
        wall, user, system, rss_kb = figures.read().strip().splitlines()[-1].split()
        out.seek(0)
        err.seek(0)
        return pvs.Measured(command, process.returncode, float(wall), float(user), float(system), int(rss_kb) / 1024.0,
                            out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def measure(command: list[str], cwd: Path, env: dict | None = None, unlimited_stack: bool = False) -> dict:
    """Run `command` and return its figures, with the cores other processes used meanwhile."""
    say(f"$ (cd {cwd} && {' '.join(command)})")
    before = cpu_ticks()
    run = run_small_parent(command, cwd, env, unlimited_stack)
    after = cpu_ticks()
    others = None
    if before and after and after[1] > before[1] and run.wall_seconds > 0:
        cores = os.cpu_count() or 1
        busy = cores * (after[0] - before[0]) / (after[1] - before[1])  # cores busy on average
        others = round(max(0.0, busy - run.cpu_seconds / run.wall_seconds), 2)
    return {
        "command": command, "returncode": run.returncode, "wall_seconds": round(run.wall_seconds, 2),
        "cpu_seconds": round(run.cpu_seconds, 2), "peak_rss_mb": round(run.peak_rss_mb, 1),
        "other_cores_busy": others, "stdout": run.stdout, "stderr_tail": run.stderr[-3000:],
        "measured": time.strftime("%Y-%m-%d %H:%M:%S"),
    }


def warm_page_cache(tree: Path) -> None:
    """Read every .c and .h file, so that no tool pays for the disk alone: on a machine that
    reclaims idle page cache (DAMON), a tree read a minute ago may have to come from disk again."""
    say(f"(reading {tree}'s .c and .h files into the page cache)")
    pvs.warm_page_cache(pvs.c_files(tree))


# Where our modules' bytecode goes when the environment says not to write it beside them
# (PYTHONDONTWRITEBYTECODE): compiled once before the first run (compile_ours), as an installed
# package's is when it is installed. Without it every run would compile them all again (0.1 s
# or more: as long as a whole warm run).
BYTECODE: Path | None = None


def compile_ours(work: Path) -> None:
    global BYTECODE
    env = dict(os.environ)
    if env.pop("PYTHONDONTWRITEBYTECODE", ""):
        BYTECODE = work / "bytecode"
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
        say(f"(PYTHONDONTWRITEBYTECODE is set: our bytecode goes to {BYTECODE})")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO_ROOT / "refactor")], env=env, check=False,
                   stdout=subprocess.DEVNULL)


def ours(arguments: list[str], cwd: Path, cache: Path | None = None, result_cache: bool = True) -> dict:
    """`python -m refactor.cli ARGUMENTS` from this checkout; with `cache`, REFACTOR_CACHE_DIR too;
    without `result_cache`, REFACTOR_NO_RESULT_CACHE=1 (the parse and symbol caches only)."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    env.pop("REFACTOR_NO_CACHE", None)
    env.pop("REFACTOR_NO_RESULT_CACHE", None)
    if BYTECODE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE)
    if cache is not None:
        env["REFACTOR_CACHE_DIR"] = str(cache)
    if not result_cache:
        env["REFACTOR_NO_RESULT_CACHE"] = "1"
    return measure([sys.executable, "-m", "refactor.cli", *arguments], cwd, env)


def _spatch_entry(args, key_parts: list[str], command: list[str], cwd: Path) -> Path:
    key = hashlib.sha256("\0".join(key_parts + command + [str(cwd), args.spatch_version]).encode()).hexdigest()[:20]
    return args.cache_dir / "speed-spatch" / f"{key}.json"


def spatch_cached(args, key_parts: list[str], command: list[str], cwd: Path) -> bool:
    return _spatch_entry(args, key_parts, command, cwd).is_file()


def cached_spatch(args, key_parts: list[str], command: list[str], cwd: Path) -> dict:
    """spatch's figures for `command`, from the spatch cache unless --rerun-spatch."""
    path = _spatch_entry(args, key_parts, command, cwd)
    if path.is_file() and not args.rerun_spatch:
        say(f"(spatch, cached from an earlier run: {path})")
        found = json.loads(path.read_text())
        found["cached"] = True
        return found
    result = measure(command, cwd, unlimited_stack=True)
    result["cached"] = False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result))
    return result


# --------------------------------------------------------------------------------------------
# Trees and diffs
# --------------------------------------------------------------------------------------------


def ensure_git_tree(plain: Path, cache_dir: Path) -> Path | None:
    """The git copy of the plain tree, made on first use (hard links, then one commit)."""
    tree = cache_dir / GIT_TREE
    if (tree / ".git").is_dir() and subprocess.run(["git", "-C", str(tree), "rev-parse", "HEAD"],
                                                    capture_output=True).returncode == 0:
        return tree
    if shutil.which("git") is None:
        return None
    say(f"making the git copy {tree} (once: hard links, git add, git commit)")
    cache_dir.mkdir(parents=True, exist_ok=True)
    if tree.exists():
        shutil.rmtree(tree)
    steps = [["cp", "-al", str(plain), str(tree)], ["git", "init", "-q"], ["git", "add", "-f", "-A", "."],
             ["git", "-c", "user.email=bench@localhost", "-c", "user.name=bench", "commit", "-qm", "unpacked tree"]]
    for step in steps:
        if pvs.run_visibly(["nice"] + step, tree if step[0] == "git" else cache_dir).returncode != 0:
            say("could not make the git copy: measuring without git")
            return None
    return tree


HUNK = re.compile(r"^@@ -(?P<line>\d+)")


def removed_lines(diff: str, tree: Path, under: tuple[str, ...] = ()) -> set[tuple[str, int, str]]:
    """(path relative to the tree, line number, text) of each line a unified diff removes.
    spatch names files relative to its --dir: `under` lists the directories to try them in."""
    found = set()
    path, number = "", 0
    for line in diff.splitlines():
        if line.startswith("--- "):
            name = line[4:].split("\t")[0]
            for prefix in ("a/", "./"):
                if name.startswith(prefix) and not (tree / name).is_file():
                    name = name[len(prefix):]
            if name.startswith(str(tree)):
                name = os.path.relpath(name, tree)
            name = os.path.normpath(name.removeprefix("./"))
            path = next((f"{d}/{name}" for d in under if not (tree / name).is_file() and (tree / d / name).is_file()), name)
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


def compare(ours_lines: set, theirs_lines: set) -> dict:
    return {"ours": len(ours_lines), "spatch": len(theirs_lines), "both": len(ours_lines & theirs_lines),
            "only_ours": sorted(map(list, ours_lines - theirs_lines)), "only_spatch": sorted(map(list, theirs_lines - ours_lines)),
            "files_ours": len({p for p, _, _ in ours_lines}), "files_spatch": len({p for p, _, _ in theirs_lines})}


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def rule_file(args, name: str, text: str) -> Path:
    """The rule, at a path that stays the same from run to run (it is part of spatch's command,
    by which its results are cached)."""
    rule = args.cache_dir / "speed-rules" / f"{name}.cocci"
    rule.parent.mkdir(parents=True, exist_ok=True)
    if not rule.is_file() or rule.read_text() != text:
        rule.write_text(text)
    return rule


def whole_tree_rename(args, name: str, rule_text: str, word: str, work: Path) -> dict:
    """(a) and (c): ours on the git copy and the plain tree, git grep, spatch."""
    rule = rule_file(args, name, rule_text)
    runs: dict[str, dict] = {}
    jobs = str(args.jobs)
    if args.git_tree is not None:
        warm_page_cache(args.tree)  # the git copy's files are the same files (hard links)
        runs["ours, git tree"] = ours(["diff", "-j", jobs, "--cache-dir", str(work / f"cache-{name}-git"), str(rule), "."],
                                      args.git_tree)
        warm_page_cache(args.tree)
        runs["git grep -l"] = measure(["git", "grep", "-l", "-F", "-e", word, "--", "*.c", "*.h"], args.git_tree)
    warm_page_cache(args.tree)
    runs["ours, plain tree"] = ours(["diff", "-j", jobs, "--cache-dir", str(work / f"cache-{name}-plain"), str(rule), "."],
                                    args.tree)
    if args.spatch:
        command = [args.spatch, "--sp-file", str(rule), "--dir", ".", "--include-headers", "--very-quiet", "-j", jobs]
        if args.rerun_spatch or not spatch_cached(args, [rule_text], command, args.tree):
            warm_page_cache(args.tree)
        runs["spatch"] = cached_spatch(args, [rule_text], command, args.tree)
        if name == "a" and args.git_tree is not None:
            command = command + ["--use-gitgrep"]
            if args.rerun_spatch or not spatch_cached(args, [rule_text], command, args.git_tree):
                warm_page_cache(args.tree)
            runs["spatch --use-gitgrep"] = cached_spatch(args, [rule_text], command, args.git_tree)
    return finish(args, name, runs, "ours, git tree" if "ours, git tree" in runs else "ours, plain tree")


def typed_rename_section(args, name: str, work: Path, cold: dict | None = None) -> dict:
    """(b) cold with an empty cache, (e) warm from the cache (b) left (`cold`: b's run, the
    reference of e's target): typed_rename.py's rule."""
    member, new, _ = typed_rename.SCENARIOS["refcount"]
    rule = rule_file(args, "typed", typed_rename.rule_text(member, new))
    cache = work / "cache-typed"
    arguments = ["diff", "-j", str(args.jobs), str(rule), typed_rename.DIRECTORY, typed_rename.HEADER]
    arguments += [arg for include in typed_rename.INCLUDES for arg in ("-I", include)]
    runs: dict[str, dict] = {}
    if name == "b" or cold is None:
        runs["ours, cold"] = ours(arguments, args.tree, cache)
    else:
        runs["ours, cold"] = cold
    if name == "e":
        # The same rule again: every file's result comes from the result cache. Then what the
        # parse cache alone does: the same rule without the result cache, and an edited rule
        # (a new name: the rule file is new, its results too; the parses are those b left).
        runs["ours, warm"] = ours(arguments, args.tree, cache)
        runs["ours, warm, parse cache only"] = ours(arguments, args.tree, cache, result_cache=False)
        edited = rule_file(args, "typed-edited", typed_rename.rule_text(member, new + "_edited"))
        runs["ours, warm, edited rule"] = ours([str(edited) if a == str(rule) else a for a in arguments],
                                               args.tree, cache)
    if args.spatch:
        includes = [arg for include in typed_rename.INCLUDES for arg in ("-I", include)]
        common = ["--include-headers", "--recursive-includes", "--include-headers-for-types", "--very-quiet", *includes,
                  "-j", str(args.jobs)]
        parts = [cached_spatch(args, [rule.read_text()], [args.spatch, "--sp-file", str(rule), *target, *common], args.tree)
                 for target in (["--dir", typed_rename.DIRECTORY], [typed_rename.HEADER])]
        runs["spatch"] = {  # two runs (--dir takes one directory): times added, the larger peak
            "wall_seconds": round(sum(p["wall_seconds"] for p in parts), 2),
            "cpu_seconds": round(sum(p["cpu_seconds"] for p in parts), 2),
            "peak_rss_mb": max(p["peak_rss_mb"] for p in parts), "returncode": max(abs(p["returncode"]) for p in parts),
            "other_cores_busy": max((p["other_cores_busy"] or 0) for p in parts),
            "stdout": "".join(p["stdout"] for p in parts), "cached": all(p["cached"] for p in parts),
            "measured": parts[0]["measured"],
        }
    return finish(args, name, runs, "ours, warm" if name == "e" else "ours, cold")


def parse_section(args, work: Path) -> dict:
    """(d): `refactor parse mm` against `spatch --parse-ch mm`, one job each."""
    directory = args.tree / "mm"
    lines = sum(p.read_bytes().count(b"\n") for p in pvs.c_files(directory))
    runs = {"ours": ours(["parse", "--json", "-j", "1", "mm"], args.tree)}
    if args.spatch:
        runs["spatch --parse-ch"] = cached_spatch(args, ["parse"], [args.spatch, "--parse-ch", "mm"], args.tree)
    result = finish(args, "d", runs, "ours")
    result["lines"] = lines
    for run in runs.values():
        run["lines_per_second"] = round(lines / run["wall_seconds"]) if run["wall_seconds"] else None
        run["lines_per_cpu_second"] = round(lines / run["cpu_seconds"]) if run["cpu_seconds"] else None
    return result


def _output(run: dict) -> str:
    return run.get("stdout", run.get("kept_stdout", ""))


def finish(args, name: str, runs: dict[str, dict], main: str) -> dict:
    """Ratios of our main run to the others, and the changed lines compared with spatch's."""
    result = {"section": name, "what": SECTIONS[name], "target": TARGETS[name], "runs": runs, "main": main}
    if main in runs:
        result["ratios"] = {
            other: {k: ratio(runs[main][k], runs[other][k]) for k in ("wall_seconds", "cpu_seconds", "peak_rss_mb")}
            for other in runs if other != main
        }
    if name in ("a", "b", "c", "e") and "spatch" in runs and main in runs:
        tree = args.tree
        mine = removed_lines(_output(runs[main]), tree)
        theirs = removed_lines(_output(runs["spatch"]), tree, (typed_rename.DIRECTORY,) if name in ("b", "e") else ())
        result["changed_lines"] = compare(mine, theirs)
        others = {label: removed_lines(_output(run), tree) for label, run in runs.items()
                  if label.startswith("ours") and label != main}
        result["same_as_main"] = {label: lines == mine for label, lines in others.items()}
    for run in runs.values():
        if "stdout" in run:
            run["stdout_lines"] = run["stdout"].count("\n")
            if not args.keep_output:
                run["kept_stdout"] = run.pop("stdout")  # for later sections; not written out
    return result


def profile(args, work: Path, sections: list[str]) -> None:
    """Where our time goes: one -j 1 run of the first whole-tree or typed section under cProfile."""
    for name in sections:
        if name in ("a", "c"):
            rule = work / f"profile-{name}.cocci"
            rule.write_text(RARE_RULE if name == "a" else KMALLOC_RULE)
            cwd = args.git_tree or args.tree
            arguments = ["diff", "-j", "1", "--cache-dir", str(work / f"cache-profile-{name}"), str(rule), "."]
        elif name in ("b", "e"):
            rule = work / "profile-typed.cocci"
            rule.write_text(typed_rename.rule_text("refcount", "count"))
            cwd = args.tree
            arguments = ["diff", "-j", "1", "--no-cache", str(rule), typed_rename.DIRECTORY, typed_rename.HEADER]
            arguments += [arg for include in typed_rename.INCLUDES for arg in ("-I", include)]
        else:
            continue
        output = work / f"profile-{name}.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(output), "-m", "refactor.cli", *arguments]
        measure(command, cwd, dict(os.environ, PYTHONPATH=str(REPO_ROOT)))
        print(f"\n=== profile of section {name} (-j 1, cProfile; times include the profiler's overhead)")
        stats = pstats.Stats(str(output))
        stats.sort_stats("cumulative").print_stats(r"refactor/", 25)
        stats.sort_stats("tottime").print_stats(15)


# --------------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------------


def print_section(result: dict) -> None:
    runs, main = result["runs"], result["main"]
    print(f"\n=== ({result['section']}) {result['what']}\n    target: {result['target']}")
    labels = list(runs)
    rows = [["", *labels]]
    for key, label, digits in (("wall_seconds", "wall s", 2), ("cpu_seconds", "CPU s (user+sys)", 2),
                               ("peak_rss_mb", "peak RSS MB", 1), ("other_cores_busy", "other cores busy", 2),
                               ("lines_per_second", "lines/s (wall)", 0), ("lines_per_cpu_second", "lines/CPU s", 0)):
        if any(key in run for run in runs.values()):
            rows.append([label, *(fmt(runs[l].get(key), digits) if runs[l].get(key) is not None else "-" for l in labels)])
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  " + "  ".join(f"{str(c):<{widths[0]}}" if i == 0 else f"{str(c):>{widths[i]}}" for i, c in enumerate(row)))
    for other, ratios in result.get("ratios", {}).items():
        print(f"  {main} / {other}: wall {fmt(ratios['wall_seconds'])}, CPU {fmt(ratios['cpu_seconds'])}, "
              f"peak RSS {fmt(ratios['peak_rss_mb'])}")
    for label, run in runs.items():
        if run.get("cached"):
            print(f"  {label}: measured {run['measured']} (cached)")
        if run.get("returncode"):
            print(f"  {label}: exit status {run['returncode']}: {run.get('stderr_tail', '')[-300:]}")
    if "lines" in result:
        print(f"  lines in mm/ (.c and .h, wc -l): {result['lines']:,}")
    changed = result.get("changed_lines")
    if changed:
        print(f"  changed lines: ours {changed['ours']} in {changed['files_ours']} files, spatch {changed['spatch']} "
              f"in {changed['files_spatch']} files; {changed['both']} by both, {len(changed['only_ours'])} only ours, "
              f"{len(changed['only_spatch'])} only spatch")
        for label in ("only_ours", "only_spatch"):
            for path, number, text in changed[label][:SHOWN_LINES]:
                print(f"    {label.replace('_', ' ')}: {path}:{number}: {text.strip()}")
            if len(changed[label]) > SHOWN_LINES:
                print(f"    ... and {len(changed[label]) - SHOWN_LINES} more")
    for label, same in result.get("same_as_main", {}).items():
        print(f"  {label}: {'the same changed lines' if same else 'DIFFERENT changed lines'} as {main}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Kernel-scale speed: refactor against spatch and git grep.")
    parser.add_argument("--sections", nargs="+", choices=sorted(SECTIONS), default=sorted(SECTIONS))
    parser.add_argument("--tree", type=Path, help="kernel tree (default: Debian's linux-source-6.1, cached)")
    parser.add_argument("--cache-dir", type=Path, default=default_cache_dir(),
                        help="where the kernel, its git copy and spatch's results are kept (default: %(default)s)")
    parser.add_argument("--no-git", action="store_true", help="do not make or use the git copy")
    parser.add_argument("--jobs", "-j", type=int, default=len(os.sched_getaffinity(0)),
                        help="workers for both tools, except (d) (default: all cores, %(default)s)")
    parser.add_argument("--spatch", default=shutil.which("spatch"), help="spatch executable (default: from PATH)")
    parser.add_argument("--rerun-spatch", action="store_true", help="measure spatch again instead of reusing its results")
    parser.add_argument("--profile", action="store_true", help="also profile ours (-j 1) on the first section that has a rule")
    parser.add_argument("--keep-output", action="store_true", help="keep the diffs in the JSON output")
    parser.add_argument("--json-out", type=Path, help="also write every figure to this JSON file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.tree = (args.tree or ensure_tree(args.cache_dir)).resolve()
    args.spatch = args.spatch if args.spatch and shutil.which(args.spatch) else None
    args.spatch_version = pvs.spatch_version(args.spatch) if args.spatch else "none"
    if args.spatch is None:
        say("spatch not found: measuring refactor and git grep only")
    needs_git = {"a", "c"} & set(args.sections)
    args.git_tree = None if args.no_git or not needs_git else ensure_git_tree(args.tree, args.cache_dir)
    load = pvs.busy_cores()
    if load is not None and load > 0.3:
        say(f"warning: other processes keep {load} cores busy; the timings will be skewed")
    results = []
    with tempfile.TemporaryDirectory(prefix="speed-bench-") as work_name:
        work = Path(work_name)
        compile_ours(work)
        for name in args.sections:
            say(f"\n== ({name}) {SECTIONS[name]}")
            if name in ("a", "c"):
                results.append(whole_tree_rename(args, name, RARE_RULE if name == "a" else KMALLOC_RULE,
                                                 "anon_vma_prepare" if name == "a" else "kmalloc_array", work))
            elif name in ("b", "e"):
                cold = next((r["runs"]["ours, cold"] for r in results if r["section"] == "b"), None)
                results.append(typed_rename_section(args, name, work, cold))
            else:
                results.append(parse_section(args, work))
        print(f"refactor {git_commit()} vs {args.spatch_version}; jobs {args.jobs}; {os.cpu_count()} cores, "
              f"busy with other work before start: {load}; tree {args.tree}; git copy {args.git_tree}")
        for result in results:
            print_section(result)
        if args.profile:
            profile(args, work, args.sections)
    for result in results:
        for run in result["runs"].values():
            run.pop("kept_stdout", None)
    if args.json_out:
        document = {"refactor_commit": git_commit(), "spatch_version": args.spatch_version, "jobs": args.jobs,
                    "cores_busy_before_start": load, "tree": str(args.tree), "git_tree": str(args.git_tree),
                    "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "sections": results}
        args.json_out.write_text(json.dumps(document, indent=2, default=str) + "\n")
        say(f"wrote {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
