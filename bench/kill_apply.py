#!/usr/bin/env python3
"""Kill `refactor apply` at random moments over a copy of Linux 6.1's mm/, and count torn files.

    nice -n 19 python3 bench/kill_apply.py                    # 10 kills, -j 1
    python3 bench/kill_apply.py --kills 20 --jobs 2 --tree ~/src/linux

The tree is Debian's linux-source-6.1, unpacked by bench/parse_vs_spatch.py in
~/.cache/refactor-bench (or --tree). mm/ is copied to a temporary directory; the rule renames
`page_mapcount` (or --old/--new). The dry run (the per-file step `refactor diff` uses) gives each
file's expected new content. One full run is timed; then each round restores the originals,
starts `refactor apply`, and sends SIGKILL or SIGINT (alternately) to its process group: in half
the rounds at a random moment of the run, in the others a few random milliseconds after a random
number of files were written (the run lists each file it wrote). Every file must then be wholly old or wholly new; after SIGINT no
temporary may be left. A last run must remove whatever SIGKILL left and finish the job.
Prints, per round, the signal, when (after how many files written, plus how many seconds), the
changing files still old, already new and torn, and the temporaries left; then totals.
The exit status is 1 if anything was torn or left behind.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from kill_harness import apply_command, environment, expected_outputs, kill_round, leftovers, restore, snapshot  # noqa: E402


def default_tree() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "refactor-bench"
    return cache / "linux-source-6.1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tree", type=Path, default=default_tree(), help="Linux tree (default: the bench cache)")
    parser.add_argument("--dir", default="mm", help="directory of the tree to copy (default mm)")
    parser.add_argument("--kills", type=int, default=10, help="rounds, each killed once (default 10)")
    parser.add_argument("--jobs", "-j", type=int, default=1)
    parser.add_argument("--old", default="page_mapcount", help="the function to rename")
    parser.add_argument("--new", default="folio_page_mapcount_renamed")
    parser.add_argument("--seed", type=int, default=61)
    args = parser.parse_args()
    source = args.tree / args.dir
    if not source.is_dir():
        print(f"{source} not found: run bench/parse_vs_spatch.py --quick once to fetch the kernel, or pass --tree",
              file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="refactor-kill-") as scratch:
        tree = Path(scratch) / args.dir
        shutil.copytree(source, tree, symlinks=True)
        rule = Path(scratch) / "rename.cocci"
        rule.write_text(f"@@\n@@\n- {args.old}\n+ {args.new}\n")
        old = snapshot(tree)
        started = time.monotonic()
        new = expected_outputs(rule, tree)
        changing = sum(new[p] != old[p] for p in old)
        lines = sum(data.count(b"\n") for data in old.values())
        print(f"{len(old)} files, {lines} lines in {source}; {changing} change "
              f"(dry run {time.monotonic() - started:.1f} s)")
        command = apply_command(rule, tree, args.jobs)
        started = time.monotonic()
        full = subprocess.run(command, capture_output=True, env=environment())
        seconds = time.monotonic() - started
        if full.returncode != 0 or snapshot(tree) != new:
            print(f"the uninterrupted run failed (status {full.returncode}) or differs from the dry run:\n"
                  f"{full.stderr.decode(errors='replace')}", file=sys.stderr)
            return 1
        print(f"uninterrupted apply -j {args.jobs}: {seconds:.1f} s")
        print(f"{'round':>5} {'signal':>7} {'after':>6} {'+ s':>6} {'old':>4} {'new':>4} {'torn':>4} {'temporaries':>11}")
        torn = left_by_sigint = killed = mid_run = 0
        for number in range(args.kills):
            sig = signal.SIGKILL if number % 2 == 0 else signal.SIGINT
            restore(old)
            # Half the rounds at a random moment of the run; the others just after a random number
            # of files were written (and a few milliseconds more), where the writes are.
            after = 0 if number % 4 < 2 else rng.randint(1, max(1, changing - 1))
            delay = rng.uniform(0, seconds) if after == 0 else rng.uniform(0, 0.01)
            result = kill_round(command, sig, after, delay, old, new, tree)
            mid_run += result.mid_run
            killed += result.killed
            torn += len(result.torn)
            if sig == signal.SIGINT:
                left_by_sigint += result.leftovers
            print(f"{number + 1:5} {sig.name:>7} {after:6} {delay:6.3f} {result.old:4} {result.new:4} {len(result.torn):4} "
                  f"{result.leftovers:11}{'' if result.killed else '  (had ended)'}")
            for path in result.torn:
                print(f"      TORN {path}")
        restore({p: old[p] for p in list(old)[: len(old) // 2]})
        before = len(leftovers(tree))
        final = subprocess.run(command, capture_output=True, env=environment())
        finished = final.returncode == 0 and snapshot(tree) == new and not leftovers(tree)
        print(f"kills: {killed} of {args.kills} rounds (the others had ended), {mid_run} while files were being "
              f"written; files checked: {len(old)} x {args.kills} rounds; torn: {torn}; "
              f"temporaries left by SIGINT: {left_by_sigint}")
        print(f"last run: {before} temporaries before, {len(leftovers(tree))} after; "
              f"{'every file as the dry run says' if finished else 'FAILED'}")
        return 0 if finished and torn == 0 and left_by_sigint == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
