"""Command line: ``python -m kamlab data`` regenerates ``datasets/`` byte for byte."""

from __future__ import annotations

import sys

from kamlab.company import datasets


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "data":
        print("usage: python -m kamlab data [--out FOLDER] [--seed N]", file=sys.stderr)
        raise SystemExit(2)
    datasets.main(args[1:])


if __name__ == "__main__":
    main()
