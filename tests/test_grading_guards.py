"""Unit tests of the grader's guards: grade reports, hidden-test helpers and the kernel guard.

The end-to-end proof, through ``nbgrader autograde``, is in ``test_adversarial.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
from nbformat.notebooknode import NotebookNode

from kamlab.grader import autograde, gradereport

# --- grade reports -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        pd.Series([0.25, 1.5], index=["C1", "C2"], name="score"),
        pd.Series(["key", "maintenance"], index=["C1", "C2"]),
        pd.Series([3, 4], index=[2024, 2025]),
        ["C1", "C3"],
        {"C1", "C3"},
        ("a", 1),
        {"fcfs": 1.5, "priority": 2.0},
        pd.Index(["C1", "C2"]),
        np.array([1.0, 2.5]),
        np.float64(0.5),
        float("nan"),
        "pro rata",
        None,
        pd.DataFrame({"x": [1.0, 2.0], "y": ["a", "b"]}, index=["C1", "C2"]),
    ],
    ids=lambda v: type(v).__name__,
)
def test_reported_values_come_back_equal(value):
    back = gradereport.parse([gradereport.dumps("cell", {"_v": value})], "cell")["_v"]
    if isinstance(value, pd.Series):
        pd.testing.assert_series_equal(back, value, check_dtype=False, check_index_type=False)
    elif isinstance(value, pd.DataFrame):
        pd.testing.assert_frame_equal(back, value, check_dtype=False)
    elif isinstance(value, pd.Index):
        assert list(back) == list(value)
    elif isinstance(value, np.ndarray):
        np.testing.assert_array_equal(back, value)
    elif isinstance(value, float) and np.isnan(value):
        assert np.isnan(back)
    else:
        assert back == value
        assert type(back) is type(value.item() if isinstance(value, np.generic) else value)


def test_report_is_one_line_and_only_data():
    line = gradereport.dumps("cell", {"_v": pd.Series([1.0], index=["C1"])})
    assert "\n" not in line
    assert line.startswith("KAMLAB-GRADE cell {")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([], "did not report the values it checked"),
        (["KAMLAB-GRADE other {}"], "did not report the values it checked"),
        (["KAMLAB-GRADE cell {}", "KAMLAB-GRADE cell {}"], "reported its values 2 times"),
        (["KAMLAB-GRADE cell {not json"], "is not valid JSON"),
        (["KAMLAB-GRADE cell [1, 2]"], "is not a set of named values"),
        (['KAMLAB-GRADE cell {"_v": {"series": [1], "index": [], "name": null}}'], "more values than labels"),
        (['KAMLAB-GRADE cell {"_v": {"__reduce__": "os.system"}}'], "unknown value in the report"),
    ],
)
def test_bad_reports_are_refused_with_a_reason(lines, message):
    with pytest.raises(gradereport.ReportError, match=message):
        gradereport.parse(lines, "cell")


def test_deeply_nested_values_are_refused():
    nested: list = []
    for _ in range(10):
        nested = [nested]
    with pytest.raises(gradereport.ReportError, match="nested more than"):
        gradereport.dumps("cell", {"_v": nested})


# --- hidden-test helpers ----------------------------------------------------------------------------

TEST_CELL = (
    "selfcheck.check('cell', x, labels)\n"
    "### BEGIN HIDDEN TESTS\n"
    "from kamlab.grader.keys import grade as _kam_grade\n"
    "\n"
    "assert _kam_grade('cell', x, labels)\n"
    "### END HIDDEN TESTS\n"
)


def test_hidden_code_and_the_names_it_reads():
    code = autograde.hidden_code(TEST_CELL)
    assert code.startswith("from kamlab.grader.keys import grade as _kam_grade")
    assert "BEGIN" not in code
    assert autograde.free_names(code) == ["labels", "x"]


def test_released_source_ignores_hidden_tests_and_blank_lines():
    released = "selfcheck.check('cell', x, labels)\n\n"
    assert autograde.released_source(TEST_CELL) == autograde.released_source(released)
    assert autograde.released_source("pass\n") != autograde.released_source(TEST_CELL)


def test_report_call_prints_a_report_the_grader_can_read(capsys):
    namespace = {"x": pd.Series([2.0], index=["C1"]), "labels": pd.Series(["key"], index=["C1"])}
    exec(autograde.report_call("cell", ["x", "labels"]), namespace)
    values = gradereport.parse(capsys.readouterr().out.splitlines(), "cell")
    assert values["labels"].to_dict() == {"C1": "key"}


def _test_cell(outputs: list[dict]) -> NotebookNode:
    return NotebookNode(
        cell_type="code",
        source=TEST_CELL,
        metadata=NotebookNode(nbgrader=NotebookNode(grade=True, solution=False, grade_id="cell", points=1)),
        outputs=[NotebookNode(o) for o in outputs],
    )


@pytest.fixture
def verifier(tmp_path) -> autograde.VerifyHiddenTests:
    """The grader's second check, with an answer key for the exercise 'cell' (x = 2 and labels = key)."""
    parts = [
        {
            "name": "x",
            "kind": "values",
            "what": "customer",
            "rows": ["C1"],
            "step": 1.0,
            "key": {"C1": 2.0},
            "tol": 0.5,
        },
        {
            "name": "labels",
            "kind": "labels",
            "what": "customer",
            "rows": ["C1"],
            "key": {"C1": "key"},
            "tol": 0,
        },
    ]
    (tmp_path / "a.json").write_text(json.dumps({"exercises": {"cell": {"parts": parts}}}))
    return autograde.VerifyHiddenTests(keys_folder=str(tmp_path))


def _check(verifier: autograde.VerifyHiddenTests, cell: NotebookNode) -> NotebookNode:
    from kamlab.grader import keys

    with keys.using(verifier.keys_folder):
        return verifier.preprocess_cell(cell, {}, 0)[0]


def _stdout(text: str) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": text}


GOOD = {"x": pd.Series([2.0], index=["C1"]), "labels": pd.Series(["key"], index=["C1"])}


def test_grader_accepts_right_values_and_hides_the_report(verifier):
    good = gradereport.dumps("cell", GOOD)
    cell = _check(verifier, _test_cell([_stdout(f"Self-check passed\n{good}\n")]))
    assert [o["output_type"] for o in cell.outputs] == ["stream"]
    assert cell.outputs[0]["text"] == "Self-check passed\n"


@pytest.mark.parametrize(
    ("report", "message"),
    [
        (
            lambda: gradereport.dumps("cell", {**GOOD, "x": pd.Series([3.0], index=["C1"])}),
            "x differs from the answer key for 1 of 1 customers",
        ),
        (lambda: gradereport.dumps("cell", {"x": GOOD["x"]}), "did not report labels"),
        (lambda: "", "did not report the values it checked"),
    ],
)
def test_grader_fails_wrong_or_missing_values_with_a_reason(verifier, report, message):
    cell = _check(verifier, _test_cell([_stdout(report() + "\n")]))
    first = cell.outputs[0]
    assert first["output_type"] == "error" and first["ename"] == "GraderCheckFailed"
    assert message in first["evalue"]
    assert message in " ".join(cell.metadata[autograde.NOTES])


def test_a_value_shown_by_a_test_cell_is_dropped(verifier):
    """nbgrader reads a number shown by a test cell as a partial score: a test never shows one."""
    good = gradereport.dumps("cell", GOOD)
    shown = {
        "output_type": "execute_result",
        "data": {"text/plain": "2.0"},
        "metadata": {},
        "execution_count": 1,
    }
    cell = _check(verifier, _test_cell([_stdout(good + "\n"), shown]))
    assert not [o for o in cell.outputs if o["output_type"] == "execute_result"]


def test_a_failed_test_is_left_as_it_failed(verifier):
    error = {
        "output_type": "error",
        "ename": "SelfCheckError",
        "evalue": "x looks like revenue",
        "traceback": [],
    }
    cell = _check(verifier, _test_cell([error]))
    assert [o["ename"] for o in cell.outputs] == ["SelfCheckError"]


# --- the kernel guard (in a child process: an audit hook cannot be removed) --------------------------


def test_guard_allows_the_submission_folder_and_refuses_the_rest(tmp_path):
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    (course / "source" / "solution.txt").write_text("secret")
    sub = course / "autograded" / "student"
    sub.mkdir(parents=True)
    script = textwrap.dedent(
        """
        import json, os, pathlib, subprocess, sys
        from kamlab.grader import guard
        guard.install([sys.argv[1]])
        results = {}
        def attempt(name, action):
            try:
                action()
                results[name] = "allowed"
            except PermissionError as err:
                results[name] = str(err)
        attempt("write here", lambda: pathlib.Path("answer.txt").write_text("mine"))
        attempt("read here", lambda: pathlib.Path("answer.txt").read_text())
        attempt("read the data", lambda: __import__("kamlab").datasets.load("customers"))
        attempt("read the solution", lambda: open("../../source/solution.txt").read())
        attempt("read it via /proc", lambda: open("/proc/self/cwd/../../source/solution.txt").read())
        attempt("list the course", lambda: os.listdir("../.."))
        attempt("write the course", lambda: open("../../gradebook.db", "a"))
        attempt("write /tmp", lambda: open("/tmp/kamlab-guard-test", "w"))
        attempt("remove", lambda: os.remove("../../source/solution.txt"))
        attempt("run a program", lambda: subprocess.run(["true"]))
        attempt("kill", lambda: os.kill(os.getppid(), 0))
        attempt("symlink", lambda: os.symlink("../../source", "link"))
        os.path.realpath = lambda p: p  # patching after install changes nothing
        attempt("patched read", lambda: open("../../source/solution.txt").read())
        course = os.path.abspath("../..").lstrip("/")
        attempt("folder handle", lambda: os.open(course + "/source/solution.txt", os.O_RDONLY,
                                                 dir_fd=os.open("/", os.O_RDONLY)))
        class Sneaky(str):
            def split(self, *a):
                return ["answer.txt"]
        attempt("str subclass", lambda: open(Sneaky("../../source/solution.txt")).read())
        class Flip:
            calls = 0
            def __fspath__(self):
                Flip.calls += 1
                return "answer.txt" if Flip.calls == 1 else "../../source/solution.txt"
        # open() converts a path object once, before its audit event: the guard checks what is opened
        attempt("path object", lambda: None if open(Flip()).read() == "mine" else 1 / 0)
        attempt("sqlite", lambda: __import__("sqlite3").connect(":memory:"))
        attempt("replace code", lambda: setattr(attempt, "__code__", (lambda *a: 0).__code__))
        import importlib.machinery, importlib.util, _posixsubprocess
        loader = importlib.machinery.ExtensionFileLoader("x._posixsubprocess", _posixsubprocess.__file__)
        attempt("reload native", lambda: importlib.util.module_from_spec(
            importlib.util.spec_from_loader("x._posixsubprocess", loader)))
        sys.audit = lambda *a: None
        attempt("programs without audit", lambda: subprocess.run(["true"]))
        attempt("pathlib here", lambda: pathlib.Path("answer.txt").read_text())
        attempt("another process", lambda: open(f"/proc/{os.getppid()}/environ").read())
        import ctypes, socket
        attempt("ctypes library", lambda: ctypes.CDLL("libc.so.6"))
        attempt("unix socket", lambda: socket.socket(socket.AF_UNIX).bind(
            os.path.abspath("../../gradebook.db-journal")))
        import math
        pathlib.Path("payload.bin").write_bytes(pathlib.Path(math.__file__).read_bytes())
        native = importlib.machinery.ExtensionFileLoader("payload", os.path.abspath("payload.bin"))
        attempt("native from here", lambda: native.create_module(
            importlib.util.spec_from_loader("payload", native)))
        print(json.dumps(results))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, str(course)], cwd=sub, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout.splitlines()[-1])
    allowed = {name for name, outcome in results.items() if outcome == "allowed"}
    assert allowed == {"write here", "read here", "read the data", "pathlib here", "path object"}
    assert "climb out" in results["str subclass"]
    assert "opening the folder /" in results["folder handle"]
    assert "sqlite3.connect" in results["sqlite"] and "__code__" in results["replace code"]
    assert "_posixsubprocess" in results["reload native"]
    assert "starting programs" in results["programs without audit"]
    assert "ctypes.dlopen" in results["ctypes library"]
    assert "loading native code" in results["native from here"]
    assert "/proc/" in results["another process"] and "binding sockets" in results["unix socket"]
    assert "solution.txt" in results["read it via /proc"]
    assert "only in the submission folder" in results["write /tmp"]
    assert "subprocess.Popen" in results["run a program"]
    assert proc.stderr.count("[KAM Lab grader] refused:") == len(results) - len(allowed)


# --- the notebook time budget (a real kernel, no nbgrader) -----------------------------------------------


def test_cells_after_the_notebook_time_budget_are_not_run(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import time; time.sleep(2)") for _ in range(3)]
    )
    nb.cells.append(nbformat.v4.new_code_cell("print('last')"))
    # max_load_factor=1: the budget is not stretched for a busy machine here (another test covers the
    # stretch), so the third cell starts after 4 s of a 3 s budget however busy the machine is
    runner = autograde.GuardedExecute(
        timeout=30, max_notebook_seconds=3, max_load_factor=1.0, denied=[str(tmp_path / "course")]
    )
    nb, _ = runner.preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    errors = [[o.get("ename") for o in c.outputs if o.output_type == "error"] for c in nb.cells]
    assert errors[:2] == [[], []]
    assert errors[2:] == [["GraderNotRun"], ["GraderNotRun"]]
    assert "more than 3 s" in nb.cells[3].outputs[0]["evalue"]


def test_guard_caps_memory_and_the_cap_cannot_be_lifted(tmp_path):
    script = textwrap.dedent(
        """
        import resource
        from kamlab.grader import guard
        guard.install([], memory_bytes=3 * 2**30)
        try:
            resource.setrlimit(resource.RLIMIT_AS, (-1, -1))
            print("lifted")
        except PermissionError:
            print("kept")
        try:
            hog = bytearray(4 * 2**30)
            print("allocated")
        except MemoryError:
            print("MemoryError")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert proc.stdout.split() == ["kept", "MemoryError"], proc.stderr


@pytest.mark.parametrize(
    ("loadavg", "factor"),
    [
        ("0.50 0.40 0.30 1/200 1", 1.0),  # an idle machine: the timeout as configured
        ("6.00 3.00 1.00 3/200 1", 3.0),  # two cores, six processes wanting them: three times as long
        ("1.00 1.00 1.00 9/200 1", 4.0),  # a burst just started: the runnable count, not the average
        ("90.0 90.0 90.0 99/200 1", 10.0),  # never more than max_load_factor
    ],
)
def test_timeouts_count_a_fair_share_of_a_busy_machine(tmp_path, monkeypatch, loadavg, factor):
    from kamlab.grader.autograde import GuardedExecute

    monkeypatch.setattr("os.cpu_count", lambda: 2)
    (tmp_path / "loadavg").write_text(loadavg)
    execute = GuardedExecute(loadavg_file=str(tmp_path / "loadavg"), timeout=8)
    assert execute.load_factor() == factor
    assert execute._get_timeout(None) == round(8 * factor)
