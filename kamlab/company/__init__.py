"""The company's data: Aldmoor Flow Systems, the invented supplier every notebook works on.

- :mod:`kamlab.company.generator` generates the company from a seed;
- :mod:`kamlab.company.datasets` holds the tables' schema (the data dictionary), loads the CSV
  files in ``datasets/`` with checks, and writes them again byte for byte;
- :mod:`kamlab.company.imports` reads a learner's own CSV exports into the same schema, with a
  report of every row read, defaulted or rejected.
"""

from kamlab.company.generator import (
    COMPANY,
    DEFAULT_CUSTOMERS,
    DEFAULT_SEED,
    INDUSTRIES,
    SKILLS,
    YEARS,
    generate_company,
)

__all__ = [
    "COMPANY",
    "DEFAULT_CUSTOMERS",
    "DEFAULT_SEED",
    "INDUSTRIES",
    "SKILLS",
    "YEARS",
    "generate_company",
]
