"""JupyterLab for a self-paced learner (``make lab``): the course, without the instructor's tools.

``make lab`` points ``JUPYTER_CONFIG_DIR`` at a copy of this folder inside ``my-work/``, so these
settings win over the environment's: nbgrader's instructor tools (formgrader, create assignment,
validate, the course and assignment lists, which need an exchange) and Jupytext's notebook editing
are switched off, the news pop-up too (labconfig/page_config.json), and sliders saved in a notebook
are replaced by a one-line note to re-run their cell (kamlab.learner.lab.strip_widget_views).
"""

c = get_config()  # noqa: F821  (provided by Jupyter)

c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.validate_assignment": False,
    "nbgrader.server_extensions.assignment_list": False,
    "nbgrader.server_extensions.course_list": False,
    "jupyterlab_jupytext": False,
}
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
c.FileContentsManager.pre_save_hook = "kamlab.learner.lab.strip_widget_views"
