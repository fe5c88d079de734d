"""nbgrader configuration of the KAM Lab course (run nbgrader from this folder)."""

import os

c = get_config()  # noqa: F821  (provided by nbgrader)

here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "kamlab"
c.CourseDirectory.root = here
# The exchange lives beside the course unless the instructor points it elsewhere (JupyterHub cohorts).
c.Exchange.root = os.environ.get("KAMLAB_EXCHANGE", os.path.join(here, "exchange"))

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearHiddenTests.enforce_metadata = True
# A runaway answer cell must not stall a whole cohort's grading.
c.Execute.timeout = 60
c.Execute.allow_errors = True
c.Execute.interrupt_on_timeout = True
