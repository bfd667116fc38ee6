"""Benchmarks: wall time and peak memory of the tracker at scale, beside baselines measured in
the same run, each case in a fresh process. Results are appended to bench/RESULTS.md.

    python bench/run.py [--only check] [--designations N] [--revisions N] [--claims N]

The synthetic dataset (bench/generate.py) is written to bench/out/ once and reused.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
OUT = HERE / "out"
RESULTS = HERE / "RESULTS.md"
AS_OF = "2024-01-01"


# --- cases, each run in a child process ----------------------------------------------------------


def designation_rows(data: Path) -> list[dict[str, str]]:
    with (data / "designations.csv").open(encoding="utf-8", newline="") as handle:
        return [{k: v for k, v in row.items() if v} for row in csv.DictReader(handle)]


def case_bare_typeadapter(data: Path) -> dict[str, Any]:
    """Baseline: pydantic TypeAdapter(list[Model]) on the designation rows, plain str fields,
    rows already in memory (only the validation is timed)."""
    from pydantic import BaseModel, TypeAdapter

    class Bare(BaseModel):
        id: str
        source_id: str
        quote: str
        action_id: str
        entity_type: str
        name: str
        aliases: str | None = None
        country: str | None = None
        imo: str | None = None
        flag: str | None = None
        listed_on: str | None = None

    rows = designation_rows(data)
    start = time.perf_counter()
    TypeAdapter(list[Bare]).validate_python(rows)
    return {"seconds": time.perf_counter() - start, "rows": len(rows)}


def case_tracker_load_designations(data: Path) -> dict[str, Any]:
    """The tracker's own: designations.csv read, typed (IMO, countries, dates...) and checked."""
    from tracker.load import load_table
    from tracker.models import Designation
    from tracker.problems import Problems

    start = time.perf_counter()
    table = load_table(data, Designation, Problems())
    return {"seconds": time.perf_counter() - start, "rows": len(table)}


def case_tracker_check(data: Path) -> dict[str, Any]:
    """`tracker check` end to end: load, validate and run all rules; findings vs injected."""
    from tracker.checks import run_checks
    from tracker.context import Context
    from tracker.load import load_dataset

    start = time.perf_counter()
    dataset = load_dataset(data)
    loaded = time.perf_counter()
    problems = run_checks(dataset, Context(as_of=dt.date.fromisoformat(AS_OF)))
    end = time.perf_counter()
    found = sorted([p.severity.value, p.code, p.file, p.row, p.field] for p in problems)
    expected = json.loads((data / "expected.json").read_text())
    return {
        "seconds": end - start,
        "load_seconds": loaded - start,
        "rules_seconds": end - loaded,
        "rows": dataset.record_count,
        "findings": len(found),
        "injected": len(expected),
        "exact": found == expected,
    }


CASES: dict[str, Callable[[Path], dict[str, Any]]] = {
    "bare_typeadapter": case_bare_typeadapter,
    "tracker_load_designations": case_tracker_load_designations,
    "tracker_check": case_tracker_check,
}


def child(name: str, data: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = CASES[name](data)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["start_mb"] = before / 1024
    print(json.dumps(result))


def measure(name: str, data: Path) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, __file__, "child", name, str(data)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(json.loads(output.splitlines()[-1]))


# --- the runs --------------------------------------------------------------------------------


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def ensure_dataset(args: argparse.Namespace) -> Path:
    data = OUT / f"data-{args.designations}"
    if not (data / "expected.json").exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(data),
                "--designations",
                str(args.designations),
                "--revisions",
                str(args.revisions),
                "--claims",
                str(args.claims),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return data


def run_check(args: argparse.Namespace) -> str:
    data = ensure_dataset(args)
    bare = measure("bare_typeadapter", data)
    ours = measure("tracker_load_designations", data)
    check = measure("tracker_check", data)
    ratio = ours["seconds"] / bare["seconds"]
    return "\n".join(
        [
            f"### tracker check, {args.designations:,} designations, {args.revisions:,} revisions, "
            f"{args.claims:,} claims",
            "",
            "| case | rows | seconds | peak RSS MB |",
            "|---|---|---|---|",
            "| bare `TypeAdapter(list[Model])`, plain str fields, rows in memory | "
            f"{bare['rows']:,} | {bare['seconds']:.1f} | {bare['peak_mb']:.0f} |",
            f"| tracker: read + validate designations.csv (typed, problems collected) | "
            f"{ours['rows']:,} | {ours['seconds']:.1f} | {ours['peak_mb']:.0f} |",
            f"| `tracker check`: load all files + all 12 rules | {check['rows']:,} | "
            f"{check['seconds']:.1f} (load {check['load_seconds']:.1f}, rules "
            f"{check['rules_seconds']:.1f}) | {check['peak_mb']:.0f} |",
            "",
            f"Validation of designations: {ratio:.2f}x the bare TypeAdapter (target: within 2x). "
            f"`tracker check`: {check['seconds']:.1f} s (target < 30 s), "
            f"{check['peak_mb']:.0f} MB peak (target < 2,048 MB). Findings: {check['findings']} "
            f"for {check['injected']} injected faults, "
            f"{'exactly the injected ones' if check['exact'] else 'NOT the injected ones'}.",
        ]
    )


BENCHMARKS: dict[str, Callable[[argparse.Namespace], str]] = {"check": run_check}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child(sys.argv[2], Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(BENCHMARKS), help="run one benchmark only")
    parser.add_argument("--designations", type=int, default=1_000_000)
    parser.add_argument("--revisions", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    sections = [run(args) for name, run in BENCHMARKS.items() if args.only in (None, name)]
    stamp = f"## {dt.date.today().isoformat()}: {machine()}"
    text = "\n\n".join([stamp, *sections]) + "\n"
    print(text)
    header = "# Benchmark results\n\nAppended by `python bench/run.py`; newest last.\n"
    existing = RESULTS.read_text() if RESULTS.exists() else header
    RESULTS.write_text(existing.rstrip("\n") + "\n\n" + text)


if __name__ == "__main__":
    main()
