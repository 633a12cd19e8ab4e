"""Benchmark: ``checkin report --format json`` on a store of 200,000 cases.

Builds a seeded synthetic store (about 1,000,000 answers) in a temporary folder through
storage's bulk loader (benchmarks only), then runs the real command in a child process,
once for the whole partnership and once with three ``--by`` breakdowns, and prints the
wall-clock seconds and the child's peak memory (``os.wait4`` rusage). Targets: under 5 s
and 500 MB for the whole-partnership report. Prints figures; asserts nothing.

    .venv/bin/python bench/report_bench.py [--cases N] [--seed S]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage import generate_key, open_store
from storage.bulk import BulkAnswer, BulkCase

ORGANISATIONS = {
    "Police": ("North", "South", "Central"),
    "Housing": ("Tenancy", "Homeless"),
    "NHS Trust": ("Mental health", "Community", "Acute"),
    "Care Homes": ("Residential",),
    "Home Care": ("Domiciliary",),
}
CONCERNS = ("neglect", "financial", "physical", "psychological", "domestic", "self_neglect")
VARIANTS = ("standard", "standard", "easy_read", "yes_no", "screen_reader")
ANSWERED_BY = ("self", "self", "self", "self_with_help", "representative")
REASONS = ("unsafe_to_contact", "declined", "lacks_capacity", "no_contact", "other")
BATCH = 20_000


def _end_answers(
    rng: random.Random, when: datetime, kind: dict, start: int, refs: list[str]
) -> list:
    level = min(4, max(1, start + rng.choice((-1, 0, 0, 1, 1, 2))))
    value = str(level) if rng.random() > 0.05 else "prefer_not_to_say"
    answers = [BulkAnswer("end", "safety", value, when, **kind)]
    for ref in refs:
        got = rng.choice(("yes", "yes", "partly", "no", "dont_know"))
        answers.append(BulkAnswer("end", "outcome_achieved", got, when, outcome_ref=ref, **kind))
    answers.append(BulkAnswer("end", "made_safer", rng.choice(("yes", "yes", "no")), when, **kind))
    heard = rng.choice(("yes", "yes", "a_bit", "no", "dont_know"))
    answers.append(BulkAnswer("end", "listened_to", heard, when, **kind))
    feeling = rng.choice(("happy", "unsure", "unhappy"))
    answers.append(BulkAnswer("end", "wellbeing", feeling, when, **kind))
    return answers


def synthetic_case(rng: random.Random, number: int, base: datetime) -> BulkCase:
    """One case: a start safety answer, and for most an end survey with outcome answers."""
    organisation = rng.choice(tuple(ORGANISATIONS))
    opened = base + timedelta(days=rng.randrange(730), minutes=rng.randrange(1440))
    answered_by = rng.choice(ANSWERED_BY)
    kind = {
        "variant": rng.choice(VARIANTS),
        "answered_by": answered_by,
        "participant_kind": "representative" if answered_by == "representative" else "person",
    }
    start = rng.choice((1, 2, 2, 3, 3, 4))
    start_value = str(start) if rng.random() > 0.05 else "dont_know"
    refs = [f"o{i}" for i in range(1, rng.choice((1, 1, 2)) + 1)]
    answers = [BulkAnswer("start", "safety", start_value, opened, **kind)]
    closed = opened + timedelta(days=rng.randrange(10, 120))
    reason = None
    if rng.random() < 0.75:
        answers += _end_answers(rng, closed, kind, start, refs)
    else:
        reason = rng.choice(REASONS)
    return BulkCase(
        organisation=organisation,
        team=rng.choice(ORGANISATIONS[organisation]),
        local_ref=f"B{number:07d}",
        opened_at=opened,
        closed_at=closed,
        concern_types=tuple(rng.sample(CONCERNS, rng.choice((1, 1, 2)))),
        no_end_survey_reason=reason,
        outcomes=tuple((ref, "own_words") for ref in refs),
        answers=tuple(answers),
    )


async def build_store(path: Path, key: str, cases: int, seed: int) -> int:
    """Load ``cases`` synthetic cases in batches; returns the number of answers."""
    rng = random.Random(seed)
    base = datetime(2024, 4, 1, tzinfo=UTC)
    answers = 0
    async with open_store(path, key) as store:
        for first in range(0, cases, BATCH):
            batch = [synthetic_case(rng, n, base) for n in range(first, min(cases, first + BATCH))]
            answers += sum(len(case.answers) for case in batch)
            await store.bulk_load(batch)
    return answers


def timed_report(database: Path, key: str, extra: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak MB, bytes of JSON) of one ``checkin report`` child."""
    command = [sys.executable, "-m", "bot", "report", "--db", str(database), "--format", "json"]
    env = {**os.environ, "CHECKIN_DATA_KEY": key, "CHECKIN_CONFIG": os.devnull}
    started = time.perf_counter()
    child = subprocess.Popen([*command, *extra], stdout=subprocess.PIPE, env=env)
    output = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"checkin report failed with exit status {status}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, len(output)


def calibration() -> float:
    """CPU seconds for a fixed 5,000,000-step Python loop: to compare machines' speed."""
    started, total = time.process_time(), 0
    for step in range(5_000_000):
        total += step
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument(
        "--keep", type=Path, metavar="DB", help="build the store here, or reuse it if it exists"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-bench-") as folder:
        database = args.keep or Path(folder) / "bench.db"
        key_file = database.with_suffix(".key")
        if database.exists() and key_file.exists():
            key = key_file.read_text().strip()
            print(f"store: reusing {database}")
        else:
            key = generate_key()
            started = time.perf_counter()
            answers = asyncio.run(build_store(database, key, args.cases, args.seed))
            key_file.write_text(key)
            print(f"store: {args.cases:,} cases, {answers:,} answers, built in "
                  f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        runs = {
            "whole partnership": [],
            "--by organisation --by month --by answered_by": [
                "--by", "organisation", "--by", "month", "--by", "answered_by",
            ],
        }  # fmt: skip
        print(f"machine: a 5,000,000-step Python loop takes {calibration():.2f} s of CPU here "
              f"(load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs)")  # fmt: skip
        for name, extra in runs.items():
            seconds, cpu, peak_mb, size = timed_report(database, key, extra)
            print(
                f"report --format json, {name}: {seconds:.2f} s wall, {cpu:.2f} s CPU, "
                f"peak {peak_mb:.0f} MB, {size:,} bytes of JSON (target 5 s, 500 MB)"
            )


if __name__ == "__main__":
    main()
