"""Benchmark (d) before and after: `redactor batch`, 1 worker, on the bench/stages.py corpus, run alternately
from a git worktree of an earlier commit and from this tree, each round in a fresh process, so a slow
spell of the VM hits both alike. Prints pages/s and ms/page by stage for every round, then the ratio of
the fastest rounds (timeit's rule: noise only adds time) and of the means.

    python bench/compare_d.py --base df1fe66 [--pages 150] [--rounds 3] [--json bench/d_before_after.json]

The budget for a change is "(d) no more than 10% slower per page than before" (DEVELOPERS brief)."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_RUN = """
import json, shutil, sys
from pathlib import Path
import redactor
try:
    from bench.stages import measure_batch
except ImportError:  # a tree from before issue 20, with the benchmarks inside the package
    from redactor.bench_stages import measure_batch
corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
shutil.rmtree(out, ignore_errors=True)
r = measure_batch(corpus, out, 1)
print(json.dumps({"tree": str(Path(redactor.__file__).parent.parent), "pages": r["pages"],
                  "seconds": round(r["seconds"], 2), "failed": r["failed"], "stages": r["stage_ms_per_page"]}))
"""


def run_once(tree: Path, corpus: Path, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, "-c", ONE_RUN, str(corpus), str(out)], cwd=tree, env=env,
                          capture_output=True, text=True, check=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if Path(result["tree"]).resolve() != tree.resolve():
        raise SystemExit(f"imported redactor from {result['tree']}, not {tree}")
    result["pages_per_s"] = round(result["pages"] / result["seconds"], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the commit to compare with (e.g. the issue's start)")
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write every round and the ratios here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare-d-") as tmp:
        tmp_path = Path(tmp)
        base = tmp_path / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(base), args.base],
                       check=True, capture_output=True)
        try:
            corpus = tmp_path / "corpus"
            subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; from bench.stages "
                            "import build_corpus; build_corpus(Path(sys.argv[1]), int(sys.argv[2]))",
                            str(corpus), str(args.pages)], cwd=ROOT, check=True)
            rounds: dict[str, list[dict]] = {"before": [], "after": []}
            for number in range(1, args.rounds + 1):
                for name, tree in (("before", base), ("after", ROOT)):
                    result = run_once(tree, corpus, tmp_path / f"out-{name}")
                    rounds[name].append(result)
                    print(f"round {number} {name:<6} {result['pages_per_s']:6.2f} pages/s  "
                          + " ".join(f"{k} {v}" for k, v in result["stages"].items()), flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], capture_output=True)
    best = {k: max(r["pages_per_s"] for r in v) for k, v in rounds.items()}
    mean = {k: statistics.mean(r["pages_per_s"] for r in v) for k, v in rounds.items()}
    summary = {"base": args.base, "pages": args.pages, "rounds": rounds,
               "best_pages_per_s": best, "mean_pages_per_s": {k: round(v, 2) for k, v in mean.items()},
               "after_over_before_best": round(best["after"] / best["before"], 3),
               "after_over_before_mean": round(mean["after"] / mean["before"], 3)}
    print(f"(d) before {best['before']:.2f} / after {best['after']:.2f} pages/s (fastest rounds): "
          f"after/before {summary['after_over_before_best']:.3f}; means {summary['after_over_before_mean']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
