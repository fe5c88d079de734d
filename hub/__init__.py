"""KAM Lab on a shared machine: the nbgrader exchange, and a JupyterHub with learners as Unix users.

`make hub` provisions the machine (`hub/provision.py`) and starts JupyterHub with `hub/jupyterhub_config.py`;
`hub/README.md` explains who may read what, and why.
"""
