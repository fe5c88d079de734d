"""A guard for the kernel that runs a submission during autograding.

nbgrader runs every student's notebook with the instructor's rights, in a folder
inside the course. Without a guard, an answer cell can overwrite the gradebook or
the instructor's notebooks, read the solutions, plant an IPython start-up file
that sabotages every later student, or kill the grader. :func:`install` adds a
Python audit hook (PEP 578) to the kernel, before any student code runs, that:

- allows writing only inside the submission's own folder (and ``/dev/null``);
- refuses reading or listing the course folder and the exchange, apart from the
  submission's own folder;
- refuses starting programs (``subprocess`` and the C function behind it,
  ``os.system``, ``exec``, ``fork``), sending signals (``os.kill``), changing
  folder, making links, loading native code (``ctypes``, ``cffi``, writing
  ``.so`` files, loading a refused module under another name), ``sqlite3``
  (``ATTACH`` opens files the hook never sees), replacing a function's
  ``__code__``, and the ``gc`` functions that could reach the hook itself;
- refuses relative paths that climb out with ``..`` and opening folders outside
  the submission, because the ``open`` event does not show a ``dir_fd``.

Paths are resolved with functions captured when the hook is installed, so
patching ``os``, ``os.path`` or ``builtins`` afterwards does not change the
decisions, and any event raised while the hook runs (a submission's code
running inside it) is refused.

An audit hook is not a sandbox: CPython's documentation says so, and a student
who finds a way to run native code can still escape it. For a cohort you do not
trust, also run ``nbgrader autograde`` as a user that can write nothing but the
course's ``autograded`` folder, or in a container.
"""

from __future__ import annotations

import os
import pathlib
import posix
import stat
import sys
from collections.abc import Iterable

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
        "sqlite3.connect",
        "sqlite3.enable_load_extension",
        "resource.setrlimit",
        "resource.prlimit",
    }
)
#: Function attributes a submission may not replace (they would let it rewrite code the guard relies on).
FUNCTION_PARTS = frozenset({"__code__"})

#: Entries of another process's /proc folder that expose its memory or files (``stat`` stays readable:
#: ipykernel reads it to find child processes when it is interrupted).
PROCESS_PRIVATE = frozenset(
    {"mem", "environ", "maps", "smaps", "pagemap", "cwd", "root", "fd", "fdinfo", "map_files", "task", "exe"}
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
READS = frozenset({"os.listdir", "os.scandir", "glob.glob", "os.listxattr", "os.getxattr"})

#: Start of the line written to the cell's stderr for each refusal.
REFUSAL = "[KAM Lab grader] refused:"
#: True once :func:`install` has guarded this process (hidden tests then leave the keys to the grader).
INSTALLED = False

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


def install(
    denied: Iterable[str | os.PathLike],
    allowed: str | os.PathLike | None = None,
    readable: Iterable[str | os.PathLike] = (),
    memory_bytes: int | None = None,
) -> None:
    """Guard this Python process for the rest of its life (hooks cannot be removed).

    ``allowed`` (default: the current folder) is the only place files may be written,
    and may be read even inside a ``denied`` folder; so may the ``readable`` folders
    (say the package and its data, inside a denied project folder). ``memory_bytes``
    caps the process's address space, so a runaway cell gets a MemoryError instead of
    slowing the whole machine. Modules that notebooks use are
    imported first, so their caches are built before writing is refused.
    """
    import matplotlib.font_manager  # noqa: F401 - builds matplotlib's font cache before writes are refused
    import numpy  # noqa: F401
    import pandas  # noqa: F401

    import kamlab
    import kamlab.grader.keys  # noqa: F401 - the hidden tests' check, with the self-checks it uses

    # Everything the hook uses is bound here, so patching os, builtins or this module later changes nothing.
    resolve = _resolver(posix.lstat, posix.readlink, stat.S_ISLNK, OSError)
    inside, is_a, any_of, as_list, fspath = _inside, isinstance, any, list, os.fspath
    stat_of, is_dir, os_error, base_error = posix.stat, stat.S_ISDIR, OSError, BaseException
    function_parts, length, text_t, bytes_t, int_t = FUNCTION_PARTS, len, str, bytes, int
    to_text, path_types, type_of = str.__str__, (pathlib.PosixPath, pathlib.PurePosixPath), type
    cwd = resolve(posix.getcwd(), "/")
    home = resolve(str(allowed), cwd) if allowed is not None else cwd
    blocked = tuple(resolve(os.fspath(d), cwd) for d in denied)
    # native modules may come only from Python's and the environment's own folders, which stay readable
    pythons = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    trusted = tuple(resolve(p, cwd) for p in pythons)
    open_to_read = tuple(resolve(os.fspath(r), cwd) for r in readable) + trusted
    own_pid, private = str(posix.getpid()), PROCESS_PRIVATE
    refused, writes, renames, reads = REFUSED, WRITES, RENAMES, READS
    refused_imports, native_ext = REFUSED_IMPORTS, NATIVE
    decode, encoding, write_flags, error = bytes.decode, sys.getfilesystemencoding(), _WRITE_FLAGS, GuardError
    stderr, busy, prefix = sys.stderr, [], REFUSAL

    def refuse(message: str) -> None:
        """Tell the cell's output (so the grader can note it) and raise, even if the error is caught."""
        try:
            stderr.write(f"{prefix} {message}\n")
        except base_error:
            pass
        raise error(message)

    def where(target: object) -> str | None:
        if is_a(target, int_t) or target is None:
            return None  # an open file descriptor: checked when it was opened
        return resolve(plain(target), cwd)

    def plain(target: object) -> str:
        """The path as an exact ``str``: subclasses and path objects could answer differently later."""
        if is_a(target, bytes_t):
            return decode(target, encoding, "surrogateescape")
        if is_a(target, text_t):
            return to_text(target)
        if type_of(target) in path_types:
            return to_text(fspath(target))
        refuse(f"the grader allows only text and pathlib paths while grading, not {type_of(target).__name__}")

    def may_read(path: str | None) -> bool:
        if path is None or inside(path, home) or any_of(inside(path, r) for r in open_to_read):
            return True
        parts = path.split("/")
        if length(parts) > 3 and parts[1] == "proc" and parts[2].isdigit() and parts[2] != own_pid:
            if parts[3] in private:  # another process's memory: the grader's holds other students' answers
                return False
        return not any_of(inside(path, b) for b in blocked)

    def check_write(path: str | None, verb: str) -> None:
        if path is None or path == "/dev/null":
            return
        if not inside(path, home):
            refuse(f"the grader allows {verb} files only in the submission folder, not {path}")
        name = path.rsplit("/", 1)[-1].lower()
        if name.endswith(native_ext) or ".so." in name:
            refuse(f"the grader does not allow writing native code ({name}) while grading")

    def check_open(
        path: object, mode: object, flags: object, verb: str = "writing", handle: bool = False
    ) -> None:
        if path is not None and not is_a(path, int_t):
            path = plain(path)
        if is_a(path, text_t) and not path.startswith("/") and ".." in path.split("/"):
            # the open event does not say if a folder handle (dir_fd) was given: never climb out of one
            refuse(f"the grader does not allow paths that climb out of a folder ({path}) while grading")
        target = where(path)
        writing = (is_a(mode, text_t) and any_of(m in mode for m in "wax+")) or (
            is_a(flags, int_t) and flags & write_flags
        )
        if writing:
            check_write(target, verb)
        if not may_read(target):
            refuse(f"the grader does not allow reading {target} while grading")
        if handle and target is not None and not inside(target, home):
            try:
                folder = is_dir(stat_of(target).st_mode)
            except os_error:
                folder = False
            if folder:  # a folder handle outside the submission would let relative paths go anywhere
                refuse(f"the grader does not allow opening the folder {target} while grading")

    def check(event: str, args: tuple) -> None:
        if event in refused or event.startswith("ctypes."):
            refuse(f"the grader does not allow {event} while grading")
        count = length(args)
        if event == "import" and count:
            names = [text_t(args[0]).rsplit(".", 1)[-1]]
            if count > 1 and is_a(args[1], text_t):
                names.append(args[1].rsplit("/", 1)[-1].split(".", 1)[0])
            for name in names:
                if name in refused_imports:
                    refuse(f"the grader does not allow importing {name} while grading")
            if count > 1 and is_a(args[1], text_t):
                origin = resolve(to_text(args[1]), cwd)
                if not any_of(inside(origin, root) for root in trusted):
                    refuse(f"the grader does not allow loading native code from {origin} while grading")
        elif event == "object.__setattr__" and count > 1 and args[1] in function_parts:
            refuse(f"the grader does not allow replacing {args[1]} while grading")
        elif event == "open":
            path, mode, flags = (as_list(args) + [None, None])[:3]
            check_open(path, mode, flags, handle=True)
        elif event in writes and count:
            check_open(args[0], "w", None, "changing")
        elif event in renames:
            for arg in args[:2]:
                check_open(arg, "w", None, "moving")
        elif event in reads and count:
            check_open(args[0], "r", None)
        elif event in ("socket.bind", "socket.connect") and count > 1:
            address = args[1]
            if is_a(address, text_t | bytes_t) and length(address) and address[:1] not in ("\0", b"\0"):
                check_open(address, "w", None, "binding sockets to")

    def hook(event: str, args: tuple) -> None:
        if busy:
            # An event raised while the hook runs means a submission's code is running inside it
            # (a path object's __fspath__, a patched stream): refuse whatever it tries.
            raise error(f"the grader does not allow {event} while it checks a file")
        busy.append(1)
        try:
            check(event, args)
        finally:
            busy.clear()

    if memory_bytes:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    sys.addaudithook(hook)
    global INSTALLED
    INSTALLED = True
    _close_subprocess_gateway()


def _no_programs(*args: object, **kwargs: object) -> None:
    """Stands in for the C function that starts programs: raises the audit event the hook refuses."""
    sys.audit("os.system", "fork_exec")  # the hook refuses it and notes it, unless sys.audit was replaced
    message = "the grader does not allow starting programs while grading"
    sys.stderr.write(f"{REFUSAL} {message}\n")
    raise GuardError(message)


def _close_subprocess_gateway() -> None:
    """Make the C function behind ``subprocess`` refuse too.

    ``subprocess.Popen`` raises its audit event from Python, through ``sys.audit``,
    which a submission can replace; the function that starts the program raises none.
    The stand-in holds no reference to the hook, and its code cannot be replaced.
    """
    import _posixsubprocess
    import subprocess

    _posixsubprocess.fork_exec = _no_programs
    subprocess._fork_exec = _no_programs
