"""The grader: everything that checks, grades and builds the course, apart from the toolkit.

- :mod:`~kamlab.grader.selfcheck`: the self-checks learners run under each exercise;
- :mod:`~kamlab.grader.autograde`: the nbgrader preprocessors that keep grades honest;
- :mod:`~kamlab.grader.gradereport`: the values a hidden test checked, passed from kernel to grader;
- :mod:`~kamlab.grader.guard`: the audit hook that confines a submission's kernel while it is graded.

Learners never need to import this package directly: the notebooks' check cells do.
"""
