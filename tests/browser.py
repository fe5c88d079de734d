"""Shared helpers for the browser tests: Debian's Chromium driven by Playwright, a JupyterLab to drive.

No browser is downloaded: ``make test`` installs Debian's ``chromium`` as root. Screenshots go to
``$KAMLAB_SCREENSHOTS`` (default: the test's temporary folder) for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip (or, in CI, fail) when Debian's chromium or playwright is missing."""
    pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("Chromium is missing: make test installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")


def screenshots(default: Path) -> Path:
    folder = Path(os.environ.get("KAMLAB_SCREENSHOTS", default))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_url(url: str, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def jupyterlab(root: Path, bin_dir: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """A JupyterLab serving ``root`` on a free localhost port: yields (base URL, token)."""
    port, token = free_port(), "kamlab-browser-test"
    proc = subprocess.Popen(
        [
            str(bin_dir / "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            "--ServerApp.open_browser=False",
            "--allow-root",
            "--LabServerApp.extensions_in_dev_mode=False",
        ],
        cwd=root,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_url(f"{base}/api/status?token={token}")
        yield base, token
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def kernels(base: str, token: str) -> list[dict]:
    with urllib.request.urlopen(f"{base}/api/kernels?token={token}", timeout=10) as r:
        return json.load(r)


def wait_until_idle(base: str, token: str, quiet: float = 3.0, timeout: float = 300) -> None:
    """Wait until every kernel has been idle for ``quiet`` seconds in a row (asked of the server)."""
    deadline, since = time.time() + timeout, None
    while time.time() < deadline:
        states = [k["execution_state"] for k in kernels(base, token)]
        if states and all(s == "idle" for s in states):
            since = since or time.time()
            if time.time() - since >= quiet:
                return
        else:
            since = None
        time.sleep(0.5)
    pytest.fail("the kernel did not become idle")


def launch(playwright):  # playwright's own object
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
