"""Prepare this machine for KAM Lab's JupyterHub: accounts, the exchange and who may read what (run as root).

    python hub/provision.py --instructor instructor --learners "learner01 learner02" --system-config

Idempotent: run it again to add learners or repair permissions; existing accounts keep their passwords
(``--reset-passwords`` gives new ones). New passwords go to ``STATE/passwords.txt`` (root only).
What it sets, and why, is in ``hub/README.md``:

- an instructors group and a learners group; one Unix account per person, home folder private (0700);
- the exchange: ``ROOT`` world-writable and sticky, ``ROOT/COURSE_ID`` with ``inbound``, ``outbound`` and
  ``feedback`` owned by the instructor and set-group-id to the instructors group;
- the project: learners and instructors read ``.venv``, ``kamlab``, ``datasets`` and ``hub``; everything
  else at its top (``course/`` with solutions and gradebook, ``.git``, ``tests``...) is closed to other
  accounts; the course is read-write for the instructors group (ACLs, inherited by new files);
- folders above these that other accounts cannot cross get a traverse-only ACL entry for the two groups;
- kamlab compiled to bytecode, so no kernel tries to write it;
- the instructor's ``~/.jupyter/nbgrader_config.py`` loads the course's config, so nbgrader and the
  formgrader find the course from any folder;
- with ``--system-config``, ``/etc/jupyter/nbgrader_config.py`` names the exchange for every account.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import secrets
import stat
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from kamlab.grader import acl  # noqa: E402

PROJECT = HERE.parent
# What learners may read at the top of the project: the environment, the package, the data, the hub.
READABLE = {".venv", "kamlab", "datasets", "hub", "README.md", "LICENSE", "pyproject.toml", "environment.yml"}
SYSTEM_CONFIG = Path("/etc/jupyter/nbgrader_config.py")
MANAGED = "# Written by KAM Lab's hub/provision.py"


def log(msg: str) -> None:
    print(f"provision: {msg}", flush=True)


def run(*cmd: str, stdin: str | None = None) -> None:
    subprocess.run(cmd, check=True, input=stdin, text=True, capture_output=True)


def ensure_group(name: str) -> int:
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        run("groupadd", name)
        log(f"created group {name}")
        return grp.getgrnam(name).gr_gid


def ensure_user(name: str, group: str, reset_password: bool) -> str | None:
    """Create ``name`` (own group, home 0700) in ``group``; return a new password, if one was set."""
    password = None
    try:
        pwd.getpwnam(name)
        created = False
    except KeyError:
        run("useradd", "--create-home", "--shell", "/bin/bash", "--user-group", name)
        created = True
        log(f"created account {name}")
    if name not in grp.getgrnam(group).gr_mem:
        run("usermod", "--append", "--groups", group, name)
    if created or reset_password:
        password = secrets.token_urlsafe(12)
        run("chpasswd", stdin=f"{name}:{password}\n")
    home = Path(pwd.getpwnam(name).pw_dir)
    home.chmod(0o700)  # a learner's notebooks, hand-in cache and feedback are theirs alone
    return password


def save_passwords(state: Path, passwords: dict[str, str]) -> Path:
    path = state / "passwords.txt"
    known = {}
    if path.exists():
        known = dict(line.split(":", 1) for line in path.read_text().splitlines() if ":" in line)
    known.update(passwords)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.writelines(f"{user}:{pw}\n" for user, pw in sorted(known.items()))
    path.chmod(0o600)
    return path


def traversable(path: Path, groups: list[str]) -> None:
    """Let the groups cross every folder above ``path`` (execute only: they cannot list them)."""
    for folder in reversed(path.resolve().parents):
        if not folder.exists() or folder.stat().st_mode & stat.S_IXOTH:
            continue
        for group in groups:
            if not acl.allows(str(folder), group=group) & 1:
                acl.grant(str(folder), group=group, perms="x")
                log(f"{group} may cross {folder} (traverse only)")


def readable_tree(root: Path) -> None:
    """Others may read ``root`` and everything under it (folders also crossed)."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames, ""]:
            p = os.path.join(dirpath, name) if name else dirpath
            st = os.lstat(p)
            if stat.S_ISLNK(st.st_mode):
                continue
            crossable = stat.S_ISDIR(st.st_mode) or st.st_mode & stat.S_IXUSR
            want = stat.S_IROTH | (stat.S_IXOTH if crossable else 0)
            if st.st_mode & want != want:
                os.chmod(p, stat.S_IMODE(st.st_mode) | want)


def close_to_others(path: Path) -> None:
    mode = stat.S_IMODE(path.lstat().st_mode)
    if mode & 0o007 and not path.is_symlink():
        path.chmod(mode & ~0o007)


def share_with_group(root: Path, group: str) -> None:
    """The group reads and writes ``root`` and all in it; new files and folders inherit that (default ACL)."""
    for dirpath, _dirnames, filenames in os.walk(root):
        acl.grant(dirpath, group=group, perms="rwx")
        acl.grant(dirpath, group=group, perms="rwx", default=True)
        for name in filenames:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                acl.grant(p, group=group, perms="rwx" if os.stat(p).st_mode & stat.S_IXUSR else "rw")


def prepare_project(project: Path, venv: Path, course: Path, instructors: str, learners: str) -> None:
    groups = [instructors, learners]
    traversable(project, groups)
    project.chmod(stat.S_IMODE(project.stat().st_mode) | 0o005)
    for entry in project.iterdir():
        if entry.name in READABLE:
            readable_tree(entry)
        else:
            close_to_others(entry)
    if venv.resolve().parent != project.resolve():
        traversable(venv, groups)
        readable_tree(venv)
    # The environment's Python may live where others cannot go (pyenv's, under /root): let them cross.
    base = (venv / "bin" / "python").resolve().parent.parent
    if not base.is_relative_to(venv.resolve()):
        traversable(base / "bin", groups)
    # A worktree's .git is a file naming the repository's own: close that one too (it holds the solutions).
    common = subprocess.run(
        ["git", "-C", str(project), "rev-parse", "--path-format=absolute", "--git-common-dir"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if common and not Path(common).resolve().is_relative_to(project.resolve()):
        close_to_others(Path(common))
        log(f"closed {common} to other accounts")
    # Compile kamlab now, as its owner: a graded kernel runs as the instructor, cannot write its
    # bytecode cache, and the grader's guard counts the attempt as a refused write (a 0 for that cell).
    python = str(venv / "bin" / "python")
    subprocess.run([python, "-m", "compileall", "-q", str(project / "kamlab")], check=True)
    traversable(course, [instructors])
    close_to_others(course)
    share_with_group(course, instructors)


def prepare_exchange(root: Path, course_id: str, instructor: str, instructors: str, learners: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    traversable(root, [instructors, learners])
    root.chmod(0o1777)  # everyone may create their course folder; only owners may remove entries
    uid, gid = pwd.getpwnam(instructor).pw_uid, grp.getgrnam(instructors).gr_gid
    course = root / course_id
    # nbgrader's own modes, set-group-id so hand-ins take the instructors' group (kamlab/grader/exchange.py).
    for path, mode in (
        (course, 0o2755),
        (course / "outbound", 0o2755),
        (course / "inbound", 0o2733),
        (course / "feedback", 0o2711),
    ):
        path.mkdir(exist_ok=True)
        os.chown(path, uid, gid)
        path.chmod(mode)


def instructor_config(instructor: str, course: Path) -> None:
    user = pwd.getpwnam(instructor)
    folder = Path(user.pw_dir) / ".jupyter"
    folder.mkdir(exist_ok=True)
    os.chown(folder, user.pw_uid, user.pw_gid)
    config = folder / "nbgrader_config.py"
    config.write_text(
        f"{MANAGED}: the course, from any folder (formgrader included).\n"
        f"load_subconfig({str(course / 'nbgrader_config.py')!r})  # noqa: F821\n"
    )
    os.chown(config, user.pw_uid, user.pw_gid)


def system_config(exchange: Path) -> None:
    if SYSTEM_CONFIG.exists() and MANAGED not in SYSTEM_CONFIG.read_text():
        log(f"{SYSTEM_CONFIG} exists and is not ours: left as it is (set its Exchange.root to {exchange})")
        return
    SYSTEM_CONFIG.parent.mkdir(parents=True, exist_ok=True)
    SYSTEM_CONFIG.write_text(
        f"{MANAGED}: the exchange every account's nbgrader uses.\n"
        f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(exchange)!r}\n"
    )
    SYSTEM_CONFIG.chmod(0o644)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--project", type=Path, default=PROJECT)
    ap.add_argument("--venv", type=Path, default=None, help="default: PROJECT/.venv")
    ap.add_argument("--course", type=Path, default=None, help="default: PROJECT/course")
    ap.add_argument("--course-id", default="kamlab")
    ap.add_argument("--exchange", type=Path, default=Path("/srv/nbgrader/exchange"))
    ap.add_argument("--state", type=Path, default=None, help="the hub's own files; default: PROJECT/.hub")
    ap.add_argument("--instructor", default="instructor")
    ap.add_argument("--learners", default="learner01 learner02 learner03", help="names, by spaces or commas")
    ap.add_argument("--instructors-group", default="kamlab-instructors")
    ap.add_argument("--learners-group", default="kamlab-learners")
    ap.add_argument("--reset-passwords", action="store_true")
    ap.add_argument("--system-config", action="store_true", help=f"write {SYSTEM_CONFIG}")
    args = ap.parse_args(argv)
    if os.geteuid() != 0:
        ap.error("run as root: it creates accounts and sets permissions")
    project = args.project.resolve()
    venv = (args.venv or project / ".venv").absolute()
    course = (args.course or project / "course").resolve()
    state = (args.state or project / ".hub").resolve()
    learners = [n for n in args.learners.replace(",", " ").split() if n]

    state.mkdir(parents=True, exist_ok=True)
    state.chmod(0o700)
    ensure_group(args.instructors_group)
    ensure_group(args.learners_group)
    passwords = {}
    people = [(args.instructor, args.instructors_group), *((n, args.learners_group) for n in learners)]
    for name, group in people:
        pw = ensure_user(name, group, args.reset_passwords)
        if pw:
            passwords[name] = pw
    if passwords:
        log(f"new passwords for {', '.join(sorted(passwords))} in {save_passwords(state, passwords)}")
    prepare_project(project, venv, course, args.instructors_group, args.learners_group)
    prepare_exchange(
        args.exchange, args.course_id, args.instructor, args.instructors_group, args.learners_group
    )
    instructor_config(args.instructor, course)
    if args.system_config:
        system_config(args.exchange)
    log(f"ready: instructor {args.instructor}, learners {' '.join(learners)}, exchange {args.exchange}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
