"""A cohort on the real hub: JupyterHub, learners as Unix accounts, the nbgrader exchange between them.

What `make hub` runs (hub/provision.py, hub/jupyterhub_config.py), on free localhost ports, with a copy of
the course and an exchange of its own in a temporary folder, and four accounts made for the test and
removed after it. The instructor runs the instructor guide's rows as their account; three learners log in
with their Unix passwords. Ada works in Chromium (log-in page, Assignments tab, notebook, Run All, one
answer typed, save, submit); Ben and Cem run the guide's student rows in a shell as their accounts, and Ben
writes his answers through the Jupyter REST API of his own server. Then the instructor collects,
autogrades and releases feedback, the learners fetch it, and the test checks the gradebook and that no
learner can read another's hand-in or feedback, even knowing its exact path (nbgrader #978).

Root only (it creates accounts); `make test-hub` runs it, and CI (.ci/run) does too. Screenshots go to
``$KAMLAB_SCREENSHOTS`` (default: a temporary folder).
"""

from __future__ import annotations

import glob
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kamlab.grader import course as grading

pytestmark = pytest.mark.slow

if not hasattr(os, "geteuid") or os.geteuid() != 0:
    pytest.skip(
        "the hub test creates Unix accounts: run it as root (make test-hub; CI does)", allow_module_level=True
    )
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists() or not shutil.which("npm"):
    if os.environ.get("CI"):
        raise RuntimeError("Chromium or npm is missing: `make test-hub` installs both (Debian packages)")
    pytest.skip("needs Debian's chromium and npm: run `make test-hub`", allow_module_level=True)
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency")
requests = pytest.importorskip("requests", reason="JupyterHub depends on requests")

from nbgrader.api import Gradebook  # noqa: E402
from nbgrader.utils import notebook_hash  # noqa: E402

from kamlab.grader import acl  # noqa: E402

HUB = grading.ROOT / "hub"
RUNUSER = shutil.which("runuser") or "/usr/sbin/runuser"
STEP4, STEP6 = "step4_key_accounts", "step6_metrics"
INSTRUCTOR, ADA, BEN, CEM = "kamt-teacher", "kamt-ada", "kamt-ben", "kamt-cem"
GROUPS = ("kamt-instructors", "kamt-learners")  # the test's own, removed after it with their ACL entries
LEARNERS = (ADA, BEN, CEM)
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT = 240  # seconds: generous, for a busy two-core machine; nothing here measures speed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, condition, timeout: float = WAIT, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"gave up waiting for {what} after {timeout:.0f} s")


class Hub:
    def __init__(self, base: Path):
        self.base = base
        self.course = grading.copy_course(base)
        self.exchange = base / "exchange"
        self.state = base / "state"
        self.port, self.api_port, self.hub_port = _free_port(), _free_port(), _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.passwords: dict[str, str] = {}
        self.proc: subprocess.Popen | None = None
        self.log = None

    def user_env(self) -> dict[str, str]:
        """What a terminal on the hub has (hub/jupyterhub_config.py's Spawner.environment)."""
        return {
            "PATH": f"{grading.BIN}:/usr/local/bin:/usr/bin:/bin",
            "KAMLAB_EXCHANGE": str(self.exchange),
            "LANG": "C.UTF-8",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
        }

    def home(self, user: str) -> Path:
        return Path(pwd.getpwnam(user).pw_dir)

    def run_as(
        self,
        user: str,
        command: str,
        cwd: Path | None = None,
        check: bool = True,
        env: dict[str, str] | None = None,
    ) -> subprocess.CompletedProcess:
        """``command`` in bash as ``user`` (runuser sets HOME, USER and LOGNAME), in their home by default."""
        proc = subprocess.run(
            [RUNUSER, "-u", user, "--", "bash", "-c", command],
            cwd=cwd or self.home(user),
            env={**self.user_env(), **(env or {})},
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check:
            assert proc.returncode == 0, f"{user}$ {command}\n{proc.stdout}\n{proc.stderr}"
        return proc

    def instructor(self, command: str) -> subprocess.CompletedProcess:
        return self.run_as(INSTRUCTOR, command, cwd=self.course)

    def login(self, user: str) -> requests.Session:
        """Log in through the hub's form and start the user's server; a session with its cookies."""
        s = requests.Session()
        s.get(f"{self.url}/hub/login", timeout=60)
        xsrf = s.cookies.get("_xsrf", path="/hub/")
        r = s.post(
            f"{self.url}/hub/login?next=",
            data={"username": user, "password": self.passwords[user], "_xsrf": xsrf},
            allow_redirects=False,
            timeout=120,
        )
        assert r.status_code == 302, f"{user} could not log in: {r.status_code}"
        s.get(f"{self.url}/hub/spawn", allow_redirects=False, timeout=120)
        wait_for(f"{user}'s server", lambda: self.ready(s, xsrf))
        s.get(f"{self.url}/user/{user}/lab", timeout=120)  # the server's own log-in (OAuth with the hub)
        return s

    def ready(self, s: requests.Session, xsrf: str) -> bool:
        r = s.get(f"{self.url}/hub/api/user", headers={"X-XSRFToken": xsrf}, timeout=60)
        return r.ok and r.json().get("servers", {}).get("", {}).get("ready", False)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("KAMLAB_SCREENSHOTS") or tmp_path_factory.mktemp("hub-screens"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def hub():
    if not (HUB / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        subprocess.run(["make", "-C", str(grading.ROOT), "hub/node_modules/.package-lock.json"], check=True)
    # Not under pytest's own temporary folder, which only root may enter.
    h = Hub(Path(tempfile.mkdtemp(prefix="kamlab-hub-", dir="/tmp")))
    try:
        subprocess.run(
            [
                sys.executable,
                str(HUB / "provision.py"),
                "--project",
                str(grading.ROOT),
                "--venv",
                str(grading.BIN.parent),
                "--course",
                str(h.course),
                "--exchange",
                str(h.exchange),
                "--state",
                str(h.state),
                "--instructor",
                INSTRUCTOR,
                "--learners",
                " ".join(LEARNERS),
                "--instructors-group",
                GROUPS[0],
                "--learners-group",
                GROUPS[1],
                "--reset-passwords",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        h.passwords = dict(
            line.split(":", 1) for line in (h.state / "passwords.txt").read_text().splitlines()
        )
        env = {
            **os.environ,
            "PATH": f"{grading.BIN}{os.pathsep}{os.environ['PATH']}",
            "KAMLAB_COURSE": str(h.course),
            "KAMLAB_EXCHANGE": str(h.exchange),
            "KAMLAB_HUB_STATE": str(h.state),
            "KAMLAB_HUB_PORT": str(h.port),
            "KAMLAB_HUB_API_PORT": str(h.api_port),
            "KAMLAB_HUB_HUB_PORT": str(h.hub_port),
            "KAMLAB_HUB_INSTRUCTORS_GROUP": GROUPS[0],
            "KAMLAB_HUB_LEARNERS_GROUP": GROUPS[1],
        }
        h.log = open(h.state / "jupyterhub.log", "w")  # closed by _stop
        h.proc = subprocess.Popen(
            [str(grading.BIN / "jupyterhub"), "-f", str(HUB / "jupyterhub_config.py")],
            cwd=h.state,
            env=env,
            stdout=h.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

        def up():
            assert h.proc.poll() is None, (h.state / "jupyterhub.log").read_text()[-3000:]
            try:
                return requests.get(f"{h.url}/hub/api/", timeout=5).ok
            except requests.RequestException:
                return False

        wait_for("the hub to answer", up)
        yield h
    finally:
        _stop(h, keep=bool(os.environ.get("KAMLAB_HUB_KEEP")))


def _stop(h: Hub, keep: bool = False) -> None:
    """Stop the hub (it stops the servers it spawned), then anything the test accounts still run."""
    if h.proc and h.proc.poll() is None:
        os.killpg(h.proc.pid, signal.SIGTERM)
        try:
            h.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(h.proc.pid, signal.SIGKILL)
            h.proc.wait(timeout=30)
    if h.log:
        h.log.close()
    uids = set()
    for user in (INSTRUCTOR, *LEARNERS):
        try:
            uids.add(pwd.getpwnam(user).pw_uid)
        except KeyError:
            pass
    for status in glob.glob("/proc/[0-9]*/status"):
        try:
            text = Path(status).read_text()
        except OSError:
            continue
        uid = int(re.search(r"^Uid:\s+(\d+)", text, re.M).group(1))
        if uid in uids:
            try:
                os.kill(int(Path(status).parent.name), signal.SIGKILL)
            except ProcessLookupError:
                pass
    if keep:  # KAMLAB_HUB_KEEP=1: the accounts and the folder stay, to look at after a failure
        print(f"kept {h.base} and the accounts {INSTRUCTOR} {' '.join(LEARNERS)}")
        return
    for user in (INSTRUCTOR, *LEARNERS):
        subprocess.run(["userdel", "--remove", user], capture_output=True)
    shutil.rmtree(h.base, ignore_errors=True)
    # The traverse-only entries provisioning added above the project and the environment's Python.
    gids = []
    for group in GROUPS:
        try:
            gids.append(grp.getgrnam(group).gr_gid)
        except KeyError:
            continue
        subprocess.run(["groupdel", group], capture_output=True)
    python = Path(os.path.realpath(grading.BIN / "python"))
    for folder in {*grading.ROOT.parents, *python.parents, *Path(tempfile.gettempdir()).parents}:
        for gid in gids:
            acl.revoke(str(folder), gid=gid)


def _browser(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)


def _browser_login(page, hub: Hub, user: str, shots: Path | None = None) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", hub.passwords[user])
    if shots:
        page.screenshot(path=str(shots / "hub_01_login.png"))
    page.click("#login_submit")
    page.wait_for_selector("#jp-main-dock-panel", timeout=WAIT * 1000)
    # JupyterLab asks once whether to fetch Jupyter news; answer it so it covers nothing in screenshots.
    no = page.get_by_role("button", name="No", exact=True)
    try:
        no.click(timeout=10_000)
    except playwright.Error:
        pass  # not asked this time


def _kernels_idle(page, hub: Hub, user: str) -> bool:
    r = page.request.get(f"{hub.url}/user/{user}/api/kernels")
    kernels = r.json() if r.ok else []
    return bool(kernels) and all(k["execution_state"] == "idle" for k in kernels)


def _prompt(cell) -> int:
    """The execution count in a cell's prompt ("[7]:"), 0 before it ran."""
    # textContent, not innerText: JupyterLab skips rendering cells out of view, and innerText is then empty.
    m = re.search(r"\[(\d+)\]", cell.locator(".jp-InputPrompt").first.text_content() or "")
    return int(m.group(1)) if m else 0


def _run_all(page, hub: Hub, user: str, cell) -> None:
    """Run → Run All Cells, then wait until ``cell`` has run again and the kernel is idle. (Run All stops
    at the first exercise left unanswered, with its NotImplementedError.)"""
    before = _prompt(cell)
    page.click("#jp-MainMenu >> text=Run")
    page.click("text=Run All Cells")
    wait_for("Run All", lambda: _prompt(cell) > before and _kernels_idle(page, hub, user))


def _assignment_list(page) -> None:
    page.click("#jp-MainMenu >> text=Nbgrader")
    page.click("text=Assignment List")
    page.wait_for_selector("#released_assignments_list", timeout=WAIT * 1000)


def _ada_in_the_browser(hub: Hub, shots: Path, stub: str, answer: str) -> None:
    """Log in, fetch Step 4 in the Assignments tab, run it, type one answer, save, submit there."""
    with playwright.sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _browser_login(page, hub, ADA, shots)
        _assignment_list(page)
        released = page.locator("#released_assignments_list .list_item", has_text=STEP4)
        released.locator("button", has_text="Fetch").click(timeout=WAIT * 1000)
        page.locator("#fetched_assignments_list .list_item", has_text=STEP4).first.wait_for(
            timeout=WAIT * 1000
        )
        page.screenshot(path=str(shots / "hub_02_fetched.png"))
        saved = hub.home(ADA) / STEP4 / f"{STEP4}.ipynb"
        fetched_text = saved.read_text()
        marker = next(line for line in answer.splitlines() if line.strip() and line not in fetched_text)

        page.goto(f"{hub.url}/user/{ADA}/lab/tree/{STEP4}/{STEP4}.ipynb")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=WAIT * 1000)
        wait_for("Ada's kernel", lambda: _kernels_idle(page, hub, ADA))
        # The answer cell, by the first line of its stub.
        cell = page.locator(".jp-CodeCell", has_text=stub).first
        _run_all(page, hub, ADA, cell)
        cell.locator(".jp-InputPrompt").first.click()  # selects the cell: it and its error come into view
        page.screenshot(path=str(shots / "hub_03_run.png"))
        # Click into its editor and replace the stub with the answer, as typed text.
        cell.locator(".cm-content").first.click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(answer)
        _run_all(page, hub, ADA, cell)
        cell.locator(".cm-content").first.click()  # back to the answer (Run All left the view at the end)
        page.screenshot(path=str(shots / "hub_04_answered.png"))
        page.keyboard.press("Control+s")
        wait_for("the save", lambda: marker in saved.read_text(), every=1)

        _assignment_list(page)
        page.click("#refresh_assignments_list")
        fetched = page.locator("#fetched_assignments_list .list_item", has_text=STEP4).first
        fetched.locator("button", has_text="Submit").click(timeout=WAIT * 1000)
        page.locator("#submitted_assignments_list .list_item", has_text=STEP4).first.wait_for(
            timeout=WAIT * 1000
        )
        page.screenshot(path=str(shots / "hub_05_submitted.png"))
        browser.close()


def _write_notebook_via_api(hub: Hub, session: requests.Session, user: str, path: str, nb: dict) -> None:
    """Ben answers through his server's REST API (the Jupyter contents API), as JupyterLab saves."""
    xsrf = next(
        (c.value for c in session.cookies if c.name == "_xsrf" and c.path.startswith(f"/user/{user}")), None
    )
    r = session.put(
        f"{hub.url}/user/{user}/api/contents/{path}",
        json={"type": "notebook", "format": "json", "content": nb},
        headers={"X-XSRFToken": xsrf} if xsrf else {},
        timeout=120,
    )
    assert r.ok, (r.status_code, r.text[:500])


def _total(course: Path, assignment: str) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student_id: float(s.score) for s in gb.assignment_submissions(assignment)}


def _why(course: Path, assignment: str) -> str:
    """Each learner's grades, the grader's comments and the errors in the graded notebook (for failures)."""
    lines = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(assignment):
            nb = gb.find_submission_notebook(assignment, assignment, sub.student_id)
            lines.append(
                f"{sub.student_id}: " + ", ".join(f"{g.name}={g.score}/{g.max_score}" for g in nb.grades)
            )
            lines += [f"  comment {c.name}: {c.auto_comment[:300]}" for c in nb.comments if c.auto_comment]
    for graded in sorted((course / "autograded").glob(f"*/{assignment}/{assignment}.ipynb")):
        for cell in grading.load(graded)["cells"]:
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
                    lines.append(f"  {graded.parts[-3]} {gid}: {out['ename']}: {out['evalue'][:300]}")
    return "\n".join(lines)


def _cannot_read(hub: Hub, user: str, path: Path) -> None:
    proc = hub.run_as(user, f"cat {str(path)!r} >/dev/null", check=False)
    assert proc.returncode != 0 and "Permission denied" in proc.stderr, f"{user} could read {path}"


def test_cohort_cycle_on_the_hub(hub: Hub, shots: Path):
    step4_source = grading.load(hub.course / "source" / STEP4 / f"{STEP4}.ipynb")
    step6_source = grading.load(hub.course / "source" / STEP6 / f"{STEP6}.ipynb")
    guide = dict(
        (re.search(r"nbgrader (\w+)", cmd).group(1), cmd)
        for _, cmd in re.findall(
            r"^\| \d+ \| (instructor|student) \| `([^`]+)` \|",
            (grading.COURSE / "README.md").read_text(),
            re.M,
        )
    )

    def row(verb: str, assignment: str) -> str:
        """The guide's command for ``verb``, for ``assignment`` (the guide's example is Step 6)."""
        return guide[verb].replace(STEP6, assignment)

    # The instructor releases Steps 4 and 6, with the guide's commands, as their own account.
    for a in (STEP4, STEP6):
        hub.instructor(row("generate_assignment", a))
        hub.instructor(row("release_assignment", a))

    # Ada, in Chromium: the first exercise of Step 4, typed into its cell.
    solutions4 = grading.solutions(step4_source)
    first = next(iter(solutions4))
    stub_line = grading.cells_by_id(step4_source)[first]["source"]
    stub_line = ("".join(stub_line) if isinstance(stub_line, list) else stub_line).splitlines()[0]
    _ada_in_the_browser(hub, shots, stub_line, solutions4[first])

    # Ben and Cem log in too, then use the guide's student rows in a shell of their own.
    sessions = {u: hub.login(u) for u in (BEN, CEM)}
    for user in (BEN, CEM):
        for a in (STEP4, STEP6):
            hub.run_as(user, row("fetch_assignment", a))
    # Ben answers all of Step 4 through his server's API, and leaves Step 6 as fetched; Cem the opposite.
    released4 = grading.load(hub.home(BEN) / STEP4 / f"{STEP4}.ipynb")
    _write_notebook_via_api(
        hub, sessions[BEN], BEN, f"{STEP4}/{STEP4}.ipynb", grading.make_submission(released4, solutions4)
    )
    released6 = grading.load(hub.home(CEM) / STEP6 / f"{STEP6}.ipynb")
    answered6 = grading.make_submission(released6, grading.solutions(step6_source))
    _write_notebook_via_api(hub, sessions[CEM], CEM, f"{STEP6}/{STEP6}.ipynb", answered6)
    for user in (BEN, CEM):
        for a in (STEP4, STEP6):
            hub.run_as(user, row("submit", a))

    # The instructor collects, grades and releases the feedback; the learners fetch it.
    for a in (STEP4, STEP6):
        for verb in ("collect", "autograde", "generate_feedback", "release_feedback"):
            hub.instructor(row(verb, a))
    for user, assignments in ((ADA, (STEP4,)), (BEN, (STEP4, STEP6)), (CEM, (STEP4, STEP6))):
        for a in assignments:
            hub.run_as(user, row("fetch_feedback", a))
            assert list((hub.home(user) / a / "feedback").rglob(f"{a}.html")), f"{user}: no feedback for {a}"

    # Scores, per learner, from the gradebook.
    max4 = sum(grading.max_scores(hub.course, STEP4, STEP4).values())
    max6 = sum(grading.max_scores(hub.course, STEP6, STEP6).values())
    step4, step6 = _total(hub.course, STEP4), _total(hub.course, STEP6)
    why4 = _why(hub.course, STEP4)
    assert step4[BEN] == max4 > 0, why4
    assert step4[CEM] == 0, why4
    graded = grading.scores(hub.course, STEP4, STEP4)[ADA]
    cells = [
        c["metadata"]["nbgrader"]["grade_id"] for c in step4_source["cells"] if "nbgrader" in c["metadata"]
    ]
    after = next(g for g in cells[cells.index(first) + 1 :] if g in graded)  # the test of Ada's answer
    assert graded[after] == grading.max_scores(hub.course, STEP4, STEP4)[after] > 0, why4
    assert 0 < step4[ADA] < max4, why4
    assert step6 == {BEN: 0, CEM: max6}, _why(hub.course, STEP6)
    assert ADA not in step6

    # Nobody reads another learner's work, even knowing the exact path (nbgrader #978).
    inbound = hub.exchange / "kamlab" / "inbound"
    ben_hand_in = Path(glob.glob(str(inbound / f"{BEN}+{STEP4}+*"))[0])
    secret = (ben_hand_in / "submission_secret.txt").read_text()
    ben_feedback = (
        hub.exchange / "kamlab" / "feedback" / f"{notebook_hash(secret=secret, notebook_id=STEP4)}.html"
    )
    assert ben_feedback.exists()
    for path in (
        ben_hand_in / f"{STEP4}.ipynb",
        ben_hand_in / "submission_secret.txt",
        ben_feedback,
        hub.home(BEN) / STEP4 / f"{STEP4}.ipynb",
        next((hub.home(BEN) / STEP4 / "feedback").rglob("*.html")),
        hub.course / "source" / STEP4 / f"{STEP4}.ipynb",
        hub.course / "gradebook.db",
    ):
        _cannot_read(hub, ADA, path)
    assert oct(ben_hand_in.stat().st_mode & 0o777) == "0o770"
    assert oct((ben_hand_in / f"{STEP4}.ipynb").stat().st_mode & 0o777) == "0o640"
    proc = hub.run_as(ADA, f"touch {str(ben_hand_in / 'planted.txt')!r}", check=False)
    assert proc.returncode != 0, "Ada could write into Ben's hand-in"
    hub.run_as(BEN, f"cat {str(ben_feedback)!r} >/dev/null")  # while Ben can read his own
    # ... and nobody hands in under another learner's name.
    for how in (f"USER={BEN} {row('submit', STEP4)}", f"{row('submit', STEP4)} --student {BEN}"):
        proc = hub.run_as(ADA, how, check=False)
        assert proc.returncode != 0 and "another account" in proc.stderr, proc.stderr
    # What learners need does stay readable: the package and the company's tables.
    hub.run_as(ADA, "python -c 'import kamlab; assert len(kamlab.load_all()) > 5'")


def test_formgrader_renders_for_the_instructor_only(hub: Hub, shots: Path):
    """JupyterHub 4.1+ sends frame-ancestors 'none' (nbgrader #1870, #1910): instructors' servers allow
    frames from the same origin, so the formgrader shows in JupyterLab; learners keep 'none' and have no
    formgrader at all."""
    with playwright.sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        _browser_login(page, hub, INSTRUCTOR)
        headers = page.request.get(f"{hub.url}/user/{INSTRUCTOR}/lab").headers
        assert headers.get("content-security-policy") == "frame-ancestors 'self'", headers
        page.click("#jp-MainMenu >> text=Nbgrader")
        page.click("text=Formgrader")
        frame = page.frame_locator("iframe").first
        frame.locator("text=Manage Assignments").first.wait_for(timeout=WAIT * 1000)
        frame.locator(f"text={STEP6}").first.wait_for(timeout=WAIT * 1000)
        page.screenshot(path=str(shots / "hub_06_formgrader.png"))
        browser.close()
    learner = hub.login(CEM)
    r = learner.get(f"{hub.url}/user/{CEM}/lab", timeout=120)
    assert r.headers.get("Content-Security-Policy") == "frame-ancestors 'none'"
    assert learner.get(f"{hub.url}/user/{CEM}/formgrader", timeout=120).status_code == 404
