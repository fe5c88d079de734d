"""nbgrader configuration of the KAM Lab course (run nbgrader from this folder)."""

import os

import kamlab
from kamlab.grader import autograde

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
c.Execute.interrupt_on_timeout = True

# Grades that can't be fooled (kamlab/autograde.py): deleted test cells are put back; each kernel is
# guarded (no writing outside the submission, no reading the course or the exchange, no programs);
# a kernel that dies or ignores interrupts is restarted; output is capped as it arrives; and every
# hidden test is checked again in the grader's own process, on the values the kernel reported.
c.Autograde.sanitize_preprocessors = autograde.SANITIZE
c.Autograde.autograde_preprocessors = autograde.AUTOGRADE
project = os.path.dirname(here)  # the repository: its .git holds the solutions too
c.GuardedExecute.denied = [here, c.Exchange.root, project]
c.GuardedExecute.readable = [os.path.dirname(kamlab.__file__), os.path.join(project, "datasets")]
c.VerifyHiddenTests.helpers_file = os.path.join(here, "snippets", "grading_setup.py")
