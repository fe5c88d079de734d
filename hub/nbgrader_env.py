"""nbgrader settings for every command run with the project's environment, a learner's included.

`make env` writes ``.venv/etc/jupyter/nbgrader_config.py``, which loads this file; nbgrader reads that
folder whatever folder it runs in. So a learner's ``nbgrader fetch_assignment step6_metrics --course kamlab``
finds the course's exchange with no config of their own, and the course's ``nbgrader_config.py`` (read
last, from the course folder) agrees with it. What the rules are: ``kamlab/grader/exchange.py``.
"""

import os

from kamlab.grader.exchange import CLASSES, exchange_root

project = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

c = get_config()  # noqa: F821  (provided by nbgrader)
if os.environ.get("KAMLAB_NGSHARE_URL"):
    # Kubernetes (deploy/z2jh): no shared folder, the exchange is the ngshare service of the hub.
    import ngshare_exchange

    ngshare_exchange.configureExchange(c, os.environ["KAMLAB_NGSHARE_URL"])
else:
    c.Exchange.root = exchange_root(os.path.join(project, "course"))
    for kind, cls in CLASSES.items():
        setattr(c.ExchangeFactory, kind, f"{cls.__module__}.{cls.__name__}")
