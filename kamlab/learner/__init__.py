"""The learner's side of the course: a private copy of the notebooks that no command overwrites."""
