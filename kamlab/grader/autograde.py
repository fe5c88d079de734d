"""nbgrader preprocessors that keep KAM Lab's grades honest (the course's ``nbgrader_config.py`` uses them).

nbgrader alone already puts edited test cells back (``OverwriteCells``), stops a
cell after a timeout and trims long output. It does not stop a submission that
redefines the names the hidden tests use, patches ``hashlib`` or ``kamlab`` so
the tests pass, swallows the interrupt that ends a runaway cell, kills its
kernel, prints gigabytes, or writes outside its folder. These preprocessors do:

- :class:`GuardedOverwriteCells`: puts deleted test cells back, resets grading
  flags a submission changed, and notes every test cell edited or deleted;
- :class:`AddHiddenReports`: appends a line to each hidden test that prints the
  values it checked (:mod:`kamlab.grader.gradereport`);
- :class:`GuardedExecute`: starts each kernel with :mod:`kamlab.grader.guard`, a short
  environment and a fresh IPython folder, caps output (every message) while it
  arrives, drops messages nbformat cannot store, and restarts a kernel that dies
  or stops answering, re-running the cells above so the rest is still graded;
- :class:`VerifyHiddenTests`: runs each hidden test again in the grader's own
  process on the reported values, and fails the cell if they are missing or wrong;
- :class:`ExplainGrades`: writes what happened into the gradebook (as the
  answer cell's automatic comment) and into the feedback (a note on the cell).

Every cell the grader fails gets an error output whose name starts with
``Grader``, so nbgrader scores it 0 and the feedback says why.
"""

from __future__ import annotations

import ast
import atexit
import builtins
import copy
import json
import os
import re
import shutil
import tempfile
import textwrap
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nbclient.exceptions import CellExecutionComplete, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_sync
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    Execute,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from traitlets import Bool, Float, Integer, List, Unicode

from kamlab.grader import gradereport, keys
from kamlab.grader.guard import REFUSAL
from kamlab.grader.selfcheck import CHECKS_FILE

HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n(.*?)^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.S | re.M
)
HELPER = re.compile(r"_kam_\w+")
REPORT_MARK = "# Added by the grader:"
NOTES = "kamlab_grader"
_TEMPORARY: list[str] = []  # kernels' IPython folders, removed when the grader exits
atexit.register(lambda: [shutil.rmtree(f, ignore_errors=True) for f in _TEMPORARY])


def hidden_code(source: str) -> str:
    """The code of the hidden test sections of a cell ('' if there are none)."""
    return "".join(HIDDEN.findall(source))


def released_source(source: str) -> str:
    """A test cell as students receive it: without its hidden sections, blank lines ignored."""
    return "\n".join(ln.rstrip() for ln in HIDDEN.sub("", source).splitlines() if ln.strip())


def free_names(code: str) -> list[str]:
    """Names a hidden test reads but does not define (builtins and ``_kam_*`` helpers left out)."""
    tree = ast.parse(code)
    loaded, stored = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else stored).add(node.id)
        elif isinstance(node, ast.arg):
            stored.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            stored.add(node.name)
    return sorted(n for n in loaded - stored if not HELPER.fullmatch(n) and not hasattr(builtins, n))


def report_call(grade_id: str, names: Iterable[str]) -> str:
    """The line appended to a hidden test: it prints the values of ``names`` as a grade report."""
    values = ", ".join(f"{n!r}: {n}" for n in names)
    return (
        f"\n{REPORT_MARK} report the values the hidden tests checked, to check them again.\n"
        f'__import__("kamlab.grader.gradereport").grader.gradereport.report({grade_id!r}, {{{values}}})\n'
    )


def add_note(cell: NotebookNode, note: str) -> None:
    """Remember what the grader did to ``cell`` (for the gradebook comment and the feedback)."""
    cell.metadata.setdefault(NOTES, [])
    if note not in cell.metadata[NOTES]:
        cell.metadata[NOTES].append(note)


def fail(cell: NotebookNode, ename: str, message: str) -> None:
    """Give ``cell`` an error output first, so nbgrader scores it 0 and the feedback shows why."""
    error = NotebookNode(output_type="error", ename=ename, evalue=message, traceback=[f"{ename}: {message}"])
    cell.outputs.insert(0, error)
    add_note(cell, message)


def _size(value: Any) -> int:
    """Characters (or bytes) of text in a message part, counted without recursion."""
    total, todo = 0, [value]
    while todo:
        item = todo.pop()
        if isinstance(item, str | bytes | bytearray | memoryview):
            total += len(item)
        elif isinstance(item, dict):
            todo.extend(item.keys())
            todo.extend(item.values())
        elif isinstance(item, list | tuple):
            todo.extend(item)
        else:
            total += 8
    return total


def _is_test(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class GuardedOverwriteCells(OverwriteCells):
    """``OverwriteCells`` that puts deleted test cells back and notes edited or deleted ones."""

    add_missing_cells = Bool(True, help="Put grade cells deleted from a submission back.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        present = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells}
        nb, resources = super().preprocess(nb, resources)
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid not in present and _is_test(cell):
                add_note(
                    cell,
                    f"The test cell '{gid}' was missing from the submission; the grader put it back and "
                    "ran it.",
                )
        return nb, resources

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        self._restore_kind(cell)
        if _is_test(cell):
            gid = cell.metadata.nbgrader["grade_id"]
            try:
                original = self.gradebook.find_source_cell(gid, self.notebook_id, self.assignment_id).source
            except MissingEntry:
                original = None
            if original is not None and released_source(cell.source) != released_source(original):
                add_note(
                    cell,
                    f"The test cell '{gid}' had been edited in the submission; the grader ran the course's "
                    "original test instead.",
                )
        return super().preprocess_cell(cell, resources, cell_index)

    def _restore_kind(self, cell: NotebookNode) -> None:
        """Put back the grade and solution flags of a known cell (a flipped flag makes nbgrader fail)."""
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid is None:
            return
        if not hasattr(self, "_kinds") or self._kinds[0] != (self.notebook_id, self.assignment_id):
            source = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            grades = {c.name for c in source.grade_cells}
            solutions = {c.name for c in source.solution_cells}
            self._kinds = ((self.notebook_id, self.assignment_id), grades, solutions)
        _, grades, solutions = self._kinds
        if gid not in grades | solutions:
            return
        kind = {"grade": gid in grades, "solution": gid in solutions}
        if any(bool(cell.metadata.nbgrader.get(k)) != v for k, v in kind.items()):
            cell.metadata.nbgrader.update(kind)
            add_note(
                cell,
                f"The cell '{gid}' had its grading flags changed in the submission; the grader reset them.",
            )


class AddHiddenReports(NbGraderPreprocessor):
    """Append a grade report to every test cell with hidden tests (see :mod:`kamlab.grader.gradereport`)."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        code = hidden_code(cell.source) if _is_test(cell) else ""
        if code:
            cell.source = (
                cell.source.rstrip("\n")
                + "\n"
                + report_call(cell.metadata.nbgrader["grade_id"], free_names(code))
            )
        return cell, resources


class GuardedExecute(Execute):
    """nbgrader's ``Execute`` with a guarded kernel, capped output and recovery from a lost kernel."""

    denied = List(
        Unicode(), [], help="Folders a submission may not read while graded (the course, the exchange)."
    ).tag(config=True)
    readable = List(
        Unicode(), [], help="Folders inside the denied ones that may still be read (kamlab, its data)."
    ).tag(config=True)
    max_output_chars = Integer(
        100_000, help="Characters of text output kept per cell; the rest is dropped as it arrives."
    ).tag(config=True)
    max_output_bytes = Integer(5_000_000, help="Bytes of output of any kind (images too) kept per cell.").tag(
        config=True
    )
    max_notebook_seconds = Float(
        600, help="Seconds a whole notebook may run; cells after that are not run (0: no limit)."
    ).tag(config=True)
    max_memory_bytes = Integer(
        4 * 2**30, help="Address space a kernel may use (a notebook needs about 1.2 GB); 0: no limit."
    ).tag(config=True)
    max_restarts = Integer(3, help="Kernel restarts allowed per notebook before the rest is not run.").tag(
        config=True
    )
    # nbgrader raises when a cell's output is still arriving 4 s after its reply; on a busy machine a
    # flood of output can take longer to read, and the cell was then treated as a lost kernel. This
    # only bounds the wait for messages already sent, so it costs nothing when none are late.
    iopub_timeout = Integer(
        120, help="Seconds to wait for a cell's output still arriving after the kernel has replied."
    ).tag(config=True)

    loadavg_file = Unicode("/proc/loadavg", help="Where the system's load is read (Linux).").tag(config=True)
    max_load_factor = Float(
        10.0,
        help="Largest factor by which a busy machine stretches the cell timeout and the notebook budget.",
    ).tag(config=True)

    def load_factor(self) -> float:
        """How much slower than alone a cell runs now: runnable processes per core, at least 1.

        Timeouts and the notebook budget are stretched by it, so they count a fair share of the CPU,
        not wall-clock seconds: on a busy machine an honest cell is not stopped for being slow, and a
        runaway one is still stopped. Both the last minute's load and the processes runnable now are
        read (``/proc/loadavg``), so a burst of work that has just started counts at once.
        """
        try:
            fields = Path(self.loadavg_file).read_text().split()
            runnable = max(int(fields[3].split("/")[0]) - 1, 0)
            load = max(float(fields[0]), runnable)
        except (OSError, ValueError, IndexError):
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        return min(max(load / (os.cpu_count() or 1), 1.0), self.max_load_factor)

    def _get_timeout(self, cell: NotebookNode | None) -> int | None:
        timeout = super()._get_timeout(cell)
        return None if timeout is None else int(round(timeout * self.load_factor()))

    def kernel_arguments(self) -> list[str]:
        """Arguments for the kernel: nbgrader's in-memory history, and :func:`kamlab.grader.guard.install`."""
        boot = (
            "try:\n    import kamlab.grader.guard as _kamlab_guard\n"
            f"    _kamlab_guard.install({list(self.denied)!r}, readable={list(self.readable)!r}, "
            f"memory_bytes={self.max_memory_bytes})\n"
            "    del _kamlab_guard\n"
            "except BaseException:\n    import os; os._exit(3)  # never grade without the guard\n"
        )
        return [
            "--HistoryManager.hist_file=:memory:",
            "--IPKernelApp.log_level=ERROR",  # the kernel's own start-up warnings are not the grader's news
            f"--IPKernelApp.exec_lines={json.dumps([boot])}",
        ]

    def kernel_environment(self) -> dict[str, str]:
        """A short environment for the kernel, with a fresh, empty IPython folder (no start-up files)."""
        keep = ("PATH", "HOME", "LANG", "TZ", "TMPDIR", "VIRTUAL_ENV", "TERM")
        prefixes = ("LC_", "PYTHON", "MPL", "KAMLAB_")
        env = {k: v for k, v in os.environ.items() if k in keep or k.startswith(prefixes)}
        env["PYTHONSAFEPATH"] = "1"  # the submission's folder is not on sys.path: it cannot shadow kamlab
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # the guard refuses writes to kamlab's __pycache__: do not try
        folder = tempfile.mkdtemp(prefix="kamlab-ipython-")
        _TEMPORARY.append(folder)
        env["IPYTHONDIR"] = folder
        return env

    async def async_start_new_kernel(self, **kwargs: Any) -> None:
        self.extra_arguments = self.kernel_arguments()
        kwargs.setdefault("env", self.kernel_environment())
        self._kamlab_restarts = 0
        self._kamlab_cell: int | None = None  # the cell running now, for notes on unreadable messages
        self._kamlab_lost: str | None = None
        self._kamlab_sizes: dict[int, list[int]] = {}
        self._kamlab_stopped: set[int] = set()
        self._kamlab_started: float | None = None  # set when the first cell runs
        await super().async_start_new_kernel(**kwargs)

    async def async_start_new_kernel_client(self) -> Any:
        """nbclient's client, whose channels skip messages that cannot be read instead of failing."""
        kc = await super().async_start_new_kernel_client()
        for name in ("iopub_channel", "shell_channel"):
            channel = getattr(kc, name)
            channel.get_msg = self._tolerant(channel.get_msg, name.split("_")[0])
        return kc

    def _tolerant(self, get_msg: Any, channel: str) -> Any:
        """``get_msg`` that drops unsigned, badly signed or undecodable messages, noting each on the cell.

        jupyter_client raises ``ValueError`` ("Invalid Signature", "Duplicate Signature", bad JSON) or
        ``TypeError`` (too few parts) for such a message; unhandled, it ends the whole submission's
        grading. The timeout still counts from the first call."""

        async def get(timeout: float | None = None) -> dict:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                try:
                    return await ensure_async(get_msg(timeout=left))
                except (ValueError, TypeError, KeyError) as err:
                    reason = (str(err).splitlines() or [type(err).__name__])[0].split(":")[0][:80]
                    self.log.warning("Dropped an unreadable %s message: %s", channel, reason)
                    if self._kamlab_cell is not None and self._kamlab_cell < len(self.nb.cells):
                        add_note(
                            self.nb.cells[self._kamlab_cell],
                            f"The grader dropped a {channel} message it could not read ({reason}).",
                        )

        return get

    # --- output cap ------------------------------------------------------------------------------------
    def process_message(self, msg: dict, cell: NotebookNode, cell_index: int) -> NotebookNode | None:
        """Every message from the kernel passes here: cap its size, and drop it if it is malformed."""
        kind = msg.get("msg_type") if isinstance(msg, dict) else None
        if kind in ("status", "execute_input", "clear_output", "execute_reply"):
            try:
                return super().process_message(msg, cell, cell_index)
            except CellExecutionComplete:
                raise
            except Exception:  # a forged status message: ignore it, the real one follows
                return None
        used = self._kamlab_sizes.setdefault(cell_index, [0, 0, 0])
        content = msg.get("content") if isinstance(msg, dict) else None
        text = _size(content.get("text", "")) if kind == "stream" and isinstance(content, dict) else 0
        size = _size(content) + _size(msg.get("buffers") if isinstance(msg, dict) else None)
        if used[0] + text > self.max_output_chars or used[1] + size > self.max_output_bytes:
            if not used[2]:
                used[2] = 1
                add_note(
                    self.nb.cells[cell_index],
                    "This cell produced more output than the grader keeps per cell ("
                    f"{self.max_output_chars:,} characters of text, {self.max_output_bytes:,} bytes in all); "
                    "it kept the start and dropped the rest.",
                )
            return None
        used[0] += text
        used[1] += size
        try:
            return super().process_message(msg, cell, cell_index)
        except CellExecutionComplete:
            raise
        except Exception as err:  # a message nbformat cannot store: drop it, not the student's grading
            reason = (str(err).splitlines() or [type(err).__name__])[0][:200]
            add_note(self.nb.cells[cell_index], f"The grader dropped a malformed {kind} message ({reason}).")
            return None

    async def _async_poll_output_msg(self, parent_msg_id: str, cell: NotebookNode, cell_index: int) -> None:
        """nbclient's loop, reading ``parent_header`` only when it is a dict (a forged one crashed it)."""
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            header = msg.get("parent_header") if isinstance(msg, dict) else None
            if isinstance(header, dict) and header.get("msg_id") == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    return

    # --- lost kernels ----------------------------------------------------------------------------------
    async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None) -> None | dict:
        if cell is not None:
            stretched = (
                f", stretched to {timeout} s because the machine was busy" if timeout > self.timeout else ""
            )
            add_note(cell, f"This cell ran for more than {self.timeout} s{stretched}; the grader stopped it.")
            self._kamlab_stopped.add(id(cell))  # not worth re-running if the kernel has to be restarted
        return await super()._async_handle_timeout(timeout, cell)

    async def async_execute_cell(
        self,
        cell: NotebookNode,
        cell_index: int,
        execution_count: int | None = None,
        store_history: bool = True,
    ) -> NotebookNode:
        if cell.cell_type != "code" or not cell.source.strip():
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        budget = self.max_notebook_seconds
        if self._kamlab_started is None:
            self._kamlab_started = time.monotonic()
        if (
            budget
            and not self._kamlab_lost
            and time.monotonic() - self._kamlab_started > budget * self.load_factor()
        ):
            self._kamlab_lost = f"the notebook had already run for more than {budget:g} s, the grader's limit"
        if self._kamlab_lost:
            fail(cell, "GraderNotRun", f"Not run: {self._kamlab_lost}")
            return cell
        self._kamlab_sizes[cell_index] = [0, 0, 0]
        self._kamlab_cell = cell_index
        try:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        except (CellTimeoutError, DeadKernelError) as err:
            what = (
                "died" if isinstance(err, DeadKernelError) else "stopped answering (it ignored the interrupt)"
            )
            recovered = await self._recover(cell_index)
            after = (
                "the grader restarted it, re-ran the cells above and went on"
                if recovered
                else "the grader could not restart it, so the rest of the notebook was not run"
            )
            fail(cell, "GraderKernelLost", f"The kernel {what} while this cell ran; {after}.")
            if not recovered:
                self._kamlab_lost = f"the kernel was lost in an earlier cell (cell {cell_index + 1})."
            return cell

    async def _recover(self, upto: int) -> bool:
        """Restart the kernel and re-run the code cells above ``upto``, except those stopped by a timeout.

        The cells keep the outputs of their first run."""
        self._kamlab_restarts += 1
        if self._kamlab_restarts > self.max_restarts:
            return False
        try:
            await self.km.restart_kernel(now=True)
            await self.kc.wait_for_ready(timeout=self.startup_timeout)
            for index, cell in enumerate(self.nb.cells[:upto]):
                if cell.cell_type == "code" and cell.source.strip() and id(cell) not in self._kamlab_stopped:
                    self._kamlab_sizes[index] = [0, 0, 0]
                    await super().async_execute_cell(copy.deepcopy(cell), index, store_history=False)
        except (CellTimeoutError, DeadKernelError, RuntimeError) as err:
            self.log.error("Could not recover the kernel: %s", err)
            return False
        return True

    # nbclient binds its synchronous entry points to its own coroutines: bind them to ours.
    start_new_kernel = run_sync(async_start_new_kernel)
    start_new_kernel_client = run_sync(async_start_new_kernel_client)
    execute_cell = run_sync(async_execute_cell)


class VerifyHiddenTests(NbGraderPreprocessor):
    """Run each hidden test again in the grader's process, against the answer keys, on the reported values.

    Afterwards the line :class:`AddHiddenReports` appended is taken out of the cell again, so the
    feedback shows the course's test, not the grader's plumbing.
    """

    keys_folder = Unicode(
        "", help="The course's answer keys (course/keys), which the graded kernels may not read."
    ).tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        if not self.keys_folder:
            return super().preprocess(nb, resources)
        with keys.using(self.keys_folder):
            return super().preprocess(nb, resources)

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        code = hidden_code(cell.source) if _is_test(cell) else ""
        if not code:
            return cell, resources
        cell.source = cell.source.split(REPORT_MARK)[0].rstrip("\n")
        gid = cell.metadata.nbgrader["grade_id"]
        lines: list[str] = []
        kept = []
        for out in cell.outputs:
            if out.output_type == "execute_result":
                continue  # a test never shows a value; one here would be read by nbgrader as a partial score
            if out.output_type == "stream":
                text = "".join(out.text) if isinstance(out.text, list) else out.text
                mine = [ln for ln in text.splitlines() if ln.startswith(gradereport.PREFIX)]
                lines += mine
                rest = "".join(
                    ln for ln in text.splitlines(keepends=True) if not ln.startswith(gradereport.PREFIX)
                )
                if not rest:
                    continue
                out.text = rest
            kept.append(out)
        cell.outputs = kept
        if any(out.output_type == "error" for out in cell.outputs):
            return cell, resources  # already failed: nbgrader scores it 0
        self.verify(cell, gid, code, lines)
        return cell, resources

    def verify(self, cell: NotebookNode, gid: str, code: str, lines: list[str]) -> None:
        try:
            values = gradereport.parse(lines, gid)
            needed = free_names(code)
            missing = [n for n in needed if n not in values]
            if missing:
                raise gradereport.ReportError(f"the test of '{gid}' did not report {', '.join(missing)}")
            # only the names the test reads: a report cannot replace the helpers or builtins
            namespace = {n: values[n] for n in needed}
            exec(compile(code, f"<hidden test of {gid}>", "exec"), namespace)
        except gradereport.ReportError as err:
            fail(cell, "GraderCheckFailed", f"Not accepted: {err}.")
        except AssertionError as err:
            fail(
                cell,
                "GraderCheckFailed",
                "Not accepted: the tests passed inside the notebook, but checked again by the grader the "
                f"answer is wrong ({err}). Something in the notebook changed how the tests behave, for "
                "example a redefined name or a patched library.",
            )
        except Exception as err:  # any failure to check a reported value fails the cell, with its reason
            fail(
                cell,
                "GraderCheckFailed",
                "Not accepted: the grader could not check the reported values "
                f"({type(err).__name__}: {err}).",
            )


def _refusals(cell: NotebookNode) -> list[str]:
    """What :mod:`kamlab.grader.guard` refused while ``cell`` ran (one line per refusal on stderr)."""
    found = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream" and out.name == "stderr":
            text = "".join(out.text) if isinstance(out.text, list) else out.text
            found += [ln[len(REFUSAL) :].strip() for ln in text.splitlines() if ln.startswith(REFUSAL)]
    return found


def _titles(resources: ResourcesDict) -> dict[str, str]:
    """Exercise titles by grade id, from the self-check data beside the graded notebook (if it is there)."""
    folder = resources.get("metadata", {}).get("path") or ""
    try:
        data = json.loads(Path(folder, CHECKS_FILE).read_text())
        return {gid: str(ex.get("title", gid)) for gid, ex in data.get("exercises", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


class ExplainGrades(NbGraderPreprocessor):
    """Put the grader's notes in the gradebook (answer cells' comments) and in the feedback."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        meta = resources["nbgrader"]
        titles = _titles(resources)
        answer, notes = None, {}
        for cell in nb.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if _is_test(cell) and gid in titles:
                cell.metadata["kamlab"] = {"title": f"{titles[gid]} ({gid})"}
            if utils.is_solution(cell):
                answer = cell.metadata.nbgrader["grade_id"]
            refused = sorted(set(_refusals(cell)))
            if refused:
                add_note(cell, "The grader refused what this cell tried to do: " + "; ".join(refused) + ".")
            cell_notes = cell.metadata.get(NOTES, [])
            if cell_notes:
                note = "Note from the grader: " + " ".join(cell_notes)
                cell.outputs = [
                    NotebookNode(output_type="stream", name="stdout", text=textwrap.fill(note, 100) + "\n"),
                    *cell.outputs,
                ]
                if answer is not None:
                    notes.setdefault(answer, []).append(note)
        if notes:
            with Gradebook(meta["db_url"]) as gb:
                for answer, texts in notes.items():
                    comment = gb.find_comment(answer, meta["notebook"], meta["assignment"], meta["student"])
                    comment.auto_comment = "\n".join(texts)
                gb.db.commit()
        return nb, resources


#: ``c.Autograde.sanitize_preprocessors`` for the course.
SANITIZE = [ClearOutput, DeduplicateIds, OverwriteKernelspec, GuardedOverwriteCells, CheckCellMetadata]
#: ``c.Autograde.autograde_preprocessors`` for the course.
AUTOGRADE = [
    AddHiddenReports,
    GuardedExecute,
    VerifyHiddenTests,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
    ExplainGrades,
]
