"""Kill bench: 1,000+ bulk actions killed with SIGKILL at random moments; counts what was lost or half-written.

    .venv/bin/python bench/kill_bench.py                 # 1,000 kills of the bulk actions + 200 restores
    .venv/bin/python bench/kill_bench.py --runs 3000 --restores 0 --seed 7

Each run copies the prepared database, starts one bulk action in a child process (import a
500-row roster after its backup, issue 200 certificates, type in 100 feedback forms; or
``boiduong restore``) and kills it at a seeded random moment of the action's measured duration.
Then it checks what a user would: ``check`` passes, every backup is sound, the database opens,
the action is entirely there or entirely absent, nothing the child had finished is missing, the
certificate counter equals the highest number and no number appears twice (the same judge as
``tests/reliability/test_kill.py``). It also kills the import's backup and a restore just before
each of their file operations in turn. Prints figures; the exit code is 1 if anything was lost.
Linux/macOS (fork).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.reliability.helpers import killing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="kills of the three bulk actions (default 1000)")
    parser.add_argument("--restores", type=int, default=200, help="kills of a restore (default 200)")
    parser.add_argument("--seed", type=int, default=20250806)
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kill-bench-"))
    started = time.perf_counter()
    prepared = killing.Prepared.make(work / "prepared")
    worker = killing.Worker()
    outcomes: list[killing.Outcome] = []
    problems: list[str] = []
    try:
        share = {a: args.runs // 3 + (1 if i < args.runs % 3 else 0) for i, a in enumerate(killing.ACTIONS)}
        share["restore"] = args.restores
        for action, count in share.items():
            if not count:
                continue
            t = time.perf_counter()
            series = killing.kill_series(worker, prepared, action, count, args.seed, work / action,
                                         recalibrate_every=25)
            outcomes += series
            problems += [f"{action} after {o.delay_s * 1000:.1f} ms: {'; '.join(o.problems)}"
                         for o in series if o.problems]
            landed = Counter(o.landed for o in series)
            whole = killing.world.FEEDBACK_FORMS if action == "feedback" else 1
            print(f"{action:9s} kills: {count:5d}  lost or half-written: {sum(1 for o in series if o.problems)}  "
                  f"complete after the kill: {sum(1 for o in series if o.present == whole)}  "
                  f"landed: {dict(sorted(landed.items()))}  ({time.perf_counter() - t:.0f} s)", flush=True)
        steps_checked = 0
        for action in ("roster", "restore"):
            steps = killing.count_file_steps(worker, prepared, action, work / "steps")
            for step in range(steps):
                outcome = killing.crash_at(worker, prepared, action, step, work / "steps")
                steps_checked += 1
                if outcome.problems:
                    problems.append(f"{action} {outcome.landed}: {'; '.join(outcome.problems)}")
        print(f"file steps: {steps_checked} crash points (import backup and restore), "
              f"lost or half-written: {sum(1 for p in problems if ' crash before ' in p)}")
    finally:
        worker.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    bulk = [o for o in outcomes if o.action in killing.ACTIONS]
    summary = killing.summarise(outcomes)
    print(f"kills: {len(bulk)}, lost or half-written: {sum(1 for o in bulk if o.problems)}")
    print(f"restore kills: {len(outcomes) - len(bulk)}, "
          f"lost or half-written: {sum(1 for o in outcomes if o.action == 'restore' and o.problems)}")
    print(f"temporary files left by kills (cleared by the next backup once an hour old): "
          f"{summary['stale_temp_files']}")
    print(f"total time: {time.perf_counter() - started:.0f} s")
    for line in problems[:20]:
        print("PROBLEM:", line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
