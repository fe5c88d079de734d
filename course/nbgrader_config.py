"""nbgrader configuration of the KAM Lab course (run nbgrader from this folder)."""

import logging
import os
import warnings

import nbgrader
from nbgrader.converters import GenerateAssignment

import kamlab
from kamlab.company import datasets
from kamlab.grader import autograde, release
from kamlab.grader.exchange import exchange_root

c = get_config()  # noqa: F821  (provided by nbgrader)

# Two messages a new instructor would take for faults, silenced here and nowhere else:
# - `autograde --create` adds students through nbgrader's gradebook code, which makes SQLAlchemy warn that
#   a new submission "not in session" is skipped by an autoflush; nbgrader adds it right after. Harmless.
warnings.filterwarnings(
    "ignore", message=r"Object of type <Submitted\w+> not in session", module=r"nbgrader\.api"
)
# - `generate_feedback` counts the plots without alternative text: nbconvert's templates cannot carry one
#   for a PNG output (the plots would have to emit it themselves) and it writes a generic one instead.
logging.getLogger("GenerateFeedbackApp").addFilter(
    lambda record: not record.getMessage().startswith("Alternative text is missing")
)

here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "kamlab"
c.CourseDirectory.root = here
# The exchange lives beside the course unless KAMLAB_EXCHANGE or the machine's config (a hub) names
# another folder: the same rule every learner's nbgrader follows (kamlab/grader/exchange.py).
c.Exchange.root = exchange_root(here)

# The blanks of an answer cell (`name = None`) sit outside its solution, so a released notebook runs
# top to bottom before anything is answered; the solution is simply removed.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.ClearHiddenTests.enforce_metadata = True
nbgrader_steps = GenerateAssignment.class_traits()["preprocessors"].default()
c.GenerateAssignment.preprocessors = [*nbgrader_steps, release.LearnerView]
# A runaway answer cell must not stall a whole cohort's grading.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# On a busy machine zmq's asyncio poller can miss the wake-up for a reply already waiting, and the
# grader then sleeps until the cell's timeout (seen building the web edition): look every 0.5 s.
c.KernelManager.client_class = "kamlab.kernels.PatientClient"

# Grades that can't be fooled (kamlab/grader/autograde.py): deleted test cells are put back; each
# kernel is guarded (no writing outside the submission, no reading the course or the exchange, no
# programs); a kernel that dies or ignores interrupts is restarted; output is capped as it arrives;
# and every hidden test is checked again in the grader's own process, against the answer keys
# (course/keys, every row), on the values the kernel reported.
c.Autograde.sanitize_preprocessors = autograde.SANITIZE
c.Autograde.autograde_preprocessors = autograde.AUTOGRADE
project = os.path.dirname(here)  # the repository: its .git holds the solutions too
c.GuardedExecute.denied = [here, c.Exchange.root, project]
c.GuardedExecute.readable = [os.path.dirname(kamlab.__file__), str(datasets.DATA_DIR)]
c.VerifyHiddenTests.keys_folder = os.path.join(here, "keys")

# Feedback pages that work offline and list each graded cell under its exercise's title
# (kamlab/grader/templates/kamlab_feedback, based on nbgrader's own feedback template).
nbgrader_templates = os.path.join(
    os.path.dirname(nbgrader.__file__), "server_extensions", "formgrader", "templates"
)
c.HTMLExporter.template_name = "kamlab_feedback"
c.HTMLExporter.extra_template_basedirs = [
    nbgrader_templates,
    os.path.join(os.path.dirname(autograde.__file__), "templates"),
]
