"""The grader: everything that checks, grades and builds the course, apart from the toolkit.

Checking an answer (the learner's kernel, the grader's process and the build share this code):

- :mod:`~kamlab.grader.answers`: answers in canonical form, their fingerprints, the comparison with a key;
- :mod:`~kamlab.grader.selfcheck`: the one-line self-check under each exercise, and its hints;
- :mod:`~kamlab.grader.keys`: the hidden tests' check of the whole answer against the answer key.

Building the course from ``course/authoring``:

- :mod:`~kamlab.grader.exercise`: how an exercise is written once (solution, mistakes, alternatives);
- :mod:`~kamlab.grader.build`: notebooks, self-check data and answer keys, checked on the data;
- :mod:`~kamlab.grader.release`: what nbgrader's student version adds for learners.

Grading with nbgrader:

- :mod:`~kamlab.grader.autograde`: the preprocessors that keep grades honest (guarded kernels, grade
  reports checked again against the keys, notes in the gradebook and the feedback);
- :mod:`~kamlab.grader.gradereport`: the values a hidden test checked, passed from kernel to grader;
- :mod:`~kamlab.grader.guard`: the audit hook that confines a submission's kernel while it is graded;
- :mod:`~kamlab.grader.exchange` and :mod:`~kamlab.grader.acl`: where the exchange is, who the student
  is, and hand-ins and feedback only their owner can read (one machine or a hub);
- :mod:`~kamlab.grader.course`: a private copy of the course and the nbgrader command line on it, for
  tests, benchmarks and cohort tools.

A cohort, for the instructor:

- :mod:`~kamlab.grader.batch`: every collected submission autograded by parallel workers, resumable
  (``python -m kamlab grade``);
- :mod:`~kamlab.grader.cohort` and :mod:`~kamlab.grader.cohort_report`: what the gradebook and the
  autograded notebooks say about a cohort, and the report (``python -m kamlab report``);
- :mod:`~kamlab.grader.synthetic`: a made-up cohort with known mistake rates and planted copies.

Learners never need to import this package directly: the notebooks' check cells do.
"""
