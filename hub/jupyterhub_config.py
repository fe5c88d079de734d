"""JupyterHub for a KAM Lab cohort: learners and the instructor as Unix accounts (`make hub`; hub/README.md).

Read by ``jupyterhub -f hub/jupyterhub_config.py`` as root, after ``hub/provision.py``. Settings come from
the environment, with the defaults `make hub` uses:

KAMLAB_HUB_IP / KAMLAB_HUB_PORT        where the proxy listens (127.0.0.1:8000)
KAMLAB_HUB_API_PORT / KAMLAB_HUB_HUB_PORT  the proxy's API and the hub's own port, on 127.0.0.1 (8001, 8081)
KAMLAB_HUB_STATE                       the hub's database, cookie secret and proxy pid (PROJECT/.hub)
KAMLAB_COURSE                          the course folder, the instructors' root folder (PROJECT/course)
KAMLAB_EXCHANGE                        the nbgrader exchange every server uses (kamlab/grader/exchange.py)
KAMLAB_HUB_INSTRUCTORS_GROUP / KAMLAB_HUB_LEARNERS_GROUP  who may log in, and as what
                                       (kamlab-instructors, kamlab-learners)
"""

import grp
import os
import sys

HUB = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.environ.get("KAMLAB_PROJECT", os.path.dirname(HUB))
if PROJECT not in sys.path:
    sys.path.append(PROJECT)

from kamlab.grader.exchange import exchange_root  # noqa: E402

BIN = os.path.dirname(os.path.abspath(sys.executable))  # the project's environment, which runs the hub
STATE = os.environ.get("KAMLAB_HUB_STATE", os.path.join(PROJECT, ".hub"))
COURSE = os.environ.get("KAMLAB_COURSE", os.path.join(PROJECT, "course"))
EXCHANGE = os.environ.get("KAMLAB_EXCHANGE") or exchange_root(COURSE)
INSTRUCTORS = os.environ.get("KAMLAB_HUB_INSTRUCTORS_GROUP", "kamlab-instructors")
LEARNERS = os.environ.get("KAMLAB_HUB_LEARNERS_GROUP", "kamlab-learners")
ROLE_CONFIG = os.path.join(HUB, "jupyter")  # per role: instructor/ and learner/ Jupyter config folders

c = get_config()  # noqa: F821  (provided by JupyterHub)

c.JupyterHub.ip = os.environ.get("KAMLAB_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("KAMLAB_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("KAMLAB_HUB_HUB_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{int(os.environ.get('KAMLAB_HUB_API_PORT', '8001'))}"
c.ConfigurableHTTPProxy.command = [os.path.join(HUB, "node_modules", ".bin", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = os.path.join(STATE, "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{os.path.join(STATE, 'jupyterhub.sqlite')}"
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")

# Log in with the Unix password; only the two groups' members may (hub/provision.py creates them).
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {INSTRUCTORS, LEARNERS}

# Each person's server runs as their own account, from the project's environment.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.path.join(BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    "KAMLAB_EXCHANGE": EXCHANGE,
    "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    # No bytecode writes into the project (learners cannot; for graded kernels the guard refuses them).
    "PYTHONDONTWRITEBYTECODE": "1",
}
# A busy two-core machine starts a server in seconds, sometimes in a minute.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180


def _members(group: str) -> set[str]:
    try:
        return set(grp.getgrnam(group).gr_mem)
    except KeyError:
        return set()


def pre_spawn_hook(spawner):
    """Instructors work in the course, with the formgrader; learners in their home, without it."""
    name = spawner.user.name
    if name in _members(INSTRUCTORS):
        spawner.notebook_dir = COURSE
        role = "instructor"
    else:
        role = "learner"
    # JupyterHub 4.1+ forbids framing a user's server (frame-ancestors 'none'); the formgrader is a frame
    # in JupyterLab, so only instructors' servers allow frames from the same origin (hub/README.md).
    spawner.environment = {**spawner.environment, "JUPYTER_CONFIG_PATH": os.path.join(ROLE_CONFIG, role)}


c.Spawner.pre_spawn_hook = pre_spawn_hook
