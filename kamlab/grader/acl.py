"""POSIX access control lists, read and written as the kernel stores them (no `setfacl` needed).

A file's ACL lives in the extended attribute ``system.posix_acl_access`` (a folder's default ACL, inherited
by what is created in it, in ``system.posix_acl_default``): a 4-byte version (2), then 8 bytes per entry,
tag (u16), permissions (u16) and id (u32), all little-endian, sorted by tag then id. Named entries need a
mask, which also becomes the group bits of the mode.
"""

from __future__ import annotations

import grp
import os
import pwd
import struct

ACCESS = "system.posix_acl_access"
DEFAULT = "system.posix_acl_default"
USER_OBJ, USER, GROUP_OBJ, GROUP, MASK, OTHER = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
UNDEFINED = 0xFFFFFFFF
_HEADER, _ENTRY = struct.Struct("<I"), struct.Struct("<HHI")

Entries = dict[tuple[int, int], int]  # (tag, id) -> rwx bits (4 read, 2 write, 1 execute)


def _from_mode(mode: int) -> Entries:
    return {
        (USER_OBJ, UNDEFINED): (mode >> 6) & 7,
        (GROUP_OBJ, UNDEFINED): (mode >> 3) & 7,
        (OTHER, UNDEFINED): mode & 7,
    }


def read(path: str, default: bool = False) -> Entries:
    """The ACL of ``path`` (the one its mode implies when it has none)."""
    try:
        raw = os.getxattr(path, DEFAULT if default else ACCESS)
    except OSError:
        raw = b""
    if len(raw) < _HEADER.size:
        return {} if default else _from_mode(os.stat(path).st_mode)
    entries = {}
    for offset in range(_HEADER.size, len(raw), _ENTRY.size):
        tag, perm, ident = _ENTRY.unpack_from(raw, offset)
        entries[(tag, ident)] = perm
    return entries


def write(path: str, entries: Entries, default: bool = False) -> None:
    entries = dict(entries)
    named = [p for (tag, _), p in entries.items() if tag in (USER, GROUP)]
    if named:
        mask = entries.get((GROUP_OBJ, UNDEFINED), 0)
        for p in named:
            mask |= p
        entries[(MASK, UNDEFINED)] = mask
    else:
        entries.pop((MASK, UNDEFINED), None)
    raw = _HEADER.pack(2) + b"".join(
        _ENTRY.pack(tag, perm, ident) for (tag, ident), perm in sorted(entries.items())
    )
    os.setxattr(path, DEFAULT if default else ACCESS, raw)


def _bits(perms: str) -> int:
    return (4 if "r" in perms else 0) | (2 if "w" in perms else 0) | (1 if "x" in perms else 0)


def grant(
    path: str, *, user: str | None = None, group: str | None = None, perms: str = "r", default: bool = False
) -> None:
    """Add (or widen) a named user's or group's entry, as ``setfacl -m u:NAME:PERMS`` does."""
    if (user is None) == (group is None):
        raise ValueError("name exactly one of user and group")
    key = (USER, pwd.getpwnam(user).pw_uid) if user else (GROUP, grp.getgrnam(group).gr_gid)
    if default:
        entries = read(path, default=True) or _from_mode(os.stat(path).st_mode)
    else:
        entries = read(path)
    entries[key] = entries.get(key, 0) | _bits(perms)
    write(path, entries, default=default)


def allows(path: str, *, user: str | None = None, group: str | None = None) -> int:
    """The bits a named entry grants on ``path`` before the mask (0 when there is none)."""
    key = (USER, pwd.getpwnam(user).pw_uid) if user else (GROUP, grp.getgrnam(group).gr_gid)
    return read(path).get(key, 0)


def revoke(path: str, *, gid: int) -> bool:
    """Drop a group's entry (also when the group is gone); ``True`` if there was one."""
    entries = read(path)
    if (GROUP, gid) not in entries:
        return False
    del entries[(GROUP, gid)]
    if any(tag in (USER, GROUP) for tag, _ in entries):
        write(path, entries)
    else:  # back to a plain mode: no ACL left
        os.removexattr(path, ACCESS)
        mode = os.stat(path).st_mode
        group = entries.get((GROUP_OBJ, UNDEFINED), 0)
        os.chmod(path, (mode & ~0o070 & 0o7777) | (group << 3))
    return True
