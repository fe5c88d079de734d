"""Command line.

- ``python -m kamlab data [--out FOLDER] [--seed N]``: regenerate the company's tables byte for byte;
- ``python -m kamlab build [--check] [NAME ...]``: build the course from ``course/authoring``.
"""

from __future__ import annotations

import sys

USAGE = "usage: python -m kamlab {data,build} [options]   (add --help after a command for its options)"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("data", "build"):
        print(USAGE, file=sys.stderr)
        return 2
    if args[0] == "data":
        from kamlab.company import datasets

        datasets.main(args[1:])
        return 0
    from kamlab.grader import build

    return build.main(args[1:])


if __name__ == "__main__":
    raise SystemExit(main())
