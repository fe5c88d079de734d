"""How long each course notebook takes to run top to bottom (figures, not a test).

    .venv/bin/python benchmarks/bench_notebooks.py      # or: make bench-notebooks

Targets from the issues: each notebook under 15 s, the whole course under 90 s, on 2 cores.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SOURCE = Path(__file__).resolve().parent.parent / "course" / "source"


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return time.perf_counter() - start


def main() -> None:
    total = 0.0
    for path in sorted(SOURCE.glob("*/*.ipynb")):
        seconds = run(path)
        total += seconds
        print(f"{path.name:40s} {seconds:6.1f} s  (target < 15 s)")
    print(f"{'whole course':40s} {total:6.1f} s  (target < 90 s)")


if __name__ == "__main__":
    main()
