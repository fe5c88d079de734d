"""Parallel cohort grading: every collected submission of some assignments, autograded by several workers.

    python -m kamlab grade step4_key_accounts [MORE ...] [--workers N] [--force] [--timeout S]
    make grade STEP=step4_key_accounts

**What it runs.** Each worker is a long-lived process that imports nbgrader and the course's
configuration once (``course/nbgrader_config.py``, loaded exactly as ``nbgrader autograde``
loads it), then grades one submission after another with nbgrader's own ``Autograde`` converter,
the code path of ``nbgrader autograde ASSIGNMENT --student ID --create --force`` (and of the
formgrader's *Autograde* button). Starting nbgrader costs about as much CPU as grading a Step 4
notebook, so a process per submission would lose most of what a second core gains.

**Why the gradebook stays safe.** nbgrader's gradebook is SQLite through SQLAlchemy. Two
processes writing it at once can fail with "database is locked": SQLite's busy timeout does not
help when one connection holds a read lock and asks to write while another waits to commit
(SQLite returns SQLITE_BUSY at once to avoid a deadlock), and nbgrader treats any
``OperationalError`` as fatal for the whole run (nbgrader #174 asks for parallel autograding;
the workaround there is one gradebook per process, merged afterwards). Here, every worker wraps
``nbgrader.api.Gradebook`` so that each gradebook session, from opening to ``close()``, holds an
exclusive ``flock`` on one lock file: at most one process talks to the database at any moment,
and every session is nbgrader's own, unchanged. The sessions are short (creating the student and
submission, reading the source cells, saving the scores and comments); kernels run outside them,
in parallel. A worker that dies releases its lock with it, and SQLite's journal rolls back what
it had not committed. Only the parent process writes the batch's own state (the manifest).

**Resuming.** After each submission the parent records, in
``autograded/.kamlab-grade/<assignment>.json``, a fingerprint of the submitted files and of the
grading inputs (the source notebooks, the answer key and ``nbgrader_config.py``). A submission is
skipped when its fingerprint is unchanged, it was graded, its autograded notebooks exist and the
gradebook holds its submission; ``--force`` grades everything again.

**One bad submission never stops the batch.** nbgrader reports a failure for that submission
only; a worker that dies or runs past ``--timeout`` is killed (with its kernels) and replaced.
A failed submission is tried once more at the end (a kernel can fail to start when two kernels
race for a port), then reported with its reason; the command exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import glob
import hashlib
import json
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import IO, Any

from kamlab.grader.course import COURSE

#: The batch's own folder inside ``autograded/`` (a dot folder: nbgrader's globs never match it).
STATE = ".kamlab-grade"
IGNORED = {".ipynb_checkpoints", "__pycache__"}


# ------------------------------------------------------------------------------------ gradebook lock


class GradebookLock:
    """An exclusive lock across processes (``flock`` on a file), re-entrant within one process.

    >>> import tempfile, os
    >>> lock = GradebookLock(os.path.join(tempfile.mkdtemp(), "gradebook.lock"))
    >>> with lock:
    ...     with lock:  # a nested gradebook session in the same process
    ...         lock.depth
    2
    >>> lock.depth
    0
    """

    def __init__(self, path: str | os.PathLike[str], timeout: float | None = None) -> None:
        self.path = str(path)
        self.timeout = timeout
        self.depth = 0
        self.held = 0.0  # seconds this process has held the lock, in all
        self.waited = 0.0  # seconds it waited for it
        self._since = 0.0
        self._fd: int | None = None
        self._mutex = threading.RLock()

    def acquire(self) -> None:
        self._mutex.acquire()
        try:
            if self.depth == 0:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                asked = time.monotonic()
                try:
                    self._lock(fd)
                except BaseException:
                    os.close(fd)
                    raise
                self._since = time.monotonic()
                self.waited += self._since - asked
                self._fd = fd
            self.depth += 1
        except BaseException:
            self._mutex.release()
            raise

    def _lock(self, fd: int) -> None:
        if self.timeout is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
            return
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"the gradebook lock {self.path} was held for more than {self.timeout:g} s"
                    ) from None
                time.sleep(0.05)

    def release(self) -> None:
        if self.depth <= 0:
            raise RuntimeError("release() of a lock that is not held")
        self.depth -= 1
        if self.depth == 0 and self._fd is not None:
            self.held += time.monotonic() - self._since
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._mutex.release()

    def __enter__(self) -> GradebookLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def serialise_gradebook(lock: GradebookLock) -> None:
    """Make every ``nbgrader.api.Gradebook`` session of this process hold ``lock`` until ``close()``.

    nbgrader opens a gradebook with ``Gradebook(url)`` (usually ``with Gradebook(url) as gb``) and
    ``close()`` ends the session, so the lock covers each session whole, its reads included.
    """
    from nbgrader import api

    gradebook = api.Gradebook
    if getattr(gradebook, "_kamlab_lock", None) is not None:
        gradebook._kamlab_lock = lock
        return
    gradebook._kamlab_lock = lock
    original_init, original_close = gradebook.__init__, gradebook.close

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        held = gradebook._kamlab_lock
        held.acquire()
        self._kamlab_held = held
        try:
            original_init(self, *args, **kwargs)
        except BaseException:
            self._kamlab_held = None
            held.release()
            raise

    def close(self: Any) -> None:
        try:
            original_close(self)
        finally:
            held = getattr(self, "_kamlab_held", None)
            if held is not None:
                self._kamlab_held = None
                held.release()

    gradebook.__init__ = __init__
    gradebook.close = close


# ------------------------------------------------------------------------------------- memory (/proc)


def _status_kib(pid: int, field_name: str) -> int:
    """A ``VmRSS``/``VmHWM`` line of ``/proc/<pid>/status``, in KiB (0 if the process is gone)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (its kernels, for a worker)."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return found


def descendants(pid: int) -> list[int]:
    out, todo = [], children(pid)
    while todo:
        child = todo.pop()
        out.append(child)
        todo += children(child)
    return out


def tree_rss_mib(pid: int) -> tuple[float, float]:
    """Resident memory now of ``pid`` alone and of ``pid`` with its descendants, in MiB."""
    own = _status_kib(pid, "VmRSS")
    total = own + sum(_status_kib(c, "VmRSS") for c in descendants(pid))
    return own / 1024, total / 1024


class MemorySampler:
    """Peak resident memory of a process tree, sampled every ``interval`` seconds in a thread.

    ``peak_own`` is the process itself (exact: its ``VmHWM`` high-water mark, read while it runs);
    ``peak_tree`` adds its descendants (kernels), sampled, so a short spike between samples can be
    missed.
    """

    def __init__(self, pid: int | None = None, interval: float = 0.2) -> None:
        self.pid = pid or os.getpid()
        self.interval = interval
        self.peak_own = 0.0
        self.peak_tree = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        own, tree = tree_rss_mib(self.pid)
        hwm = _status_kib(self.pid, "VmHWM") / 1024
        self.peak_own = max(self.peak_own, own, hwm)
        self.peak_tree = max(self.peak_tree, tree, self.peak_own)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def start(self) -> MemorySampler:
        self.sample()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


# ------------------------------------------------------------------------------------------ the work


@dataclass(frozen=True)
class Task:
    """One submission: a student's folder ``submitted/<student>/<assignment>/``."""

    assignment: str
    student: str


@dataclass
class Outcome:
    """What happened to one submission. ``status`` is ``graded``, ``failed`` or ``skipped``."""

    assignment: str
    student: str
    status: str
    score: float | None = None
    max_score: float | None = None
    seconds: float = 0.0
    error: str = ""
    attempts: int = 0
    worker_peak_mib: float = 0.0
    worker_tree_peak_mib: float = 0.0
    lock_held: float = 0.0  # seconds its worker held the gradebook lock while grading it
    lock_waited: float = 0.0  # seconds it waited for the lock

    @property
    def task(self) -> Task:
        return Task(self.assignment, self.student)


@dataclass
class BatchResult:
    """Every submission's outcome, with the batch's time and the workers' peak memory."""

    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 0
    #: worker index -> (peak RSS of the grader process, peak RSS of the grader and its kernel), MiB
    worker_peaks: dict[int, tuple[float, float]] = field(default_factory=dict)

    def by_status(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def graded(self) -> list[Outcome]:
        return self.by_status("graded")

    @property
    def failed(self) -> list[Outcome]:
        return self.by_status("failed")

    @property
    def skipped(self) -> list[Outcome]:
        return self.by_status("skipped")


def collected(course: Path, assignment: str) -> list[str]:
    """The students with a collected submission of ``assignment`` (``submitted/<student>/<assignment>/``)."""
    root = Path(course) / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if not p.name.startswith(".") and (p / assignment).is_dir())


def _hash_files(digest: Any, folder: Path) -> None:
    if not folder.exists():
        digest.update(b"<missing>")
        return
    files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        rel = path.relative_to(folder) if folder.is_dir() else Path(path.name)
        if IGNORED & set(rel.parts):
            continue
        digest.update(str(rel).encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def grading_inputs(course: Path, assignment: str) -> str:
    """A fingerprint of what grading depends on besides the submission: source, key, configuration."""
    digest = hashlib.sha256()
    for path in (
        Path(course) / "source" / assignment,
        Path(course) / "keys" / f"{assignment}.json",
        Path(course) / "nbgrader_config.py",
    ):
        _hash_files(digest, path)
    return digest.hexdigest()


def fingerprint(course: Path, task: Task, inputs: str) -> str:
    """A fingerprint of one submission's files, and of the grading inputs."""
    digest = hashlib.sha256(inputs.encode())
    _hash_files(digest, Path(course) / "submitted" / task.student / task.assignment)
    return digest.hexdigest()


def source_notebooks(course: Path, assignment: str) -> list[str]:
    return sorted(p.stem for p in (Path(course) / "source" / assignment).glob("*.ipynb"))


class Manifest:
    """What the batch graded, per assignment: ``autograded/.kamlab-grade/<assignment>.json``.

    Written by the parent process only, atomically, after every submission.
    """

    def __init__(self, course: Path, assignment: str) -> None:
        self.path = Path(course) / "autograded" / STATE / f"{assignment}.json"
        try:
            self.entries: dict[str, dict[str, Any]] = json.loads(self.path.read_text())["students"]
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def record(self, outcome: Outcome, fingerprint_: str) -> None:
        entry = asdict(outcome)
        entry["fingerprint"] = fingerprint_
        for key in ("assignment", "student"):
            entry.pop(key)
        self.entries[outcome.student] = entry
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps({"students": self.entries}, indent=1, sort_keys=True))
        tmp.replace(self.path)


def _graded_in_gradebook(course: Path, assignment: str, lock: GradebookLock) -> dict[str, float]:
    """Student -> total score of every submission of ``assignment`` the gradebook holds."""
    from nbgrader.api import Gradebook, MissingEntry

    db = Path(course) / "gradebook.db"
    if not db.exists():
        return {}
    with lock, Gradebook(f"sqlite:///{db}") as gb:
        try:
            return {s.student_id: float(s.score) for s in gb.assignment_submissions(assignment)}
        except MissingEntry:
            return {}


def _check_assignment(course: Path, assignment: str, lock: GradebookLock) -> str | None:
    """Why ``assignment`` cannot be graded (not in the gradebook: never generated), or None."""
    from nbgrader.api import Gradebook, MissingEntry

    if not (Path(course) / "source" / assignment).is_dir():
        return f"there is no assignment {assignment!r} in {Path(course) / 'source'}"
    with lock, Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            return (
                f"{assignment!r} is not in the gradebook yet: run "
                f"`nbgrader generate_assignment {assignment}` first (it records the assignment's cells)"
            )
    return None


# ----------------------------------------------------------------------------------------- the worker


def _failure_reason(log: str, error: str) -> str:
    """One line that says why nbgrader failed: the last exception line of its log or traceback."""
    for text in (log, error):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        for line in reversed(lines):
            core = line.removeprefix("[ERROR]").strip()
            head = core.split(":", 1)[0]
            if head.endswith(("Error", "Exception")) and " " not in head and "NbGraderException" not in head:
                return core[:300]
    for line in log.splitlines():
        if line.startswith("[ERROR]") and "There was an error processing" not in line:
            return line.removeprefix("[ERROR]").strip()[:300]
    return "nbgrader failed (see the worker log)"


def _worker(conn: Connection, course: str, lock_path: str, log_path: str) -> None:
    """A worker process: load the course's nbgrader configuration once, then grade what it is sent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops the workers
    log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)  # nbgrader's log and anything a library prints: the worker's log file
    os.dup2(log, 2)
    bin_dir = os.path.dirname(sys.executable)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")  # nbgrader shells out to alembic
    os.environ["PYTHONWARNINGS"] = ""
    os.chdir(course)

    from nbgrader.api import Gradebook
    from nbgrader.apps.autogradeapp import AutogradeApp
    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log, temp_attrs

    lock = GradebookLock(lock_path)
    serialise_gradebook(lock)
    app = AutogradeApp()
    app.initialize(["--create", "--force"])  # the configuration `nbgrader autograde` would load here
    memory = MemorySampler(interval=0.5).start()
    conn.send({"ready": os.getpid()})
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        assignment, student = message
        start, held, waited = time.monotonic(), lock.held, lock.waited
        with temp_attrs(app.coursedir, assignment_id=assignment, student_id=glob.escape(student)):
            converter = Autograde(coursedir=app.coursedir, parent=app)
            converter.force = True
            converter.create_student = True
            result = capture_log(converter)
        memory.sample()
        reply = {
            "success": bool(result.get("success")),
            "seconds": time.monotonic() - start,
            "peak": memory.peak_own,
            "tree_peak": memory.peak_tree,
        }
        if reply["success"]:
            with Gradebook(app.coursedir.db_url) as gb:
                reply["score"] = float(gb.find_submission(assignment, student).score)
        else:
            reply["error"] = _failure_reason(result.get("log", ""), result.get("error", ""))
        reply["lock_held"], reply["lock_waited"] = lock.held - held, lock.waited - waited
        conn.send(reply)


@dataclass
class _Worker:
    index: int
    process: Any
    conn: Connection
    ready: bool = False
    task: Task | None = None
    started: float = 0.0
    attempts: int = 0
    peak: float = 0.0
    tree_peak: float = 0.0


def _kill(worker: _Worker) -> None:
    """Kill a worker and its kernels (they would also exit on their own once their parent is gone)."""
    pid = worker.process.pid
    family = descendants(pid) if pid else []
    with contextlib.suppress(ProcessLookupError, TypeError):
        worker.process.kill()
    for child in family:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(child, signal.SIGKILL)
    worker.process.join(5)
    worker.conn.close()


# --------------------------------------------------------------------------------------- progress bar


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return (
        f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        if seconds >= 3600
        else (f"{seconds // 60}:{seconds % 60:02d}")
    )


class Progress:
    """A plain-text progress bar: redrawn in place on a terminal, one line per submission in a log (CI)."""

    def __init__(self, total: int, stream: IO[str] | None = None, width: int = 24) -> None:
        self.total = total
        self.stream = stream or sys.stdout
        self.width = width
        self.done = 0
        self.failed = 0
        self.start = time.monotonic()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def line(self, last: str = "") -> str:
        share = self.done / self.total if self.total else 1.0
        filled = int(round(share * self.width))
        elapsed = time.monotonic() - self.start
        left = (
            f", ~{_clock(elapsed / self.done * (self.total - self.done))} left"
            if 0 < self.done < self.total
            else ""
        )
        failed = f", {self.failed} failed" if self.failed else ""
        bar = "#" * filled + "." * (self.width - filled)
        count = f"{self.done:>{len(str(self.total))}}/{self.total}"
        text = f"[{bar}] {count} {share:4.0%}{failed} {_clock(elapsed)}{left}"
        return f"{text}  {last}" if last else text

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += outcome.status == "failed"
        what = f"{outcome.student} {outcome.assignment}"
        if outcome.status == "graded":
            last = f"{what}: {outcome.score:g}/{outcome.max_score:g} in {outcome.seconds:.1f} s"
        else:
            last = f"{what}: FAILED ({outcome.error})"
        if self.tty:
            try:
                columns = os.get_terminal_size(self.stream.fileno()).columns
            except (OSError, ValueError):
                columns = 100
            self.stream.write("\r\033[K" + self.line(last)[: columns - 1])
            if outcome.status == "failed":
                self.stream.write("\n")
        else:
            self.stream.write(self.line(last) + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


# ------------------------------------------------------------------------------------------ the batch


def _batch_lock(course: Path) -> Iterator[None]:
    path = Path(course) / "autograded" / STATE / "batch.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise RuntimeError(f"another `kamlab grade` is running on {course}; wait for it to finish") from None
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


batch_lock = contextlib.contextmanager(_batch_lock)


@contextlib.contextmanager
def _tools_on_path() -> Iterator[None]:
    """nbgrader shells out to ``alembic`` when it creates a gradebook: this environment's bin first."""
    bin_dir = os.path.dirname(sys.executable)
    old = os.environ.get("PATH", "")
    if bin_dir in old.split(os.pathsep):
        yield
        return
    os.environ["PATH"] = bin_dir + os.pathsep + old
    try:
        yield
    finally:
        os.environ["PATH"] = old


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def plan(
    course: Path, assignments: Sequence[str], force: bool = False, lock: GradebookLock | None = None
) -> tuple[list[Task], list[Outcome], dict[Task, str]]:
    """The submissions to grade, those to skip (graded and unchanged), and every submission's fingerprint."""
    course = Path(course)
    lock = lock or GradebookLock(course / "autograded" / STATE / "gradebook.lock")
    todo: list[Task] = []
    skipped: list[Outcome] = []
    prints: dict[Task, str] = {}
    for assignment in assignments:
        inputs = grading_inputs(course, assignment)
        manifest = Manifest(course, assignment)
        in_gradebook = _graded_in_gradebook(course, assignment, lock)
        notebooks = source_notebooks(course, assignment)
        for student in collected(course, assignment):
            task = Task(assignment, student)
            prints[task] = fingerprint(course, task, inputs)
            entry = manifest.entries.get(student, {})
            done = (
                not force
                and entry.get("status") == "graded"
                and entry.get("fingerprint") == prints[task]
                and student in in_gradebook
                and all(
                    (course / "autograded" / student / assignment / f"{nb}.ipynb").exists()
                    for nb in notebooks
                )
            )
            if done:
                skipped.append(
                    Outcome(assignment, student, "skipped", entry.get("score"), entry.get("max_score"))
                )
            else:
                todo.append(task)
    return todo, skipped, prints


def _max_scores(course: Path, assignments: Iterable[str], lock: GradebookLock) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with lock, Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gb:
        return {a: float(gb.find_assignment(a).max_score) for a in assignments}


def grade(
    assignments: Sequence[str],
    course: Path = COURSE,
    workers: int | None = None,
    force: bool = False,
    timeout: float = 1200.0,
    retries: int = 1,
    stream: IO[str] | None = None,
    quiet: bool = False,
) -> BatchResult:
    """Autograde every collected submission of ``assignments`` in ``course`` with ``workers`` processes.

    Returns every submission's outcome (graded, failed with its reason, or skipped because it was
    already graded and has not changed). ``timeout`` is the most seconds one submission may take.
    """
    course = Path(course).resolve()
    stream = stream or sys.stdout
    state = course / "autograded" / STATE
    state.mkdir(parents=True, exist_ok=True)
    lock = GradebookLock(state / "gradebook.lock")
    result = BatchResult()
    start = time.monotonic()
    with batch_lock(course), _tools_on_path():
        for assignment in assignments:
            problem = _check_assignment(course, assignment, lock)
            if problem:
                raise ValueError(problem)
        todo, skipped, prints = plan(course, assignments, force, lock)
        result.outcomes += skipped
        maxima = _max_scores(course, assignments, lock)
        manifests = {a: Manifest(course, a) for a in assignments}
        n_workers = max(1, min(workers or default_workers(), len(todo))) if todo else 0
        result.workers = n_workers
        if not quiet:
            stream.write(
                f"Grading {len(todo)} submission(s) of {', '.join(assignments)} with {n_workers} worker(s)"
                + (f"; {len(skipped)} already graded and unchanged, skipped" if skipped else "")
                + ".\n"
            )
            stream.flush()
        progress = Progress(len(todo), stream) if not quiet else None

        def finished(outcome: Outcome) -> None:
            result.outcomes.append(outcome)
            manifests[outcome.assignment].record(outcome, prints[outcome.task])
            if progress:
                progress.update(outcome)

        try:
            _run(course, todo, n_workers, timeout, retries, lock, maxima, finished, result)
        finally:
            if progress:
                progress.close()
    result.seconds = time.monotonic() - start
    return result


def _run(
    course: Path,
    todo: list[Task],
    n_workers: int,
    timeout: float,
    retries: int,
    lock: GradebookLock,
    maxima: dict[str, float],
    finished: Any,
    result: BatchResult,
) -> None:
    """The scheduler: hand submissions to idle workers, collect replies, replace dead or stuck workers."""
    if not todo:
        return
    context = get_context("spawn")
    queue: deque[tuple[Task, int]] = deque((t, 1) for t in todo)
    retry: deque[tuple[Task, int]] = deque()
    pool: list[_Worker] = []
    logs = course / "autograded" / STATE / "logs"
    logs.mkdir(parents=True, exist_ok=True)

    def spawn(index: int) -> _Worker:
        mine, theirs = context.Pipe()
        log = logs / f"worker{index}.log"
        process = context.Process(
            target=_worker, args=(theirs, str(course), lock.path, str(log)), name=f"kamlab-grade-{index}"
        )
        process.start()
        theirs.close()
        return _Worker(index, process, mine)

    def fail(worker: _Worker, reason: str, retryable: bool) -> None:
        task, attempts = worker.task, worker.attempts
        assert task is not None
        worker.task = None
        if retryable and attempts <= retries:
            retry.append((task, attempts + 1))
            return
        seconds = time.monotonic() - worker.started
        finished(
            Outcome(
                task.assignment,
                task.student,
                "failed",
                None,
                maxima.get(task.assignment),
                seconds,
                reason,
                attempts,
            )
        )

    def replace(worker: _Worker) -> _Worker:
        _kill(worker)
        result.worker_peaks[worker.index] = _merge_peak(result.worker_peaks.get(worker.index), worker)
        fresh = spawn(worker.index)
        pool[pool.index(worker)] = fresh
        return fresh

    try:
        pool = [spawn(i) for i in range(n_workers)]
        while True:
            for worker in pool:
                if worker.ready and worker.task is None and (queue or retry):
                    task, attempts = queue.popleft() if queue else retry.popleft()
                    worker.task, worker.attempts, worker.started = task, attempts, time.monotonic()
                    worker.conn.send((task.assignment, task.student))
            if not queue and not retry and not _busy(pool):
                break
            waitables = [w.conn for w in pool] + [w.process.sentinel for w in pool]
            ready = wait(waitables, timeout=1.0)
            now = time.monotonic()
            for worker in list(pool):
                if worker.conn in ready:
                    try:
                        reply = worker.conn.recv()
                    except (EOFError, OSError):
                        reply = None
                    if reply is None:
                        if worker.task is not None:
                            code = worker.process.exitcode
                            fail(worker, f"the grading process died (exit code {code})", retryable=True)
                        replace(worker)
                        continue
                    if "ready" in reply:
                        worker.ready = True
                        continue
                    worker.peak = max(worker.peak, reply["peak"])
                    worker.tree_peak = max(worker.tree_peak, reply["tree_peak"])
                    task, worker.task = worker.task, None
                    assert task is not None
                    if reply["success"]:
                        finished(_graded(task, reply, worker, maxima))
                    else:
                        worker.task = task
                        fail(worker, reply["error"], retryable=True)
                elif worker.process.sentinel in ready and not worker.process.is_alive():
                    if worker.task is not None:
                        fail(worker, f"the grading process died (exit code {worker.process.exitcode})", True)
                    elif not worker.ready:
                        raise RuntimeError(
                            f"a grading worker could not start; see {logs / f'worker{worker.index}.log'}"
                        )
                    replace(worker)
                elif worker.task is not None and now - worker.started > timeout:
                    fail(
                        worker,
                        f"grading took more than {timeout:g} s; the grader stopped it",
                        retryable=False,
                    )
                    replace(worker)
    finally:
        for worker in pool:
            result.worker_peaks[worker.index] = _merge_peak(result.worker_peaks.get(worker.index), worker)
            if worker.process.is_alive() and worker.task is None and worker.ready:
                with contextlib.suppress(OSError, BrokenPipeError):
                    worker.conn.send(None)
                worker.process.join(10)
            if worker.process.is_alive() or worker.process.exitcode is None:
                _kill(worker)


def _busy(pool: list[_Worker]) -> bool:
    return any(w.task is not None for w in pool)


def _merge_peak(old: tuple[float, float] | None, worker: _Worker) -> tuple[float, float]:
    old = old or (0.0, 0.0)
    return max(old[0], worker.peak), max(old[1], worker.tree_peak)


def _graded(task: Task, reply: dict[str, Any], worker: _Worker, maxima: dict[str, float]) -> Outcome:
    return Outcome(
        task.assignment,
        task.student,
        "graded",
        reply["score"],
        maxima.get(task.assignment),
        reply["seconds"],
        "",
        worker.attempts,
        worker.peak,
        worker.tree_peak,
        reply["lock_held"],
        reply["lock_waited"],
    )


# ------------------------------------------------------------------------------------------- command


def summary(result: BatchResult) -> str:
    """The batch in a few lines: counts, time, throughput, peak memory per worker, failures."""
    graded, failed, skipped = result.graded, result.failed, result.skipped
    done = len(graded) + len(failed)
    rate = done / result.seconds * 60 if result.seconds and done else 0.0
    lines = [
        f"{len(graded)} graded, {len(failed)} failed, {len(skipped)} skipped (already graded) in "
        f"{_clock(result.seconds)} with {result.workers} worker(s)"
        + (f": {rate:.1f} submissions per minute." if done else ".")
    ]
    if graded:
        held = sum(o.lock_held for o in graded) / len(graded)
        waited = sum(o.lock_waited for o in graded) / len(graded)
        per = sum(o.seconds for o in graded) / len(graded)
        lines.append(
            f"Per submission: {per:.1f} s of grading, of which {held:.2f} s holding the gradebook lock and "
            f"{waited:.2f} s waiting for it."
        )
    peaks = {i: p for i, p in sorted(result.worker_peaks.items()) if p[0]}
    if peaks:
        each = ", ".join(f"#{i} {own:.0f}/{tree:.0f}" for i, (own, tree) in peaks.items())
        lines.append(f"Peak memory per worker, grader process / with its kernel (MiB): {each}.")
    for outcome in failed:
        lines.append(f"FAILED {outcome.student} {outcome.assignment}: {outcome.error}")
    if failed:
        lines.append("Fix or remove these submissions and run the command again: graded ones are skipped.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kamlab grade",
        description="Autograde every collected submission (course/submitted/<student>/<assignment>/) with "
        "several workers. Graded, unchanged submissions are skipped: run it again to resume.",
    )
    parser.add_argument("assignments", nargs="+", metavar="ASSIGNMENT", help="e.g. step4_key_accounts")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: the cores)")
    parser.add_argument("--force", action="store_true", help="grade every submission again")
    parser.add_argument("--timeout", type=float, default=1200.0, help="seconds one submission may take")
    parser.add_argument("--course", type=Path, default=COURSE, help="the course folder (default: course/)")
    args = parser.parse_args(argv)
    try:
        result = grade(args.assignments, args.course, args.workers, args.force, args.timeout)
    except (ValueError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted: what was graded is kept; run the same command to resume.", file=sys.stderr)
        return 130
    print(summary(result))
    return 1 if result.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
