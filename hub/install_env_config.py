"""Write the environment-wide nbgrader config that loads ``hub/nbgrader_env.py`` (run by `make env`).

    python hub/install_env_config.py        # into sys.prefix/etc/jupyter of the running Python

Conda users run it once with the environment's Python after ``conda env create``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def install(prefix: str = sys.prefix) -> Path:
    target = Path(prefix) / "etc" / "jupyter" / "nbgrader_config.py"
    target.parent.mkdir(parents=True, exist_ok=True)
    text = (
        "# Written by `make env` (hub/install_env_config.py): every nbgrader command of this environment\n"
        "# reads the project's exchange settings: the instructor guide's student commands work as written.\n"
        f"load_subconfig({str(HERE / 'nbgrader_env.py')!r})  # noqa: F821\n"
    )
    if not target.exists() or target.read_text() != text:
        target.write_text(text)
        os.chmod(target, 0o644)
    return target


if __name__ == "__main__":
    print(install())
