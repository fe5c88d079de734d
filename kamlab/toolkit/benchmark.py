"""Benchmarking the KAM programme against peers, and a maturity self-assessment over the seven steps.

Step 7 of the course compares Aldmoor's programme with a panel of other companies'
programmes (``datasets/peer_panel.csv``) and asks the management team how far each
of the seven steps has got.

Percentile among peers
----------------------

:func:`peer_percentile` places one value in the peers' values, on a 0-100 scale::

    percentile = 100 x (peers strictly worse + half the peers with the same value) / number of peers

"Worse" depends on the metric's direction (:data:`METRICS`): for a
higher-is-better metric a worse peer has a *lower* value, for a lower-is-better
metric (months between programme reviews) a *higher* one. So 0 means "worse than
every peer", 100 "better than every peer" and 50 "in the middle". Ties count half,
so a value equal to every peer's sits at 50. The programme's size has no better
direction (the article's advice is 5 to 25 accounts, not "more"): its percentile
is only its position, the share of peers with fewer accounts.

A percentile is a rank, not a distance: it does not move when one peer is far
off, as a comparison with the peers' mean would.

Aldmoor's values
----------------

:func:`aldmoor_metrics` takes from the data what the data holds, for the key
accounts given (the programme after the 2025 review) and the 2025 books:

- ``n_key_accounts``: how many they are;
- ``key_account_revenue_share``: their 2025 revenue over all customers' 2025 revenue;
- ``key_account_retention``: what the books show, not what the account teams expect: of
  the key accounts in the programme after the 2024 review, the share still buying in
  2025 (:func:`kamlab.clv.realised_retention` on the orders, the caller's argument);
- ``key_account_margin_pct``: their 2025 profit after cost to serve over their 2025 revenue.

The rest are not in the data; :data:`ALDMOOR_ASSUMPTIONS` holds the values the
course assumes, each with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from kamlab import _checks


@dataclass(frozen=True)
class Metric:
    """A programme metric of the peer panel: what it means and which way is better."""

    label: str
    better: str | None  # "higher", "lower", or None for a size with no better direction
    unit: str  # "share", "days", "months" or "accounts"


METRICS: dict[str, Metric] = {
    "n_key_accounts": Metric("Key accounts in the programme", None, "accounts"),
    "key_account_revenue_share": Metric("Key accounts' share of revenue", "higher", "share"),
    "key_account_retention": Metric("Key accounts kept from one year to the next", "higher", "share"),
    "sponsor_coverage": Metric("Key accounts with an executive sponsor", "higher", "share"),
    "kam_training_days": Metric("Training days per key account manager a year", "higher", "days"),
    "review_interval_months": Metric("Months between programme reviews", "lower", "months"),
    "key_account_margin_pct": Metric("Key accounts' profit after cost to serve / revenue", "higher", "share"),
}
"""The programme metrics of ``peer_panel.csv``: label, better direction, unit."""

SCORED_METRICS: tuple[str, ...] = tuple(k for k, m in METRICS.items() if m.better is not None)
"""The metrics with a better direction: the axes of the radar chart."""

ALDMOOR_ASSUMPTIONS: dict[str, tuple[float, str]] = {
    "sponsor_coverage": (
        0.40,
        "No sponsor plan exists yet (Step 2 builds one); the sales director counts about 4 in 10 key "
        "accounts that an executive visits at least once a year.",
    ),
    "kam_training_days": (
        2.0,
        "Key account managers get the 2-day sales course every seller gets; the training plan of "
        "Step 5 has not started.",
    ),
    "review_interval_months": (
        24.0,
        "The key account list was last rewritten two years ago; Step 7 proposes a yearly review.",
    ),
}
"""Aldmoor's values that the data does not hold: metric -> (assumed value, why)."""

STEPS: dict[int, str] = {
    1: "Organisational change",
    2: "High-level buy-in",
    3: "KAM champion",
    4: "Identify key accounts",
    5: "Appoint and train KAMs",
    6: "Set the right metrics",
    7: "Benchmark and build",
}
"""The seven steps of the source article, as the course names them."""

QUESTIONS: tuple[tuple[int, str], ...] = (
    (1, "KAM runs as a company-wide change with a plan over several years, not as a sales project."),
    (1, "Operations and supply chain know the key accounts and what was promised to each."),
    (2, "Every key account has a sponsor from the top team."),
    (2, "Sponsors meet their key accounts on a planned, regular schedule."),
    (3, "A named senior champion drives KAM and reports to the top team."),
    (3, "The champion has the time, budget and authority to change how we work."),
    (4, "Key accounts are chosen on written criteria, not on tenure or personal ties."),
    (4, "The programme is small enough to serve well (the article suggests 5 to 25 accounts)."),
    (5, "Key account managers are chosen for the role's skills, not for past sales results."),
    (5, "Every key account manager has a yearly training plan."),
    (6, "We know the cost to serve and the profit of every key account."),
    (6, "Key account managers are rewarded on customer value, not on revenue."),
    (7, "The programme's membership is reviewed at least once a year, on written rules."),
    (7, "We compare our KAM programme with other companies' and act on what we learn."),
)
"""The maturity questionnaire: two statements per step, each answered 1 (not at all) to 5 (fully)."""

ALDMOOR_ANSWERS: tuple[int, ...] = (2, 2, 2, 2, 3, 2, 4, 4, 2, 1, 3, 1, 2, 1)
"""Aldmoor's management team's answers to :data:`QUESTIONS`, in order (the course's invented example)."""

TARGET = 4
"""The default target answer: "mostly in place" on every statement."""

ALDMOOR_COLOUR = "#2b6ca3"
PEER_COLOUR = "#7f7f7f"


def _metric(name: Any) -> Metric:
    if name not in METRICS:
        raise ValueError(f"unknown metric {name!r}; the metrics are: {', '.join(METRICS)}")
    return METRICS[name]


def _better(better: Any) -> str | None:
    if better not in ("higher", "lower", None):
        raise ValueError(f"better must be 'higher', 'lower' or None (a size); got {better!r}")
    return better


def peer_percentile(value: float, peers: pd.Series, better: str | None = "higher") -> float:
    """Where ``value`` stands among the ``peers`` (0-100): strictly worse peers plus half the ties.

    ``better`` is ``"higher"`` when a higher value is better, ``"lower"`` when a
    lower one is (e.g. months between reviews) and ``None`` for a size (the
    position: peers below plus half the ties, as for ``"higher"``). Values equal
    within a relative 1e-9 count as ties.

    >>> peers = pd.Series([2.0, 4.0, 4.0, 8.0])
    >>> peer_percentile(4.0, peers), peer_percentile(4.0, peers, better="lower"), peer_percentile(9.0, peers)
    (50.0, 50.0, 100.0)
    >>> peer_percentile(3.0, peers, better="lower")
    75.0
    """
    own = _checks.number(value, "value")
    direction = _better(better)
    if isinstance(peers, pd.DataFrame) or not isinstance(peers, pd.Series):
        raise TypeError(f"peers must be a pandas Series of the peers' values, got {type(peers).__name__}")
    frame = _checks.frame(peers.to_frame("peers"), "peers", ["peers"])
    _checks.numeric_columns(frame, "peers", ["peers"])
    values = frame["peers"].to_numpy(dtype="float64")
    ties = np.isclose(values, own, rtol=1e-9, atol=1e-12)
    worse = ~ties & ((values > own) if direction == "lower" else (values < own))
    return float(100.0 * (worse.sum() + 0.5 * ties.sum()) / len(values))


def _aldmoor(aldmoor: Any) -> pd.Series:
    if isinstance(aldmoor, Mapping):
        aldmoor = pd.Series(dict(aldmoor), dtype="float64")
    if not isinstance(aldmoor, pd.Series):
        raise TypeError(f"aldmoor must be a dict or Series metric -> value, got {type(aldmoor).__name__}")
    _checks.unique_index(aldmoor, "aldmoor", "metric")
    for name in aldmoor.index:
        _metric(name)
    frame = _checks.frame(aldmoor.to_frame("value"), "aldmoor", ["value"])
    try:
        _checks.numeric_columns(frame, "aldmoor", ["value"])
    except (TypeError, ValueError) as err:
        raise type(err)(str(err).replace("aldmoor['value']", "aldmoor")) from None
    return aldmoor.astype("float64")


def _peers(peers: Any, metrics: Iterable[str]) -> pd.DataFrame:
    metrics = list(metrics)
    frame = _checks.frame(peers, "peers", metrics)
    _checks.numeric_columns(frame, "peers", metrics)
    return frame


def peer_percentiles(
    aldmoor: pd.Series | Mapping[str, float],
    peers: pd.DataFrame,
    metrics: Sequence[str] | None = None,
) -> pd.Series:
    """Aldmoor's :func:`peer_percentile` on each metric, each in the direction :data:`METRICS` gives it.

    ``aldmoor`` maps metric names to Aldmoor's values; ``peers`` is the peer
    panel (one row per peer, one column per metric). ``metrics`` defaults to
    every metric ``aldmoor`` has, in its order.

    >>> peers = pd.DataFrame({"sponsor_coverage": [0.5, 0.7, 0.9], "review_interval_months": [6, 12, 24]})
    >>> peer_percentiles({"sponsor_coverage": 0.7, "review_interval_months": 24}, peers).round(1).tolist()
    [50.0, 16.7]
    """
    own = _aldmoor(aldmoor)
    names = list(own.index) if metrics is None else list(metrics)
    for name in names:
        _metric(name)
        if name not in own.index:
            raise ValueError(f"aldmoor has no value for metric {name!r}; it has: {', '.join(own.index)}")
    panel = _peers(peers, names)
    out = pd.Series(
        {name: peer_percentile(own[name], panel[name], METRICS[name].better) for name in names},
        dtype="float64",
        name="percentile",
    )
    out.index.name = "metric"
    return out


def benchmark_table(aldmoor: pd.Series | Mapping[str, float], peers: pd.DataFrame) -> pd.DataFrame:
    """Aldmoor beside the peers on every metric it has: one row per metric.

    Columns: ``label``, ``better`` ("higher", "lower" or "neither"),
    ``aldmoor``, ``peer_median``, ``peer_low`` and ``peer_high`` (the panel's
    smallest and largest value) and ``percentile`` (:func:`peer_percentiles`).

    >>> peers = pd.DataFrame({"kam_training_days": [0, 4, 6, 10]})
    >>> row = benchmark_table({"kam_training_days": 4}, peers).loc["kam_training_days"]
    >>> row["better"], float(row["aldmoor"]), float(row["peer_median"]), float(row["percentile"])
    ('higher', 4.0, 5.0, 37.5)
    """
    own = _aldmoor(aldmoor)
    panel = _peers(peers, own.index)
    values = panel[list(own.index)].astype("float64")
    out = pd.DataFrame(
        {
            "label": [METRICS[m].label for m in own.index],
            "better": [METRICS[m].better or "neither" for m in own.index],
            "aldmoor": own.to_numpy(),
            "peer_median": values.median().to_numpy(),
            "peer_low": values.min().to_numpy(),
            "peer_high": values.max().to_numpy(),
            "percentile": peer_percentiles(own, panel).to_numpy(),
        },
        index=pd.Index(own.index, name="metric"),
    )
    return out


def aldmoor_metrics(
    profit: pd.DataFrame,
    key_accounts: Iterable[str],
    retention: float,
    assumptions: Mapping[str, tuple[float, str]] | None = None,
) -> pd.Series:
    """Aldmoor's programme metrics, in :data:`METRICS` order: from the data where it holds them.

    ``profit`` is one year's :func:`kamlab.customer_profit` table (``revenue_eur`` and
    ``profit_eur`` for every customer who bought that year); ``key_accounts`` the programme's
    customer ids after that year's review; ``retention`` the share of the previous year's key
    accounts still buying this year, from the orders (:func:`kamlab.clv.realised_retention`).
    ``assumptions`` (default :data:`ALDMOOR_ASSUMPTIONS`) gives the metrics the data does not
    hold; the module's docstring says how each one is computed.

    >>> profit = pd.DataFrame({"revenue_eur": [600.0, 300.0, 100.0], "profit_eur": [60.0, 30.0, -10.0]},
    ...                       index=["A", "B", "C"])
    >>> m = aldmoor_metrics(profit, ["A", "B"], retention=0.75)
    >>> m[["n_key_accounts", "key_account_revenue_share", "key_account_retention", "key_account_margin_pct"]
    ...   ].round(3).tolist()
    [2.0, 0.9, 0.75, 0.1]
    """
    money = _checks.frame(profit, "profit", ["revenue_eur", "profit_eur"])
    _checks.numeric_columns(money, "profit", ["revenue_eur"], min_value=0)
    _checks.numeric_columns(money, "profit", ["profit_eur"])
    _checks.unique_index(money, "profit", "customer")
    kept = _checks.number(retention, "retention", min_value=0, max_value=1)
    if isinstance(key_accounts, str) or not isinstance(key_accounts, Iterable):
        raise TypeError(f"key_accounts must be a list of customer ids, got {type(key_accounts).__name__}")
    ids = list(dict.fromkeys(map(str, key_accounts)))
    if not ids:
        raise ValueError("key_accounts is empty; a programme needs at least one account")
    for cid in ids:
        if cid not in money.index:
            raise ValueError(
                f"key_accounts has {cid!r}, which has no row in profit (a key account that did not buy)"
            )
    total = float(money["revenue_eur"].sum())
    revenue = float(money.loc[ids, "revenue_eur"].sum())
    if total <= 0 or revenue <= 0:
        raise ValueError("profit has no revenue for the key accounts; shares of revenue need revenue")
    given = dict(ALDMOOR_ASSUMPTIONS if assumptions is None else assumptions)
    for name, pair in given.items():
        _metric(name)
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"assumptions[{name!r}] must be a pair (value, reason), got {pair!r}")
    from_data = {
        "n_key_accounts": float(len(ids)),
        "key_account_revenue_share": revenue / total,
        "key_account_retention": kept,
        "key_account_margin_pct": float(money.loc[ids, "profit_eur"].sum()) / revenue,
    }
    values = {
        name: from_data[name]
        if name in from_data
        else _checks.number(given[name][0], f"assumptions[{name!r}]")
        for name in METRICS
        if name in from_data or name in given
    }
    out = pd.Series(values, dtype="float64", name="aldmoor")
    out.index.name = "metric"
    return out


def _label_lines(text: str, width: int = 22) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def _shown(value: float, unit: str) -> str:
    if unit == "share":
        return f"{value * 100:.0f} %"
    if unit == "days":
        return f"{value:g} days"
    if unit == "months":
        return f"{value:g} months"
    return f"{value:g}"


def radar_plot(
    aldmoor: pd.Series | Mapping[str, float],
    peers: pd.DataFrame,
    metrics: Sequence[str] = SCORED_METRICS,
    *,
    title: str = "Aldmoor's KAM programme against the peer panel",
) -> Figure:
    """A radar chart of Aldmoor's percentile on each metric, with the peer median's ring at 50.

    Each axis runs from 0 (worse than every peer) at the centre to 100 (better
    than every peer) at the rim, in the metric's better direction, so a bigger
    shape is a stronger programme. Each axis label gives Aldmoor's value and
    the peer median. Only metrics with a better direction make sense here.

    >>> peers = pd.DataFrame({"sponsor_coverage": [0.5, 0.7, 0.9], "kam_training_days": [2, 6, 8],
    ...                       "review_interval_months": [6, 12, 24]})
    >>> ours = {"sponsor_coverage": 0.6, "kam_training_days": 2, "review_interval_months": 24}
    >>> fig = radar_plot(ours, peers, list(ours))
    >>> [float(v) for v in fig.axes[0].get_ylim()]
    [0.0, 100.0]
    """
    names = list(metrics)
    if len(names) < 3:
        raise ValueError(f"a radar chart needs at least 3 metrics, got {len(names)}")
    for name in names:
        if _metric(name).better is None:
            raise ValueError(f"metric {name!r} has no better direction; leave it off the radar chart")
    own = _aldmoor(aldmoor)
    table = benchmark_table(own[names] if set(names) <= set(own.index) else own, peers)
    missing = [n for n in names if n not in table.index]
    if missing:
        raise ValueError(f"aldmoor has no value for metric {missing[0]!r}")
    table = table.loc[names]
    angles = np.linspace(0, 2 * np.pi, len(names), endpoint=False)
    closed = np.append(angles, angles[0])
    share = np.append(table["percentile"].to_numpy(), table["percentile"].iloc[0])

    fig = Figure(figsize=(10, 8.6), layout="constrained")
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.plot(closed, np.full(len(closed), 50.0), color=PEER_COLOUR, linestyle="--", linewidth=1.6)
    ax.plot(closed, share, color=ALDMOOR_COLOUR, linewidth=2.4)
    ax.fill(closed, share, color=ALDMOOR_COLOUR, alpha=0.18)
    ax.scatter(angles, table["percentile"], color=ALDMOOR_COLOUR, s=36, zorder=3)
    for angle, pct in zip(angles, table["percentile"]):
        screen = np.pi / 2 - angle  # the axis's direction on the page (clockwise from the top)
        ax.annotate(
            f"{pct:.0f}",
            xy=(angle, pct),
            xytext=(13 * np.cos(screen), 13 * np.sin(screen)),
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=11,
            fontweight="bold",
            color=ALDMOOR_COLOUR,
        )
    for angle, (name, row) in zip(angles, table.iterrows()):
        unit = METRICS[name].unit
        arrow = " (lower is better)" if METRICS[name].better == "lower" else ""
        text = (
            f"{_label_lines(row['label'] + arrow, 26)}\nAldmoor: {_shown(row['aldmoor'], unit)}"
            f"\npeer median: {_shown(row['peer_median'], unit)}"
        )
        side = np.sin(angle)
        ax.text(
            angle,
            114,
            text,
            ha="center" if abs(side) < 0.2 else ("left" if side > 0 else "right"),
            va="center",
            fontsize=9,
            linespacing=1.3,
        )
    ax.set_xticks(angles, [""] * len(angles))
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100], ["25", "50", "75", "100"], fontsize=8, color=PEER_COLOUR)
    ax.set_rlabel_position(180 / len(names))
    fig.suptitle(title, fontsize=13, fontweight="bold")
    ax.set_title(
        f"Percentile among {len(peers)} peers on each metric, in its better direction:\n"
        "centre 0 = worse than every peer, rim 100 = better than every peer",
        fontsize=10,
        pad=64,
    )
    fig.legend(
        handles=[
            Line2D([], [], color=ALDMOOR_COLOUR, linewidth=2.4, label="Aldmoor's percentile"),
            Line2D(
                [],
                [],
                color=PEER_COLOUR,
                linestyle="--",
                linewidth=1.6,
                label="peer median (50th percentile)",
            ),
        ],
        loc="outside lower center",
        ncols=2,
        frameon=False,
    )
    return fig


def questionnaire(
    answers: Sequence[int] | None = None, questions: Sequence[tuple[int, str]] = QUESTIONS
) -> pd.DataFrame:
    """The maturity questionnaire as a table: ``step``, ``step_name``, ``question``, ``answer`` (1-5).

    ``answers`` (one whole number from 1 to 5 per question, in order) defaults
    to :data:`ALDMOOR_ANSWERS`. Questions are ``(step, statement)`` pairs,
    default :data:`QUESTIONS`.

    >>> q = questionnaire()
    >>> len(q), sorted(q["step"].unique()) == list(range(1, 8))
    (14, True)
    """
    qs = list(questions)
    if not qs:
        raise ValueError("questions is empty; give at least one (step, statement) pair")
    for n, pair in enumerate(qs):
        if (
            not isinstance(pair, tuple)
            or len(pair) != 2
            or pair[0] not in STEPS
            or not isinstance(pair[1], str)
        ):
            raise ValueError(f"questions[{n}] must be a pair (step 1-7, statement), got {pair!r}")
    given = list(ALDMOOR_ANSWERS if answers is None else answers)
    if len(given) != len(qs):
        raise ValueError(
            f"answers has {len(given)} values for {len(qs)} questions; give one answer per question"
        )
    frame = pd.DataFrame(
        {
            "step": [s for s, _ in qs],
            "step_name": [STEPS[s] for s, _ in qs],
            "question": [q for _, q in qs],
            "answer": given,
        },
        index=pd.RangeIndex(1, len(qs) + 1, name="question_no"),
    )
    _check_answers(frame, "answers")
    frame["answer"] = frame["answer"].astype("int64")
    return frame


def _check_answers(frame: pd.DataFrame, name: str) -> None:
    try:
        _checks.numeric_columns(frame, name, ["answer"], min_value=1, max_value=5, integer=True)
    except (TypeError, ValueError) as err:
        raise type(err)(f"{err} (answers are whole numbers from 1 = not at all to 5 = fully)") from None


def gap_report(
    answers: pd.DataFrame, target: float | pd.Series = TARGET, *, only_gaps: bool = True
) -> pd.DataFrame:
    """Where the company falls short of its target: ``gap = target - answer``, biggest gaps first.

    ``answers`` is a :func:`questionnaire` table (``step``, ``question``,
    ``answer``; ``step_name`` is added if missing). ``target`` is one number
    (1-5) for every question or a Series with one per question (same index).
    Rows are sorted by gap (largest first), then step, then question number;
    with ``only_gaps`` (default) questions at or above target are left out.
    Columns: ``step``, ``step_name``, ``question``, ``answer``, ``target``, ``gap``.

    >>> q = questionnaire([5, 1, 3, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4])
    >>> gap_report(q)[["step", "answer", "gap"]].to_dict("index")  # doctest: +NORMALIZE_WHITESPACE
    {2: {'step': 1, 'answer': 1, 'gap': 3.0}, 6: {'step': 3, 'answer': 2, 'gap': 2.0},
     3: {'step': 2, 'answer': 3, 'gap': 1.0}}
    """
    frame = _checks.frame(answers, "answers", ["step", "question", "answer"], allow_empty=False)
    _check_answers(frame, "answers")
    _checks.numeric_columns(frame, "answers", ["step"], min_value=1, max_value=7, integer=True)
    if not isinstance(only_gaps, bool):
        raise TypeError(f"only_gaps must be True or False, got {only_gaps!r}")
    out = frame.copy()
    if "step_name" not in out.columns:
        out["step_name"] = [STEPS[int(s)] for s in out["step"]]
    if isinstance(target, pd.Series):
        missing = out.index.difference(target.index)
        if len(missing):
            raise ValueError(f"target has no value for question {missing[0]!r}; give one per question")
        goal = target.reindex(out.index).to_frame("target")
        _checks.numeric_columns(goal, "target", ["target"], min_value=1, max_value=5)
        out["target"] = goal["target"].astype("float64")
    else:
        out["target"] = _checks.number(target, "target", min_value=1, max_value=5)
    out["gap"] = out["target"] - out["answer"].astype("float64")
    if only_gaps:
        out = out[out["gap"] > 0]
    out = out.assign(_no=np.arange(len(out))).sort_values(
        ["gap", "step", "_no"], ascending=[False, True, True], kind="stable"
    )
    return out[["step", "step_name", "question", "answer", "target", "gap"]]


class SelfAssessmentForm:
    """An ipywidgets form: one 1-5 slider per question and a button that prints the gap report.

    Show it with ``display(form.widget)``. ``form.answers()`` reads the
    sliders into a :func:`questionnaire` table and ``form.report()`` gives its
    :func:`gap_report`; the button shows the report in ``form.output``. Nothing
    runs until the button is pressed, so the form is harmless in a notebook
    run headless.

    >>> form = SelfAssessmentForm(target=4)
    >>> form.sliders[0].value = 5
    >>> int(form.answers().loc[1, "answer"])
    5
    """

    def __init__(
        self,
        questions: Sequence[tuple[int, str]] = QUESTIONS,
        answers: Sequence[int] | None = None,
        target: float = TARGET,
    ) -> None:
        import ipywidgets as widgets

        self.questions = list(questions)
        self.target = _checks.number(target, "target", min_value=1, max_value=5)
        start = questionnaire(answers, self.questions)
        self.sliders = [
            widgets.IntSlider(
                value=int(value),
                min=1,
                max=5,
                step=1,
                description=f"Step {step}",
                continuous_update=False,
                layout=widgets.Layout(width="260px"),
            )
            for step, value in zip(start["step"], start["answer"])
        ]
        rows = [
            widgets.HBox([slider, widgets.Label(f"{n}. {text}", layout=widgets.Layout(width="640px"))])
            for n, (slider, (_, text)) in enumerate(zip(self.sliders, self.questions), start=1)
        ]
        self.button = widgets.Button(
            description="Show my gap report", button_style="primary", layout=widgets.Layout(width="220px")
        )
        self.output = widgets.Output()
        self.button.on_click(self._show)
        heading = widgets.HTML(
            f"<b>Maturity self-assessment</b>: 1 = not at all, 5 = fully in place. "
            f"Target: {self.target:g} on every statement."
        )
        self.widget = widgets.VBox([heading, *rows, self.button, self.output])

    def answers(self) -> pd.DataFrame:
        """The sliders' answers as a :func:`questionnaire` table."""
        return questionnaire([s.value for s in self.sliders], self.questions)

    def report(self) -> pd.DataFrame:
        """The :func:`gap_report` of the sliders' answers against the target."""
        return gap_report(self.answers(), self.target)

    def _show(self, _button: object = None) -> None:
        from IPython.display import display

        report = self.report()
        self.output.clear_output()
        with self.output:
            if report.empty:
                print(f"No gaps: every answer is at or above the target of {self.target:g}.")
            else:
                print(f"{len(report)} statements below target, biggest gap first:")
                display(report[["step", "step_name", "question", "answer", "gap"]])
