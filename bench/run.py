"""Run the benchmarks in bench/ (or only one), print `name: value unit` lines and merge the
figures into bench/results.json. See bench/README.md."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import tempfile
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
# Run as a script, Python puts bench/ itself on the path; the project's packages sit above it.
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.context import BenchContext, Figure, configure_environment, log  # noqa: E402
from bench.errors import BenchmarkFailed, BenchSetupError  # noqa: E402

RESULTS_PATH = BENCH_DIR / "results.json"
MODULE_PREFIX = "bench_"


def discover() -> dict[str, str]:
    """Every bench/bench_<name>.py, by <name>: adding a benchmark is adding such a file."""
    return {
        path.stem.removeprefix(MODULE_PREFIX): f"bench.{path.stem}"
        for path in sorted(BENCH_DIR.glob(f"{MODULE_PREFIX}*.py"))
    }


def merge_results(figures: list[Figure]) -> None:
    """Update only these figures, so a run of one benchmark keeps the others' last values."""
    try:
        results = json.loads(RESULTS_PATH.read_text())
    except FileNotFoundError:
        results = {}
    except json.JSONDecodeError:
        log(f"{RESULTS_PATH.name} was not valid JSON: starting it afresh")
        results = {}
    results.update({figure.name: figure.rounded() for figure in figures})
    partial = RESULTS_PATH.with_suffix(".json.partial")
    partial.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    # A rename, so an interrupted run never leaves half a file.
    os.replace(partial, RESULTS_PATH)


def _stop_on_sigterm(signum, frame):
    # The default action would skip the finally blocks that stop gunicorn.
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    available = discover()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", metavar="NAME", help=f"run one benchmark: {', '.join(available)}")
    args = parser.parse_args(argv)
    selected = available
    if args.only:
        name = args.only.removeprefix(MODULE_PREFIX)
        if name not in available:
            parser.error(f"no benchmark called {args.only!r}; there are: {', '.join(available)}")
        selected = {name: available[name]}

    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    failed = []
    with tempfile.TemporaryDirectory(prefix="lms-bench-") as workdir:
        configure_environment(Path(workdir))
        context = None
        try:
            context = BenchContext(Path(workdir))
            for name, module_name in selected.items():
                try:
                    figures = importlib.import_module(module_name).run(context)
                except BenchmarkFailed as exc:
                    failed.append(name)
                    print(f"{name}: FAILED: {exc}", file=sys.stderr, flush=True)
                    continue
                except BenchSetupError:
                    raise
                except Exception:
                    # One broken benchmark (or page) must not hide the others' figures.
                    failed.append(name)
                    print(f"{name}: FAILED with an error:", file=sys.stderr)
                    traceback.print_exc()
                    continue
                for figure in figures:
                    print(figure.line(), flush=True)
                merge_results(figures)
        except BenchSetupError as exc:
            print(f"bench: cannot run the benchmarks: {exc}", file=sys.stderr)
            return 2
        finally:
            if context is not None:
                context.close()
    if failed:
        print(f"bench: failed: {', '.join(failed)} (no figures recorded for them)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
