"""The exchange rules (kamlab/grader/exchange.py), no hub: where it is, who the student is, ACL entries."""

from __future__ import annotations

import os
import pwd

import pytest

from kamlab.grader import acl, exchange


def test_exchange_root_prefers_the_variable_then_the_machine_then_the_course(tmp_path, monkeypatch):
    machine = tmp_path / "etc"
    machine.mkdir()
    monkeypatch.setattr("jupyter_core.paths.SYSTEM_CONFIG_PATH", [str(machine)])
    monkeypatch.delenv("KAMLAB_EXCHANGE", raising=False)
    assert exchange.exchange_root("/c") == os.path.join("/c", "exchange")
    (machine / "nbgrader_config.py").write_text("c = get_config()\nc.Exchange.root = '/srv/x'\n")
    assert exchange.exchange_root("/c") == "/srv/x"
    monkeypatch.setenv("KAMLAB_EXCHANGE", "/elsewhere")
    assert exchange.exchange_root("/c") == "/elsewhere"


def test_a_broken_machine_config_falls_back_to_the_course(tmp_path, monkeypatch):
    (tmp_path / "nbgrader_config.py").write_text("this is not python\n")
    monkeypatch.setattr("jupyter_core.paths.SYSTEM_CONFIG_PATH", [str(tmp_path)])
    monkeypatch.delenv("KAMLAB_EXCHANGE", raising=False)
    assert exchange.exchange_root("/c") == os.path.join("/c", "exchange")


@pytest.fixture
def alice(monkeypatch):
    """A machine with the accounts alice (us, not root) and bob."""
    monkeypatch.setattr(exchange, "get_osusername", lambda: "alice")
    monkeypatch.setattr(exchange.os, "getuid", lambda: 1000)
    monkeypatch.setattr(exchange, "_is_account", lambda name: name in {"alice", "bob"})


def test_user_names_the_learner_on_a_shared_account(alice, monkeypatch):
    monkeypatch.setenv("USER", "learner01")
    assert exchange.student_id("*") == "learner01"
    monkeypatch.delenv("USER")
    assert exchange.student_id("*") == "alice"
    assert exchange.student_id("learner02") == "learner02"


def test_nobody_hands_in_as_another_account(alice, monkeypatch):
    monkeypatch.setenv("USER", "bob")
    with pytest.raises(PermissionError, match="another account"):
        exchange.student_id("*")
    monkeypatch.setenv("USER", "alice")
    with pytest.raises(PermissionError, match="another account"):
        exchange.student_id("bob")
    assert exchange.student_id("alice") == "alice"


def test_acl_entry_is_written_and_read_back(tmp_path):
    path = tmp_path / "feedback.html"
    path.write_text("x")
    path.chmod(0o600)
    nobody = pwd.getpwnam("nobody").pw_name
    try:
        acl.grant(str(path), user=nobody, perms="r")
    except OSError as exc:  # a file system without ACLs: the exchange then warns and opens the file
        pytest.skip(f"no ACLs here: {exc}")
    assert acl.allows(str(path), user=nobody) == 4
    assert path.stat().st_mode & 0o777 == 0o640  # the mask shows as the group bits
    entries = acl.read(str(path))
    assert entries[(acl.OTHER, acl.UNDEFINED)] == 0
