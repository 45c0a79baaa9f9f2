"""Kill `refactor apply` (SIGKILL and SIGINT, to its whole process group) at random moments while it
rewrites a generated tree of 300 files: no file may ever be torn, an interrupted run leaves no
temporary behind, and the next run removes what a killed one left and finishes the job.

bench/kill_apply.py does the same over a copy of Linux's mm/.
"""
from __future__ import annotations

import random
import signal
import subprocess
from pathlib import Path

from kill_harness import apply_command, environment, expected_outputs, kill_round, leftovers, restore, snapshot

FILES = 300
RULE = "@@\nexpression E;\n@@\n- spin_lock_irq(E)\n+ raw_spin_lock_irq(E)\n"


def generate_tree(root: Path, rng: random.Random) -> None:
    """300 files in 10 directories; about two thirds call the function the rule renames."""
    for i in range(FILES):
        directory = root / f"sub{i % 10}"
        directory.mkdir(parents=True, exist_ok=True)
        functions = []
        for j in range(rng.randint(3, 8)):
            call = "spin_lock_irq(&q->lock);" if (i % 3) and rng.random() < 0.6 else "barrier();"
            functions.append(
                f"static int f{i}_{j}(struct queue *q, int n)\n{{\n\t{call}\n"
                f"\tif (n > {j})\n\t\treturn q->count + {j};\n\treturn 0;\n}}\n"
            )
        (directory / f"file{i}.c").write_text(f"/* generated file {i} */\n#include <linux/spinlock.h>\n\n"
                                              + "\n".join(functions))


def test_killed_apply_never_tears_a_file_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    rng = random.Random(7)
    tree = tmp_path / "tree"
    generate_tree(tree, rng)
    rule = tmp_path / "rename.cocci"
    rule.write_text(RULE)
    old = snapshot(tree)
    new = expected_outputs(rule, tree)
    changing = sum(new[p] != old[p] for p in old)
    assert changing > 100

    rounds = []
    # Each run is killed after a random number of files were written and a random few milliseconds
    # more (so inside a write as often as between two); the first two also at random moments of
    # the start-up, before any file is written.
    plan = [(signal.SIGKILL, 1), (signal.SIGINT, 2), (signal.SIGKILL, 2), (signal.SIGINT, 1),
            (signal.SIGKILL, 1), (signal.SIGINT, 1), (signal.SIGKILL, 2)]
    for number, (sig, jobs) in enumerate(plan):
        restore(old)
        after = 0 if number < 2 else rng.randint(1, changing - 1)
        delay = rng.uniform(0.05, 0.6) if number < 2 else rng.uniform(0, 0.02)
        result = kill_round(apply_command(rule, tree, jobs), sig, after, delay, old, new, tree)
        rounds.append(result)
        assert result.torn == [], f"torn after {sig.name}: {result.torn[:5]}"
        if sig == signal.SIGINT and result.killed:
            assert result.leftovers == 0, "an interrupted run left temporaries"
    assert sum(r.mid_run for r in rounds) >= 4, [(r.signal_name, r.after_files, r.old, r.new) for r in rounds]

    # A killed run may have left temporaries; plant one for certain, then finish the job.
    restore({p: old[p] for p in list(old)[:50]})
    stray = tree / "sub0" / ".refactor-999999999-file0.c.abc123"  # no such pid
    stray.write_bytes(new[str(tree / "sub0" / "file0.c")][:100])
    final = subprocess.run(apply_command(rule, tree, 2), capture_output=True, text=True, env=environment())
    assert final.returncode == 0, final.stderr
    assert f"{stray}: removed, a temporary left by an interrupted run" in final.stderr
    assert leftovers(tree) == []
    assert snapshot(tree) == new
