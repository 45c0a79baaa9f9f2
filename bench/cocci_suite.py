#!/usr/bin/env python3
"""Which SmPL features the failing tests of Coccinelle's suite need, most needed first.

    python3 bench/cocci_suite.py [--suite ../shared/cocci-tests] [--list]

Prints the pass rate over the tests spatch 1.1.1 passes (MANIFEST.tsv), then each failure
reason (the unsupported construct named by the rule error, or "wrong output") with its count and
examples; --list prints every failing test with its reason.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from refactor.compat import run_suite  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--suite", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "cocci-tests")
    parser.add_argument("--list", action="store_true", help="list every failing test")
    args = parser.parse_args()
    result = run_suite(args.suite)
    print(f"{len(result.passed)} of {result.total} tests that spatch 1.1.1 passes pass here ({result.rate():.1f}%)")
    print(f"{len(result.crashed)} crashed")
    by_reason: dict[str, list[str]] = {}
    for name, reason in result.failed.items():
        by_reason.setdefault(reason, []).append(name)
    for reason, names in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        print(f"{len(names):5}  {reason}  (e.g. {', '.join(names[:4])})")
    if args.list:
        for name, reason in sorted(result.failed.items()):
            print(f"{name}\t{reason}")


if __name__ == "__main__":
    main()
