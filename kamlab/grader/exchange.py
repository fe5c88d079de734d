"""KAM Lab's nbgrader exchange: where it is, who the student is, and who may read a hand-in.

nbgrader's default exchange with three rules on top. ``hub/nbgrader_env.py`` selects these classes for
every nbgrader command of the project's environment, the instructor's and every learner's.

1. **Where.** ``$KAMLAB_EXCHANGE``; else the machine's Jupyter config (a hub's
   ``/etc/jupyter/nbgrader_config.py``, written by ``hub/provision.py``); else ``exchange/`` beside the
   course.
2. **Who.** A student is ``$USER``, unless it names another account of this machine: several learners can
   take turns on the instructor's own account, and nobody hands in or fetches feedback as someone else's
   account (nbgrader alone takes ``--student`` at its word). On a hub the spawner sets ``USER`` to the
   login name.
3. **Who reads.** A submission is readable by its owner and the exchange's group (the instructors), not by
   everyone who learns its path (nbgrader #978); released feedback by the instructors and, through an ACL
   entry, by the one learner whose account it names.
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
from stat import S_ISGID

from nbgrader.exchange.default import (
    ExchangeCollect,
    ExchangeFetchFeedback,
    ExchangeReleaseFeedback,
    ExchangeSubmit,
)
from nbgrader.utils import get_osusername, notebook_hash

from kamlab.grader import acl

SUBMISSION_FILE, SUBMISSION_DIR = 0o640, 0o770  # owner and instructors; the group may delete
FEEDBACK_FILE = 0o640


def machine_exchange() -> str | None:
    """``Exchange.root`` of the machine's own nbgrader config, if it names one (a hub's)."""
    from jupyter_core.paths import SYSTEM_CONFIG_PATH
    from traitlets.config.loader import PyFileConfigLoader

    for folder in SYSTEM_CONFIG_PATH:
        if not os.path.isfile(os.path.join(folder, "nbgrader_config.py")):
            continue
        try:
            config = PyFileConfigLoader("nbgrader_config.py", folder).load_config()
        except Exception:  # a broken machine config is nbgrader's to report, not ours
            continue
        if "Exchange" in config and isinstance(config.Exchange.get("root"), str):
            return config.Exchange.root
    return None


def exchange_root(course_dir: str) -> str:
    return os.environ.get("KAMLAB_EXCHANGE") or machine_exchange() or os.path.join(course_dir, "exchange")


def _is_account(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def student_id(requested: str = "*") -> str:
    """Who hands in: ``--student`` if given, else ``$USER``, never another account of this machine."""
    login = get_osusername()
    wanted = requested if requested not in ("", "*") else (os.environ.get("USER") or login)
    if wanted != login and os.getuid() != 0 and _is_account(wanted):
        raise PermissionError(
            f"{wanted!r} is another account of this machine: you hand in and fetch feedback as {login!r}"
        )
    return wanted


class KamlabSubmit(ExchangeSubmit):
    def init_dest(self):
        try:
            self.coursedir.student_id = student_id(self.coursedir.student_id)
        except PermissionError as exc:
            self.fail(str(exc))
        super().init_dest()

    def _private(self) -> bool:
        # nbgrader creates the inbound set-group-id, so a hand-in takes the instructors' group.
        return bool(os.stat(self.inbound_path).st_mode & S_ISGID)

    def set_perms(self, dest, fileperms, dirperms):
        if self._private() and os.path.dirname(os.path.abspath(dest)) == os.path.abspath(self.inbound_path):
            fileperms, dirperms = SUBMISSION_FILE, SUBMISSION_DIR
        super().set_perms(dest, fileperms, dirperms)

    def copy_files(self):
        super().copy_files()
        # nbgrader leaves the hand-in's folder writable by everyone (0777), "hidden by the timestamp" and a
        # random suffix: anyone who learns the path could add or delete files. Owner and instructors only.
        dest = os.path.join(self.inbound_path, self.assignment_filename)
        if self._private() and os.path.isdir(dest):
            os.chmod(dest, SUBMISSION_DIR)


class KamlabFetchFeedback(ExchangeFetchFeedback):
    def init_src(self):
        try:
            self.coursedir.student_id = student_id(self.coursedir.student_id)
        except PermissionError as exc:
            self.fail(str(exc))
        super().init_src()


class KamlabCollect(ExchangeCollect):
    def copy_files(self):
        # On one machine the instructor's own account hands in for its learners ($USER): that is not
        # the "cheating attempt?" nbgrader warns of, which stays on for every other owner.
        me = os.getuid()
        owners = {os.stat(os.path.join(self.inbound_path, r["filename"])).st_uid for r in self.src_records}
        if self.check_owner and owners == {me}:
            self.check_owner = False
        super().copy_files()


class KamlabReleaseFeedback(ExchangeReleaseFeedback):
    """nbgrader's release, but each report is readable by its learner's account only (and instructors)."""

    def _restrict(self, path: str, student: str) -> None:
        if student == get_osusername() or not _is_account(student):
            return  # one machine: the learners share the instructor's account
        os.chmod(path, FEEDBACK_FILE)
        try:
            acl.grant(path, user=student, perms="r")
        except OSError as exc:
            os.chmod(path, 0o644)
            self.log.warning(
                "This file system has no ACLs (%s): %s's feedback is readable by anyone who learns its name",
                exc,
                student,
            )

    def copy_files(self):
        exclude = set(filter(None, (self.coursedir.student_id_exclude or "").split(",")))
        pattern = re.escape(os.path.sep).join(
            [
                self.coursedir.format_path(
                    self.coursedir.feedback_directory,
                    "(?P<student_id>.*)",
                    self.coursedir.assignment_id,
                    escape=True,
                ),
                "(?P<notebook_id>.*).html",
            ]
        )
        for html_file in glob.glob(os.path.join(self.src_path, "*.html")):
            m = re.match(pattern, html_file)
            if m is None:
                self.log.error("Could not match '%s' with regexp '%s'", html_file, pattern)
                continue
            student, notebook_id = m.group("student_id"), m.group("notebook_id")
            if student in exclude:
                self.log.debug("Skipping student '%s'", student)
                continue
            folder = os.path.dirname(html_file)
            with open(os.path.join(folder, "submission_secret.txt")) as fh:
                checksum = notebook_hash(secret=fh.read(), notebook_id=notebook_id)
            with open(os.path.join(folder, "timestamp.txt")) as fh:
                timestamp = fh.read()
            self.log.info(
                "Releasing feedback for student '%s' on assignment '%s/%s/%s' (%s)",
                student,
                self.coursedir.course_id,
                self.coursedir.assignment_id,
                notebook_id,
                timestamp,
            )
            # Copy, restrict, then move into place: the report is never readable by others, even briefly.
            tmp = os.path.join(self.dest_path, f"{checksum}-tmp.html")
            shutil.copy(html_file, tmp)
            self._restrict(tmp, student)
            final = os.path.join(self.dest_path, f"{checksum}.html")
            shutil.move(tmp, final)
            self.log.info("Feedback released to: %s", final)


# ExchangeFactory trait -> class (hub/nbgrader_env.py)
CLASSES = {
    "submit": KamlabSubmit,
    "fetch_feedback": KamlabFetchFeedback,
    "collect": KamlabCollect,
    "release_feedback": KamlabReleaseFeedback,
}
