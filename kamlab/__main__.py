"""Command line.

- ``python -m kamlab data [--out FOLDER] [--seed N]``: regenerate the company's tables byte for byte;
- ``python -m kamlab build [--check] [NAME ...]``: build the course from ``course/authoring``;
- ``python -m kamlab workspace STUDENT MY_WORK [FILE ...]``: copy the course into a learner's folder;
- ``python -m kamlab grade``, ``report``, ``synthetic``: the instructor's cohort tools (:data:`COHORT`).
"""

from __future__ import annotations

import importlib
import sys

# The instructor's cohort tools: each module's main(argv) returns the exit code.
COHORT = {
    "grade": "kamlab.grader.batch",  # autograde every collected submission, in parallel
    "report": "kamlab.grader.cohort_report",  # the cohort report (HTML with charts)
    "synthetic": "kamlab.grader.synthetic",  # hand in a synthetic cohort
}
COMMANDS = ("data", "build", "workspace", *COHORT)
USAGE = f"usage: python -m kamlab {{{','.join(COMMANDS)}}} [options]  (--help after a command: its options)"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in COMMANDS:
        print(USAGE, file=sys.stderr)
        return 2
    if args[0] in COHORT:
        return importlib.import_module(COHORT[args[0]]).main(args[1:])
    if args[0] == "data":
        from kamlab.company import datasets

        datasets.main(args[1:])
        return 0
    if args[0] == "workspace":
        from kamlab.learner import workspace

        return workspace.main(args[1:])
    from kamlab.grader import build

    return build.main(args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
