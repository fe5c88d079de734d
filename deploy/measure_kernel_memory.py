"""Resident memory of one learner's kernel after Run All, and of a single-user server (for deploy/SIZING.md).

    .venv/bin/python deploy/measure_kernel_memory.py            # Steps 4 and 6, three runs each

Each run starts a fresh kernel of the project's environment, runs every cell of the step's source
notebook (the answers filled in, as a learner who finished), then reads the kernel's /proc/<pid>/status:
VmRSS (resident now) and VmHWM (peak resident). The server figure is a `jupyter lab` process with no
kernel, started the same way and read the same way once it answers. Prints JSON.
"""

from __future__ import annotations

import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("step4_key_accounts", "step6_metrics")


def status_mib(pid: int) -> dict[str, float]:
    text = Path(f"/proc/{pid}/status").read_text()
    return {k: int(re.search(rf"^{k}:\s+(\d+) kB", text, re.M).group(1)) / 1024 for k in ("VmRSS", "VmHWM")}


def kernel_after_run_all(step: str) -> dict[str, float]:
    nb = nbformat.read(ROOT / "course" / "source" / step / f"{step}.ipynb", as_version=4)
    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(ROOT / "course" / "source" / step))
    try:
        NotebookClient(nb, km=km, timeout=600, allow_errors=True).execute()
        return status_mib(km.provisioner.pid)
    finally:
        km.shutdown_kernel(now=True)


def idle_server() -> dict[str, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--IdentityProvider.token=measure",
            "--allow-root",
            "--LabApp.news_url=",
        ],
        cwd=ROOT / "course",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token=measure", timeout=5).read()
                break
            except OSError:
                time.sleep(0.5)
        time.sleep(2)
        return status_mib(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def main(runs: int = 3) -> dict:
    out = {"python": sys.version.split()[0], "runs": runs, "kernels": {}, "machine_cores": os.cpu_count()}
    for step in STEPS:
        samples = [kernel_after_run_all(step) for _ in range(runs)]
        out["kernels"][step] = {
            k: {
                "median": round(statistics.median(s[k] for s in samples), 1),
                "max": round(max(s[k] for s in samples), 1),
            }
            for k in ("VmRSS", "VmHWM")
        }
    out["server_without_kernel"] = {k: round(v, 1) for k, v in idle_server().items()}
    return out


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3), indent=2))
