"""Cohort grading: ``kamlab grade`` (parallel) beside sequential ``nbgrader autograde`` (figures, not a test).

    .venv/bin/python benchmarks/bench_cohort_grading.py [ASSIGNMENT ...] [--learners 40] [--workers N]
        [--rounds R]     # part of: make bench

Two private copies of the course get the same synthetic cohort (kamlab.grader.synthetic: the model
solution, catalogued mistakes and alternatives, blanks, at the default rates), one submission per
learner and assignment. One copy is graded as the instructor guide says, ``nbgrader autograde
ASSIGNMENT --create --force`` for each assignment in turn; the other with ``kamlab.grader.batch``
(``python -m kamlab grade``), one worker per core unless ``--workers`` says otherwise. Printed:
the wall time and throughput (submissions per minute) of each, their ratio, and the peak resident
memory of each grading process, alone and with its kernel (from /proc: the grader's own high-water
mark, its kernel's sampled every 0.2 s). The scores of the two copies must agree, or the figures
mean nothing.

The assignments default to Steps 4 and 6, those of them built from their sources (a catalogue in
``course/authoring/``); a step not built yet is named and left out. With ``--rounds 2`` each way
runs twice, in the order ABBA, and the best time of each is kept: other work on a shared machine
slows whichever run it meets.

The target is at least 1.8x sequential on two cores. It lives here, not in the tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kamlab.grader import batch, synthetic
from kamlab.grader import course as grading

DEFAULT = ("step4_key_accounts", "step6_metrics")
TARGET = 1.8


def built_from_sources(assignment: str) -> bool:
    return (grading.COURSE / "authoring" / f"{assignment}.py").exists()


def prepare(tmp: Path, assignments: list[str], learners: int, seed: int) -> tuple[Path, Path]:
    """Two copies of the course with the same submissions: one for each way of grading."""
    first = grading.copy_course(tmp / "parallel")
    for assignment in assignments:
        grading.nbgrader(first, "generate_assignment", assignment, "--force")
    synthetic.generate(assignments, first, learners=learners, seed=seed)
    second = grading.copy_course(tmp / "sequential")
    for assignment in assignments:
        grading.nbgrader(second, "generate_assignment", assignment, "--force")
    shutil.copytree(first / "submitted", second / "submitted")
    return first, second


def reset(course: Path) -> None:
    """Forget every grade, keep the submissions and the assignments (for another round)."""
    shutil.rmtree(course / "autograded", ignore_errors=True)
    gradebook = course / "gradebook.db"
    gradebook.unlink(missing_ok=True)
    for source in sorted((course / "source").iterdir()):
        if (course / "release" / source.name).exists():
            grading.nbgrader(course, "generate_assignment", source.name, "--force")


def cpu_seconds() -> float:
    """CPU time (user and system) of every child process waited for so far: graders and their kernels."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def sequential(course: Path, assignments: list[str]) -> tuple[float, float, float]:
    """Seconds, and peak MiB of the nbgrader process alone and with its kernel."""
    env = {
        **os.environ,
        "PATH": f"{grading.BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONWARNINGS": "",
    }
    own = tree = 0.0
    start = time.perf_counter()
    for assignment in assignments:
        with subprocess.Popen(
            [
                str(grading.BIN / "nbgrader"),
                "autograde",
                assignment,
                "--create",
                "--force",
                "--log-level=ERROR",
            ],
            cwd=course,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ) as proc:
            sampler = batch.MemorySampler(proc.pid).start()
            proc.wait()
            sampler.stop()
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader autograde {assignment} failed (exit {proc.returncode})")
        own, tree = max(own, sampler.peak_own), max(tree, sampler.peak_tree)
    return time.perf_counter() - start, own, tree


def parallel(course: Path, assignments: list[str], workers: int | None) -> batch.BatchResult:
    result = batch.grade(assignments, course, workers=workers, quiet=True)
    if result.failed:
        raise RuntimeError(batch.summary(result))
    return result


def all_scores(course: Path, assignments: list[str]) -> dict:
    return {a: grading.scores(course, a, a) for a in assignments}


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", default=list(DEFAULT))
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--workers", type=int, default=None, help="default: the cores")
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs of each way (ABBA order); the best counts"
    )
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    assignments = [a for a in args.assignments if built_from_sources(a)]
    left_out = [a for a in args.assignments if a not in assignments]
    if left_out:
        print(
            f"Left out, not built from its sources yet (no course/authoring/<step>.py): {', '.join(left_out)}"
        )
    if not assignments:
        raise SystemExit("nothing to grade")
    workers = args.workers or batch.default_workers()
    submissions = args.learners * len(assignments)
    print(
        f"Grading {submissions} submissions ({args.learners} learners x {', '.join(assignments)}) on "
        f"{batch.default_workers()} core(s), load average {load()}:"
    )
    with tempfile.TemporaryDirectory() as tmp:
        first, second = prepare(Path(tmp), assignments, args.learners, args.seed)
        seq_runs, par_runs, cpu = [], [], {"sequential": [], "parallel": []}
        for k in range(args.rounds):
            for way in ("sequential", "parallel") if k % 2 == 0 else ("parallel", "sequential"):
                before = cpu_seconds()
                if way == "sequential":
                    if seq_runs:
                        reset(second)
                    seq_runs.append(sequential(second, assignments))
                    seconds = seq_runs[-1][0]
                else:
                    if par_runs:
                        reset(first)
                    par_runs.append(parallel(first, assignments, workers))
                    seconds = par_runs[-1].seconds
                cpu[way].append(cpu_seconds() - before)
                each = cpu[way][-1] / submissions
                line = f"{seconds:6.1f} s, {each:4.1f} CPU s per submission (load average after: {load()})"
                print(f"  round {k + 1}, {way:10}: {line}")
        same = all_scores(first, assignments) == all_scores(second, assignments)
    seq_time, seq_own, seq_tree = min(seq_runs)
    best = min(par_runs, key=lambda r: r.seconds)
    own = max(p[0] for r in par_runs for p in r.worker_peaks.values())
    tree = max(p[1] for r in par_runs for p in r.worker_peaks.values())
    seq_rate, par_rate = submissions / seq_time * 60, submissions / best.seconds * 60
    ratio = par_rate / seq_rate
    print(
        f"  sequential nbgrader autograde: {seq_time:6.1f} s, {seq_rate:5.1f} per minute; "
        f"peak memory {seq_own:.0f} MiB for nbgrader, {seq_tree:.0f} MiB with its kernel"
    )
    print(
        f"  kamlab grade, {best.workers} workers:      {best.seconds:6.1f} s, {par_rate:5.1f} per minute; "
        f"peak memory per worker {own:.0f} MiB for the grader, {tree:.0f} MiB with its kernel "
        f"({best.workers} workers: {tree * best.workers:.0f} MiB in all)"
    )
    efficiency = min(cpu["sequential"]) / min(cpu["parallel"])
    print(
        f"  CPU per submission: {min(cpu['sequential']) / submissions:.1f} s sequential, "
        f"{min(cpu['parallel']) / submissions:.1f} s in parallel (workers' start-up included): with "
        f"{best.workers} idle cores the ratio could reach about {best.workers * efficiency:.2f}x"
    )
    verdict = "meets" if ratio >= TARGET else "misses"
    same_text = "yes" if same else "NO"
    print(f"  ratio: {ratio:.2f}x sequential ({verdict} the {TARGET}x target on 2 cores)")
    print(f"  same scores both ways: {same_text}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
