"""Submissions that try to fool or break the grader, graded by the real ``nbgrader autograde``.

One batch of Step 4 submissions is autograded with the course's own configuration
(``course/nbgrader_config.py``, which uses :mod:`kamlab.grader.autograde`). Each attack
starts from the solution and changes only what it needs, so the test can tell
which cells it cost. The honest students are graded last in the same batch, to
prove an attack does not reach them. The cell timeout is cut to 8 s to keep the
run short; ``IPYTHONDIR`` points at a private folder in case the guard failed and
a start-up file got written.

What each case proves is in its ``why``; the issue note lists them all. With ``KAMLAB_STRESS=2``
the batch is graded with two CPU-bound processes running beside it, and every case must grade
exactly as on an idle machine.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import json
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kamlab.grader import course as grading

pytestmark = pytest.mark.slow

ASSIGNMENT = NOTEBOOK = "step4_key_accounts"
A, B, C = "director_scores", "board_quadrants", "first_programme"
ANSWER = {A: f"{A}_answer", B: f"{B}_answer", C: f"{C}_answer"}
POINTS = {A: 2.0, B: 2.0, C: 3.0}
TIMEOUT = 8

# Wrong answers of the right shape (catalogued mistakes), so only a fooled test would pass them.
WRONG = {
    A: "director_attractiveness = pf['attractiveness']\n",
    B: "board_quadrants = pf['quadrant']\n",
    C: "first_programme = list(profit['revenue_eur'].nlargest(9).index)\n",
}
# A string that equals everything, and a kamlab.selfcheck whose visible checks all pass.
ALWAYS_EQUAL = (
    "class _Any(str):\n"
    "    __eq__ = lambda self, other: True\n"
    "    __ne__ = lambda self, other: False\n"
    "    __hash__ = str.__hash__\n"
    "    __getitem__ = lambda self, key: self\n"
)
SILENCE_SELFCHECK = ALWAYS_EQUAL + (
    "from kamlab.grader import selfcheck as _s, answers as _a\n"
    "_s.check = lambda *a, **k: print('Self-check passed')\n"
    "_s.verdict = lambda *a, **k: ('passed', 'ok')\n"
    "_a.matches = lambda *a, **k: True\n"
)
ALL_WRONG = {ANSWER[k]: v for k, v in WRONG.items()}
# The shown rows' answers, cracked by trying every candidate against the per-row fingerprints that
# the self-check data beside the notebook holds (what a learner can read).
CRACK = (
    "import json as _json\n"
    "from kamlab.grader import answers as _ans\n"
    "def _crack(_ex, _candidates):\n"
    "    _part = _json.load(open('.kamlab-checks.json'))['exercises'][_ex]['parts'][0]\n"
    "    _kind = 'number' if _part['kind'] == 'values' else 'choice'\n"
    "    _found = {}\n"
    "    for _i, _fps in _part['shown'].items():\n"
    "        for _c in _candidates:\n"
    "            _salt = f'{_ex}:{_part[\"name\"]}:{_i}'\n"
    "            if set(_ans.fingerprints(_kind, _c, _part['step'], _salt)) & set(_fps):\n"
    "                _found[_i] = _c\n"
    "                break\n"
    "    assert len(_found) == len(_part['shown']), 'the attack should crack every shown row'\n"
    "    return _found\n"
)


@dataclass(frozen=True)
class Attack:
    name: str
    why: str
    answers: dict[str, str] = field(default_factory=dict)  # answer cell -> code
    tests: dict[str, str] = field(default_factory=dict)  # test cell -> edited source
    delete: tuple[str, ...] = ()
    flags: dict[str, dict] = field(default_factory=dict)  # test cell -> nbgrader metadata changes
    files: dict[str, str] = field(default_factory=dict)  # extra files submitted beside the notebook
    max_bytes: int = 0  # if set, the autograded notebook must stay below this size
    zero: tuple[str, ...] = (A,)  # test cells that must score 0; the others keep full marks
    note: str = ""  # must appear in the gradebook comment and the feedback


ATTACKS = [
    Attack(
        "edit_pass",
        "a test cell edited to `pass` is put back by nbgrader and the edit is reported",
        answers={ANSWER[A]: WRONG[A]},
        tests={A: "pass\n"},
        note="had been edited in the submission",
    ),
    Attack(
        "edit_assert_true",
        "same for `assert True`",
        answers={ANSWER[A]: WRONG[A]},
        tests={A: "assert True\n"},
        note="had been edited in the submission",
    ),
    Attack(
        "deleted_test",
        "a deleted test cell is put back and run",
        answers={ANSWER[A]: WRONG[A]},
        delete=(A,),
        note="was missing from the submission",
    ),
    Attack(
        "infinite_loop",
        "a runaway cell is stopped by the timeout; later cells are still graded",
        answers={ANSWER[A]: "while True:\n    pass\n"},
        note=f"ran for more than {TIMEOUT} s",
    ),
    Attack(
        "deaf_loop",
        "a loop that ignores the interrupt: the kernel is restarted, cells above re-run, later cells graded",
        answers={
            ANSWER[A]: "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n"
        },
        note="stopped answering",
    ),
    Attack(
        "loop_then_deaf_loop",
        "after a restart the cells above are re-run, except one already stopped by the timeout",
        answers={
            ANSWER[A]: "while True:\n    pass\n",
            ANSWER[B]: "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n",
        },
        zero=(A, B),
        note="re-ran the cells above",
    ),
    Attack(
        "kernel_exit",
        "a cell that kills its kernel: restarted, later cells graded",
        answers={ANSWER[A]: "import os\nos._exit(1)\n"},
        note="The kernel died",
    ),
    Attack(
        "memory_bomb",
        "a cell that tries to lift the memory limit, then allocates 8 GB: a MemoryError, other cells graded",
        answers={
            ANSWER[A]: "import resource\n"
            "try:\n    resource.setrlimit(resource.RLIMIT_AS, (-1, -1))\nexcept PermissionError:\n    pass\n"
            "_hog = bytearray(8 * 2**30)\n"
        },
        note="resource.setrlimit",
    ),
    Attack(
        "early_exception",
        "an exception in the first answer cell costs that exercise only",
        answers={ANSWER[A]: "raise ValueError('my early mistake')\n"},
    ),
    Attack(
        "exception_at_top",
        "an exception in the notebook's first cell: nothing works, nothing scores, the batch goes on",
        answers={"__first_code_cell__": "raise RuntimeError('broken at the top')\n"},
        zero=(A, B, C),
    ),
    Attack(
        "patch_kamlab",
        "kamlab's self-checks replaced so the visible checks pass",
        answers={**ALL_WRONG, ANSWER[A]: WRONG[A] + SILENCE_SELFCHECK},
        zero=(A, B, C),
    ),
    Attack(
        "patch_hashlib",
        "hashlib.sha256 replaced so every fingerprint compares equal (fooled 2 of 3 hidden tests before)",
        answers={
            **ALL_WRONG,
            ANSWER[A]: WRONG[A]
            + SILENCE_SELFCHECK
            + "import hashlib\nclass _H:\n    def __init__(self, *a, **k):\n        pass\n"
            "    def hexdigest(self):\n        return _Any('0' * 64)\nhashlib.sha256 = _H\n"
            "hashlib.pbkdf2_hmac = lambda *a, **k: _Any('0' * 32)\n",
        },
        zero=(A, B, C),
        note="checked again by the grader",
    ),
    Attack(
        "patch_numpy_pandas_builtins",
        "numpy, pandas and builtins patched to make comparisons pass",
        answers={
            **ALL_WRONG,
            ANSWER[A]: WRONG[A]
            + SILENCE_SELFCHECK
            + "import builtins, numpy, pandas\nnumpy.isclose = lambda *a, **k: numpy.True_\n"
            "numpy.allclose = lambda *a, **k: True\npandas.Series.equals = lambda *a, **k: True\n"
            "builtins.all = lambda iterable: True\n",
        },
        zero=(A, B, C),
    ),
    Attack(
        "redefine_names",
        "the hidden tests' check replaced in the kernel, so every hidden test passes there",
        answers={
            **ALL_WRONG,
            ANSWER[A]: WRONG[A]
            + SILENCE_SELFCHECK
            + "import kamlab.grader.keys as _k\n_k.grade = lambda *a, **k: True\n_kam_grade = _k.grade\n",
        },
        zero=(A, B, C),
        note="checked again by the grader",
    ),
    Attack(
        "silence_report",
        "print redefined, so the grade report cannot be printed",
        answers={
            **ALL_WRONG,
            ANSWER[A]: WRONG[A]
            + SILENCE_SELFCHECK
            + "import kamlab.grader.keys as _k\n_k.grade = lambda *a, **k: True\n"
            "import builtins\nbuiltins.print = lambda *a, **k: None\n",
        },
        zero=(A, B, C),
        note="did not report the values it checked",
    ),
    Attack(
        "crack_shown_fingerprints",
        "every value tried against the fingerprints the self-check shows, for both exercises that show rows "
        "(4 labels a row for board_quadrants, a 1e-4 grid for director_scores); the other rows guessed",
        answers={
            ANSWER[A]: SILENCE_SELFCHECK + CRACK + "director_attractiveness = pf['attractiveness'].copy()\n"
            "for _i, _v in _crack('director_scores', [_n / 10_000 for _n in range(10_001)]).items():\n"
            "    director_attractiveness[_i] = _v\n"
            "import kamlab.grader.keys as _k\n_k.grade = lambda *a, **k: True\n",
            ANSWER[B]: "board_quadrants = pf['quadrant'].copy()\n"
            "_labels = ['key', 'key development', 'maintenance', 'opportunistic']\n"
            "for _i, _v in _crack('board_quadrants', _labels).items():\n"
            "    board_quadrants[_i] = _v\n",
        },
        zero=(A, B),
        note="checked again by the grader",
    ),
    Attack(
        "hide_errors",
        "IPython told to show no tracebacks, so failing tests look like passing ones",
        answers={
            **ALL_WRONG,
            ANSWER[A]: WRONG[A] + "get_ipython().showtraceback = lambda *a, **k: None\n",
        },
        zero=(A, B, C),
    ),
    Attack(
        "rewrite_tests",
        "an input transformer that turns every later test cell into `pass` as it runs",
        answers={
            **ALL_WRONG,
            ANSWER[A]: WRONG[A] + "get_ipython().input_transformers_post.append(\n"
            "    lambda lines: ['pass\\n'] if any('selfcheck.' in ln for ln in lines) else lines\n)\n",
        },
        zero=(A, B, C),
        note="did not report the values it checked",
    ),
    Attack(
        "fake_report",
        "a forged grade report printed before the real one",
        answers={
            ANSWER[A]: WRONG[A]
            + "import kamlab.grader.gradereport as _g\n"
            + "_real = _g.report\n"
            + "_g.report = lambda gid, values: (_real(gid, values), _real(gid, values))\n"
        },
        zero=(A, B, C),
        note="reported its values 2 times",
    ),
    Attack(
        "output_flood",
        "200,000 lines and a 20 MB line, then an endless print loop: output capped, other cells graded",
        answers={
            ANSWER[
                A
            ]: "for _i in range(200_000):\n    print('flood', _i)\nprint('y' * 20_000_000)\n<SOLUTION>",
            ANSWER[B]: "while True:\n    print('x' * 10_000)\n",
        },
        zero=(B,),
        note="dropped the rest",
    ),
    Attack(
        "write_outside",
        "writes to the gradebook, the instructor's notebook, an IPython start-up file and via programs",
        answers={
            ANSWER[A]: "import os, pathlib, subprocess, sys, IPython.paths\n"
            "sys.audit = lambda *args: None  # subprocess raises its audit event through sys.audit\n"
            "_startup = pathlib.Path(IPython.paths.get_ipython_dir(), 'profile_default', 'startup')\n"
            "_tries = {\n"
            "    'gradebook': lambda: open('../../../gradebook.db', 'ab').write(b'junk'),\n"
            "    'source': lambda: pathlib.Path('../../../source/step4_key_accounts/"
            "step4_key_accounts.ipynb').write_text('{}'),\n"
            "    'startup': lambda: (_startup / '00-evil.py').write_text('raise SystemExit(1)'),\n"
            "    'subprocess': lambda: subprocess.run(['touch', '../../../evil'], check=True),\n"
            "    'system': lambda: os.system('touch ../../../evil'),\n"
            "    'kill the grader': lambda: os.kill(os.getppid(), 9),\n"
            "    'native code': lambda: open('evil.so', 'wb'),\n"
            "    'cffi': lambda: __import__('cffi'),\n"
            "    'sqlite attach': lambda: __import__('sqlite3').connect(':memory:').execute(\n"
            "        \"ATTACH DATABASE '../../../gradebook.db' AS g\"),\n"
            "    'folder handle': lambda: os.open(os.path.abspath('../../..').lstrip('/') + '/evil', "
            "os.O_WRONLY | os.O_CREAT, dir_fd=os.open('/', os.O_RDONLY)),\n"
            "    'replace code': lambda: setattr(\n"
            "        subprocess._fork_exec, '__code__', (lambda *a: 0).__code__),\n"
            "    'grader memory': lambda: open(f'/proc/{os.getppid()}/mem', 'rb'),\n"
            "    'repository': lambda: open(os.path.abspath('../../../../.git/HEAD')).read(),\n"
            "    'unix socket': lambda: __import__('socket').socket(__import__('socket').AF_UNIX).bind(\n"
            "        os.path.abspath('../../../gradebook.db-journal')),\n"
            "    'native from here': lambda: (\n"
            "        pathlib.Path('payload.bin').write_bytes(\n"
            "            pathlib.Path(__import__('math').__file__).read_bytes()),\n"
            "        _native := __import__('importlib.machinery').machinery.ExtensionFileLoader(\n"
            "            'payload', os.path.abspath('payload.bin')),\n"
            "        _native.create_module(__import__('importlib.util').util.spec_from_loader(\n"
            "            'payload', _native))),\n"
            "    'real fork_exec under another name':\n"
            "        lambda: __import__('importlib.util').util.module_from_spec(\n"
            "        __import__('importlib.util').util.spec_from_loader('kam._posixsubprocess',\n"
            "        __import__('importlib.machinery').machinery.ExtensionFileLoader(\n"
            "            'kam._posixsubprocess', __import__('_posixsubprocess').__file__))),\n"
            "}\n"
            "for _name, _try in _tries.items():\n"
            "    try:\n"
            "        _try()\n"
            "    except Exception as _e:\n"
            "        print(_name, type(_e).__name__)\n"
            "<SOLUTION>"
        },
        zero=(),
        note="The grader refused what this cell tried to do",
    ),
    Attack(
        "display_update_flood",
        "output grown after the fact through display updates (15 x 4 MB)",
        answers={
            ANSWER[A]: "_hs = [display({'text/plain': 'x'}, raw=True, display_id=True) for _ in range(15)]\n"
            "for _h in _hs:\n    _h.update({'text/plain': 'y' * 4_000_000}, raw=True)\n<SOLUTION>"
        },
        zero=(),
        note="dropped the rest",
    ),
    Attack(
        "malformed_message",
        "a raw output message the grader cannot read (text that is a number)",
        answers={
            ANSWER[A]: "_k = get_ipython().kernel\n"
            "_k.session.send(\n"
            "    _k.iopub_socket, 'stream', {'name': 'stdout', 'text': 5}, parent=_k.get_parent()\n)\n"
            "_k.session.send(_k.iopub_socket, 'status', {'execution_state': 'busy', 'transient': [1]},\n"
            "                parent=_k.get_parent())\n"
            "_m = _k.session.msg('stream', {'name': 'stdout', 'text': 'x'})\n"
            "_m['parent_header'] = [1]\n"
            "_k.session.send(_k.iopub_socket, _m)\n"
            "for _i in range(3):\n"
            "    _k.session.send(_k.iopub_socket, 'error', {'ename': 'E', 'evalue': 'e' * 2_500_000,\n"
            "                    'traceback': []}, parent=_k.get_parent())\n"
            "<SOLUTION>"
        },
        zero=(),
        note="dropped a malformed stream message",
        max_bytes=6_000_000,  # the 5 MB per cell cap, not 3 x 2.5 MB of forged errors
    ),
    Attack(
        "bad_signature",
        "output messages with a forged or missing signature (an unhandled one dropped the whole submission)",
        answers={
            ANSWER[A]: "import json as _json\n"
            "_k = get_ipython().kernel\n"
            "_head = _json.dumps({'msg_id': 'x1', 'msg_type': 'stream', 'session': 's', 'username': 'u',\n"
            "                     'date': '2026-01-01T00:00:00Z', 'version': '5.3'}).encode()\n"
            "_parent = _json.dumps(_k.get_parent().get('header', {}), default=str).encode()\n"
            "_body = _json.dumps({'name': 'stdout', 'text': 'forged'}).encode()\n"
            "for _sig in (b'0' * 64, b''):\n"
            "    _frames = [b'stream', b'<IDS|MSG>', _sig, _head, _parent, b'{}', _body]\n"
            "    _k.iopub_socket.send_multipart(_frames)\n"
            "<SOLUTION>"
        },
        zero=(),
        note="could not read (Invalid Signature)",
    ),
    Attack(
        "flipped_flag",
        "a test cell re-flagged as an answer cell (nbgrader alone drops the whole submission)",
        answers={ANSWER[A]: WRONG[A]},
        flags={A: {"solution": True}},
        note="had its grading flags changed",
    ),
    Attack(
        "shadow_kamlab",
        "a kamlab/ package submitted beside the notebook, to replace the guard before it is installed",
        files={
            "kamlab/__init__.py": "import sys, types\n"
            "_fake = types.ModuleType('kamlab.grader.guard')\n_fake.install = lambda *a, **k: None\n"
            "sys.modules['kamlab.grader.guard'] = _fake\n"
        },
        answers={
            ANSWER[C]: "import kamlab, os\n"
            "print('kamlab from', os.path.dirname(kamlab.__file__))\n"
            "_path = os.path.abspath('../../../source/step4_key_accounts/step4_key_accounts.ipynb')\n"
            "_src = open(_path).read()\n"
        },
        zero=(C,),
        note="does not allow reading",
    ),
    Attack(
        "steal_solution",
        "reads the instructor's notebook during grading and runs its solution",
        answers={
            ANSWER[C]: "import json, os, re\n"
            "_path = os.path.abspath('../../../source/step4_key_accounts/step4_key_accounts.ipynb')\n"
            "_src = json.load(open(_path))\n"
            "for _c in _src['cells']:\n"
            "    if _c['metadata'].get('nbgrader', {}).get('grade_id') == 'first_programme_answer':\n"
            "        exec(re.sub(r'### (BEGIN|END) SOLUTION', '', ''.join(_c['source'])))\n"
        },
        zero=(C,),
        note="does not allow reading",
    ),
]

PROTECTED = ("gradebook.db", f"source/{ASSIGNMENT}/{NOTEBOOK}.ipynb", "nbgrader_config.py")


@contextmanager
def _busy_cores(n: int):
    """``n`` CPU-bound processes beside the grader (KAMLAB_STRESS=2 proves grading holds under load)."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]
    try:
        yield
    finally:
        for proc in loops:
            proc.kill()
            proc.wait()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Batch:
    """The attacks, then the solution and the blank release, autograded together."""

    def __init__(self, tmp: Path) -> None:
        self.course = grading.copy_course(tmp)
        self.ipython = tmp / "ipython"
        self.ipython.mkdir()
        grading.nbgrader(self.course, "generate_assignment", ASSIGNMENT, "--force")
        source = grading.load(self.course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
        released = grading.load(self.course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
        solution = grading.solutions(source)
        for attack in ATTACKS:
            answers = {
                c: code.replace("<SOLUTION>", solution.get(c, "")) for c, code in attack.answers.items()
            }
            nb = grading.make_submission(released, {**solution, **answers})
            for cell in nb["cells"]:
                gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
                if gid in attack.tests:
                    cell["source"] = attack.tests[gid]
                if gid in attack.flags:
                    cell["metadata"]["nbgrader"].update(attack.flags[gid])
            if "__first_code_cell__" in attack.answers:
                first = next(c for c in nb["cells"] if c["cell_type"] == "code")
                first["source"] = attack.answers["__first_code_cell__"] + "".join(first["source"])
            nb["cells"] = [
                c
                for c in nb["cells"]
                if c["metadata"].get("nbgrader", {}).get("grade_id") not in attack.delete
            ]
            grading.submit(self.course, ASSIGNMENT, f"a_{attack.name}", nb, NOTEBOOK)
            for name, text in attack.files.items():
                extra = self.course / "submitted" / f"a_{attack.name}" / ASSIGNMENT / name
                extra.parent.mkdir(parents=True, exist_ok=True)
                extra.write_text(text)
        grading.submit(
            self.course, ASSIGNMENT, "z_solution", grading.make_submission(released, solution), NOTEBOOK
        )
        grading.submit(self.course, ASSIGNMENT, "z_blank", released, NOTEBOOK)
        self.before = {p: _digest(self.course / p) for p in PROTECTED if p != "gradebook.db"}
        # A start-up file left in the grader's IPython folder (by an earlier escape, say) must not run.
        (tmp / ".git").mkdir()
        (tmp / ".git" / "HEAD").write_text("ref: refs/heads/main\n")  # the course's repository, say
        self.planted = tmp / "startup-file-ran"
        startup = self.ipython / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-planted.py").write_text(f"open({str(self.planted)!r}, 'w').write('ran')\n")
        env = {"IPYTHONDIR": str(self.ipython)}
        with _busy_cores(int(os.environ.get("KAMLAB_STRESS", "0"))):
            self.autograde = grading.nbgrader(
                self.course,
                "autograde",
                ASSIGNMENT,
                "--create",
                "--force",
                f"--Execute.timeout={TIMEOUT}",
                env=env,
            )
        grading.nbgrader(self.course, "generate_feedback", ASSIGNMENT, "--force", env=env)
        self.scores = grading.scores(self.course, ASSIGNMENT, NOTEBOOK)

    def comments(self, student: str) -> str:
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{self.course / 'gradebook.db'}") as gb:
            nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, student)
            return "\n".join(c.auto_comment or "" for c in nb.comments)

    def feedback(self, student: str) -> str:
        return grading.feedback_html(self.course, ASSIGNMENT, student, NOTEBOOK)

    def autograded(self, student: str) -> Path:
        return self.course / "autograded" / student / ASSIGNMENT / f"{NOTEBOOK}.ipynb"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Batch:
    return Batch(tmp_path_factory.mktemp("adversarial"))


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_attack_gains_nothing_and_is_explained(batch, attack):
    got = batch.scores[f"a_{attack.name}"]
    expected = {cell: 0.0 if cell in attack.zero else POINTS[cell] for cell in POINTS}
    assert got == expected, f"{attack.why}: scores {got}"
    if attack.max_bytes:
        assert batch.autograded(f"a_{attack.name}").stat().st_size < attack.max_bytes
    if attack.note:
        assert attack.note in batch.comments(f"a_{attack.name}"), "the gradebook does not say what happened"
        assert attack.note in batch.feedback(f"a_{attack.name}"), "the feedback does not say what happened"


def test_the_batch_finishes_and_honest_students_are_graded_correctly(batch):
    assert batch.autograde.returncode == 0
    assert batch.scores["z_solution"] == POINTS
    assert batch.scores["z_blank"] == {cell: 0.0 for cell in POINTS}
    assert len(batch.scores) == len(ATTACKS) + 2


def test_files_outside_the_submission_are_untouched(batch):
    for path, digest in batch.before.items():
        assert _digest(batch.course / path) == digest, f"{path} was changed by a submission"
    assert not (batch.course / "evil").exists()
    assert not list(batch.ipython.rglob("00-evil.py")), "a start-up file was planted for later students"
    assert not batch.planted.exists(), "kernels ran the grader's IPython start-up files"
    feedback = batch.feedback("a_write_outside")
    refusals = ("gradebook.db", "step4_key_accounts.ipynb", "00-evil.py", "starting programs", "os.system")
    more = ("sqlite3.connect", "opening the folder /", "replacing __code__", "importing _posixsubprocess")
    more += ("/mem", ".git/HEAD", "binding sockets to", "loading native code")
    for refused in (*refusals, "os.kill", "native code (evil.so)", "importing cffi", *more):
        assert refused in feedback, f"the feedback does not show the refusal of {refused}"


def test_flooded_output_is_capped_in_the_notebook_and_the_feedback(batch):
    notebook = batch.autograded("a_output_flood")
    assert notebook.stat().st_size < 1_500_000
    assert len(batch.feedback("a_output_flood")) < 1_500_000
    assert notebook.stat().st_size < 3 * batch.autograded("z_solution").stat().st_size


def test_grade_reports_are_removed_from_the_feedback(batch):
    """The values a test reports, and the line that reports them, are for the grader only."""
    for student in ("z_solution", "a_edit_pass"):
        html = batch.feedback(student)
        assert "KAMLAB-GRADE" not in html and "Added by the grader" not in html
        assert "gradereport" not in html
        executed = json.loads(batch.autograded(student).read_text())
        assert "gradereport" not in json.dumps(executed["cells"])
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", batch.feedback("z_solution")))
    assert "assert _kam_grade('director_scores', director_attractiveness)" in text, "the course's own test"
