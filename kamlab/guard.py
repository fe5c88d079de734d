"""A guard for the kernel that runs a submission during autograding.

nbgrader runs every student's notebook with the instructor's rights, in a folder
inside the course. Without a guard, an answer cell can overwrite the gradebook or
the instructor's notebooks, read the solutions, plant an IPython start-up file
that sabotages every later student, or kill the grader. :func:`install` adds a
Python audit hook (PEP 578) to the kernel, before any student code runs, that:

- allows writing only inside the submission's own folder (and ``/dev/null``);
- refuses reading or listing the course folder and the exchange, apart from the
  submission's own folder;
- refuses starting programs (``subprocess``, ``os.system``, ``exec``, ``fork``),
  sending signals (``os.kill``), changing folder, making links, loading native
  code with ``ctypes``, and the ``gc`` functions that could reach the hook itself.

Paths are resolved with functions captured when the hook is installed, so
patching ``os`` or ``os.path`` afterwards does not change the decisions.

An audit hook is not a sandbox: CPython's documentation says so, and a student
who finds a way to run native code can still escape it. For a cohort you do not
trust, also run ``nbgrader autograde`` as a user that can write nothing but the
course's ``autograded`` folder, or in a container.
"""

from __future__ import annotations

import os
import posix
import stat
import sys
from collections.abc import Callable, Iterable

__all__ = ["REFUSAL", "GuardError", "install"]

#: Events refused outright, whatever their arguments.
REFUSED = frozenset(
    {
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.spawn",
        "os.posix_spawn",
        "os.fork",
        "os.forkpty",
        "pty.spawn",
        "os.kill",
        "os.killpg",
        "signal.pthread_kill",
        "os.chdir",
        "os.link",
        "os.symlink",
        "ctypes.dlopen",
        "ctypes.dlsym",
        "ctypes.dlsym/handle",
        "ctypes.cdata",
        "ctypes.addressof",
        "gc.get_objects",
        "gc.get_referrers",
        "gc.get_referents",
        "sys.addaudithook",
        "sys.settrace",
        "sys.setprofile",
    }
)

#: Modules that may not be imported afresh: native-code gateways that raise no audit event of their own.
REFUSED_IMPORTS = frozenset(
    {"_posixsubprocess", "cffi", "_cffi_backend", "_testcapi", "_testinternalcapi", "_xxsubinterpreters"}
)
#: File names that hold native code, which a submission may not write (importing one would escape the hook).
NATIVE = (".so", ".pyd", ".dylib", ".dll")

#: Events that write or change the file at their first argument (and the second, for renames).
WRITES = frozenset(
    {
        "os.remove",
        "os.rmdir",
        "os.mkdir",
        "os.chmod",
        "os.chown",
        "os.chflags",
        "os.truncate",
        "os.utime",
        "os.setxattr",
        "os.removexattr",
        "shutil.rmtree",
        "shutil.chown",
        "shutil.copymode",
        "shutil.copystat",
    }
)
RENAMES = frozenset({"os.rename", "shutil.move"})
#: Events that read or list the path in their first argument.
READS = frozenset({"os.listdir", "os.scandir", "glob.glob", "os.listxattr", "os.getxattr", "sqlite3.connect"})

#: Start of the line written to the cell's stderr for each refusal.
REFUSAL = "[KAM Lab grader] refused:"

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


class GuardError(PermissionError):
    """The grader refused something a submission tried to do."""


def _resolver(lstat, readlink, is_link, os_error):  # the C functions and class captured by install()
    def resolve(path: str, cwd: str) -> str:
        """Absolute path with every symbolic link and ``..`` resolved, like ``os.path.realpath``."""
        if not path.startswith("/"):
            path = cwd + "/" + path
        todo = [p for p in path.split("/") if p]
        todo.reverse()
        parts: list[str] = []
        hops = 0
        while todo:
            part = todo.pop()
            if part == ".":
                continue
            if part == "..":
                if parts:
                    parts.pop()
                continue
            current = "/" + "/".join([*parts, part])
            try:
                linked = is_link(lstat(current).st_mode)
            except os_error:
                linked = False
            if not linked:
                parts.append(part)
                continue
            hops += 1
            if hops > 40:
                return "/"  # a symbolic link loop: treated as a path outside the submission
            target = readlink(current)
            if target.startswith("/"):
                parts = []
            rest = [p for p in target.split("/") if p]
            rest.reverse()
            todo.extend(rest)
        return "/" + "/".join(parts)

    return resolve


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def install(denied: Iterable[str | os.PathLike], allowed: str | os.PathLike | None = None) -> None:
    """Guard this Python process for the rest of its life (hooks cannot be removed).

    ``allowed`` (default: the current folder) is the only place files may be written,
    and may be read even inside a ``denied`` folder. Modules that notebooks use are
    imported first, so their caches are built before writing is refused.
    """
    import matplotlib.font_manager  # noqa: F401 - builds matplotlib's font cache before writes are refused
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    import kamlab  # noqa: F401

    # Everything the hook uses is bound here, so patching os, builtins or this module later changes nothing.
    resolve = _resolver(posix.lstat, posix.readlink, stat.S_ISLNK, OSError)
    inside, is_a, any_of, as_list, fspath = _inside, isinstance, any, list, os.fspath
    cwd = resolve(posix.getcwd(), "/")
    home = resolve(str(allowed), cwd) if allowed is not None else cwd
    blocked = tuple(resolve(os.fspath(d), cwd) for d in denied)
    refused, writes, renames, reads = REFUSED, WRITES, RENAMES, READS
    refused_imports, native_ext = REFUSED_IMPORTS, NATIVE
    decode, encoding, write_flags, error = bytes.decode, sys.getfilesystemencoding(), _WRITE_FLAGS, GuardError
    stderr, busy, prefix = sys.stderr, [], REFUSAL

    def refuse(message: str) -> None:
        """Tell the cell's output (so the grader can note it) and raise, even if the error is caught."""
        if not busy:
            busy.append(1)
            try:
                stderr.write(f"{prefix} {message}\n")
            finally:
                busy.clear()
        raise error(message)

    def where(target: object) -> str | None:
        if is_a(target, int) or target is None:
            return None  # an open file descriptor: checked when it was opened
        if is_a(target, bytes):
            target = decode(target, encoding, "surrogateescape")
        if not is_a(target, str):
            target = fspath(target)
        return resolve(target, cwd)

    def may_read(path: str | None) -> bool:
        return path is None or inside(path, home) or not any_of(inside(path, b) for b in blocked)

    def check_write(path: str | None, verb: str) -> None:
        if path is None or path == "/dev/null":
            return
        if not inside(path, home):
            refuse(f"the grader allows {verb} files only in the submission folder, not {path}")
        name = path.rsplit("/", 1)[-1].lower()
        if name.endswith(native_ext) or ".so." in name:
            refuse(f"the grader does not allow writing native code ({name}) while grading")

    def hook(event: str, args: tuple) -> None:
        if event in refused:
            refuse(f"the grader does not allow {event} while grading")
        if event == "import" and args and args[0] in refused_imports:
            refuse(f"the grader does not allow importing {args[0]} while grading")
        if event == "open":
            path, mode, flags = (as_list(args) + [None, None])[:3]
            target = where(path)
            writing = (is_a(mode, str) and any_of(m in mode for m in "wax+")) or (
                is_a(flags, int) and flags & write_flags
            )
            if writing:
                check_write(target, "writing")
            if not may_read(target):
                refuse(f"the grader does not allow reading {target} while grading")
        elif event in writes:
            check_write(where(args[0]) if args else None, "changing")
        elif event in renames:
            for arg in args[:2]:
                check_write(where(arg), "moving")
        elif event in reads:
            target = where(args[0]) if args else None
            if not may_read(target):
                refuse(f"the grader does not allow reading {target} while grading")

    sys.addaudithook(hook)
    _close_subprocess_gateway(refuse)


def _close_subprocess_gateway(refuse: Callable[[str], None]) -> None:
    """Make the C function behind ``subprocess`` refuse too.

    ``subprocess.Popen`` raises its audit event from Python, through ``sys.audit``,
    which a submission can replace; the function that starts the program raises none.
    """
    import _posixsubprocess
    import subprocess

    def fork_exec(*args: object, **kwargs: object) -> None:
        refuse("the grader does not allow starting programs while grading")

    _posixsubprocess.fork_exec = fork_exec
    subprocess._fork_exec = fork_exec
