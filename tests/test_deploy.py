"""Kubernetes on paper, checked: deploy/z2jh/values.yaml against deploy/SIZING.md and the project's files."""

from __future__ import annotations

import math
import re
import sys
import types
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parent.parent
VALUES = yaml.safe_load((ROOT / "deploy" / "z2jh" / "values.yaml").read_text())
SIZING_PAGE = (ROOT / "deploy" / "SIZING.md").read_text()
SIZING = yaml.safe_load(re.search(r"```yaml\n(.*?)```", SIZING_PAGE, re.S).group(1))
NGSHARE_SERVICE = VALUES["hub"]["services"]["ngshare"]["url"]


def mib(spec: str) -> float:
    """KubeSpawner's byte specification (K, M, G, T are powers of 1024) or Kubernetes' Ki, Mi, Gi, in MiB."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])i?", str(spec))
    assert m, f"not a KubeSpawner size: {spec!r}"
    return float(m.group(1)) * 1024 ** ("KMGT".index(m.group(2)) + 1) / 1024**2


def test_values_name_every_piece_the_course_needs():
    for path in (
        "hub.config.JupyterHub.authenticator_class",
        "hub.services.ngshare.url",
        "hub.services.ngshare.apiToken",
        "hub.loadRoles.ngshare.scopes",
        "singleuser.image.name",
        "singleuser.image.tag",
        "singleuser.memory.guarantee",
        "singleuser.memory.limit",
        "singleuser.cpu.guarantee",
        "singleuser.extraEnv.KAMLAB_NGSHARE_URL",
        "singleuser.profileList",
        "proxy.https.enabled",
        "cull.enabled",
    ):
        node = VALUES
        for key in path.split("."):
            assert isinstance(node, dict) and key in node, f"values.yaml lacks {path}"
            node = node[key]
    assert VALUES["singleuser"]["defaultUrl"] == "/lab"
    assert VALUES["cull"]["enabled"] is True


def test_the_exchange_is_the_ngshare_service_for_learners_and_instructors():
    assert re.fullmatch(r"http://ngshare\.[a-z0-9-]+\.svc\.cluster\.local:\d+", NGSHARE_SERVICE)
    assert VALUES["hub"]["loadRoles"]["ngshare"]["services"] == ["ngshare"]
    assert {"list:users", "read:users"} <= set(VALUES["hub"]["loadRoles"]["ngshare"]["scopes"])
    learner_url = VALUES["singleuser"]["extraEnv"]["KAMLAB_NGSHARE_URL"]
    assert learner_url == f"{NGSHARE_SERVICE}/services/ngshare"
    instructor = next(p for p in VALUES["singleuser"]["profileList"] if p.get("slug") == "instructor")
    assert instructor["kubespawner_override"]["environment"]["KAMLAB_NGSHARE_URL"] == learner_url
    # Secrets are placeholders here: the real ones live in secrets.yaml.
    assert VALUES["hub"]["services"]["ngshare"]["apiToken"] == "set-in-secrets.yaml"


def test_role_configs_named_in_values_exist_in_the_image():
    """The image copies the repository to /opt/kamlab: each JUPYTER_CONFIG_PATH must be a folder of it."""
    learner = VALUES["singleuser"]["extraEnv"]["JUPYTER_CONFIG_PATH"]
    instructor = next(p for p in VALUES["singleuser"]["profileList"] if p.get("slug") == "instructor")
    for path in (learner, instructor["kubespawner_override"]["environment"]["JUPYTER_CONFIG_PATH"]):
        assert path.startswith("/opt/kamlab/")
        assert (ROOT / path.removeprefix("/opt/kamlab/")).is_dir(), path
    assert learner.endswith("/learner")
    assert "slug" in instructor and "kamlab-instructors" in VALUES["hub"]["extraConfig"]["kamlab-profiles"]
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "COPY --chown=root:root . /opt/kamlab" in dockerfile
    assert re.search(r"rm -rf [^\n]*/opt/kamlab/course", dockerfile), "the image must not hold the solutions"


def test_resources_follow_the_sizing_page():
    s = SIZING
    user = VALUES["singleuser"]
    guarantee, limit = mib(user["memory"]["guarantee"]), mib(user["memory"]["limit"])
    assert guarantee >= s["server_mib"] + s["kernel_mib"], "a server and one kernel must fit the guarantee"
    assert guarantee % 64 == 0
    assert limit >= s["server_mib"] + s["kernels_within_limit"] * s["kernel_mib"]
    # The page states the per-learner figures it derived.
    assert f"Memory guarantee {user['memory']['guarantee']}" in SIZING_PAGE
    assert f"Memory limit {user['memory']['limit']}" in SIZING_PAGE
    assert f"CPU guarantee {user['cpu']['guarantee']}" in SIZING_PAGE
    per_node = min(
        math.floor(s["node_user_mib"] / guarantee), math.floor(s["node_cpus"] / user["cpu"]["guarantee"])
    )
    assert f"**{per_node} learners\nper 4-vCPU, 16 GiB node**" in SIZING_PAGE

    rows = re.findall(r"^\| (\d+) \| (\d+) \| (\d+) \| ([\d.]+) \| (\d+) \|$", SIZING_PAGE, re.M)
    expected = []
    for learners in s["learners"]:
        for share in s["online"]:
            online = round(learners * share)
            expected.append(
                (
                    str(learners),
                    str(online),
                    str(math.ceil(online / per_node)),
                    f"{round(online * guarantee / 1024, 1):.1f}",
                    str(round(learners * mib(user["storage"]["capacity"]) / 1024)),
                )
            )
    assert rows == expected


def test_measured_inputs_match_the_measurements_on_the_page():
    """The inputs are the largest measured figures, rounded up."""
    kernels = [float(x) for x in re.findall(r"kernel[^|]*\| ([\d.]+) MiB", SIZING_PAGE)]
    servers = [float(x) for x in re.findall(r"\| [\d.]+ to ([\d.]+) MiB", SIZING_PAGE)]
    assert len(kernels) >= 3 and servers
    assert SIZING["kernel_mib"] == math.ceil(max(kernels))
    assert SIZING["server_mib"] == math.ceil(
        max(
            servers
            + [float(x) for x in re.findall(r"`jupyter lab` with no kernel \| ([\d.]+) MiB", SIZING_PAGE)]
        )
    )


def test_nbgrader_uses_ngshare_when_the_pod_names_it(monkeypatch):
    """hub/nbgrader_env.py, as a learner's pod reads it (KAMLAB_NGSHARE_URL set), picks ngshare."""
    calls = []
    fake = types.ModuleType("ngshare_exchange")
    fake.configureExchange = lambda c, url: calls.append((c, url))
    monkeypatch.setitem(sys.modules, "ngshare_exchange", fake)
    url = VALUES["singleuser"]["extraEnv"]["KAMLAB_NGSHARE_URL"]
    monkeypatch.setenv("KAMLAB_NGSHARE_URL", url)
    config = PyFileConfigLoader("nbgrader_env.py", str(ROOT / "hub")).load_config()
    assert [u for _, u in calls] == [url]
    assert isinstance(calls[0][0], Config)
    assert "ExchangeFactory" not in config  # the folder exchange's classes stay out of it


@pytest.mark.parametrize("name", ["z2jh/values.yaml", "SIZING.md", "README.md", "Dockerfile"])
def test_deploy_files_exist(name):
    assert (ROOT / "deploy" / name).is_file()
