"""The KAM Lab dashboard: Step 4's portfolio matrix and Step 7's benchmark and self-assessment.

``kam_dashboard.ipynb`` beside this file shows three panels; ``make dashboard`` serves it with
Voilà, which hides every line of code. The panels, each an ipywidgets box (``.widget``):

- :class:`PortfolioExplorer`: the attractiveness weights and the programme size as sliders; the
  portfolio matrix and the programme (names, quadrant, scores, 2025 money) redraw on release;
- :class:`PeerBenchmark`: the programme's seven numbers as sliders (Aldmoor's to start), its
  percentile among the 24 peers of ``peer_panel.csv`` as a radar chart and a table;
- :class:`MaturityAssessment`: the fourteen statements answered 1-5 from drop-down lists
  (Aldmoor's management team's answers to start), the gap report and the total gap per step.

All numbers come from :mod:`kamlab` (``selection``, ``plots_selection``, ``benchmark``), as in
the Step 4 and Step 7 notebooks; this module only lays them out. The benchmark starts from the
programme the first panel recommends (Step 4's twelve accounts).
"""

from __future__ import annotations

import html
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text

import kamlab
from kamlab import benchmark, clv, plots_selection, review, selection

YEAR = 2025
RECOMMENDED_SIZE = 12  # Step 4: four key account managers, three accounts each
SIZE_LIMITS = (5, 25)  # the article's rule of thumb
STORY_NAMES = ("Kestrel Foods Group", "Bramley & Sons Engineering", "Nova Drive Robotics")

CRITERIA_LABELS: dict[str, str] = {
    "wallet_size": "Size of their spend in our category",
    "wallet_growth": "Growth of that spend",
    "low_price_pressure": "Low pressure on price",
    "strategic_fit": "Fit with our strategy",
    "innovation_potential": "Chance to innovate together",
}
"""Plain-language names of Step 4's attractiveness criteria, in the sliders' order."""

QUADRANT_LABELS = {
    "key": "Key: invest in the partnership",
    "key development": "Key development: win a bigger share",
    "maintenance": "Maintenance: serve well, at low cost",
    "opportunistic": "Opportunistic: serve as orders come",
}

ANSWER_LABELS: dict[int, str] = {
    1: "1 - not at all",
    2: "2 - a little",
    3: "3 - partly",
    4: "4 - mostly",
    5: "5 - fully",
}
"""The 1-5 scale of the maturity questionnaire, as the drop-down lists show it."""

# How each benchmark metric is entered: (slider label, unit shown, minimum, maximum, step, scale)
# where the slider shows value x scale (shares as per cent).
METRIC_INPUTS: dict[str, tuple[str, str, float, float, float, float]] = {
    "n_key_accounts": ("Key accounts in the programme", "accounts", 1, 60, 1, 1),
    "key_account_revenue_share": ("Key accounts' share of revenue", "%", 0, 100, 0.5, 100),
    "key_account_retention": ("Key accounts kept each year", "%", 0, 100, 0.5, 100),
    "sponsor_coverage": ("Key accounts with an executive sponsor", "%", 0, 100, 1, 100),
    "kam_training_days": ("Training days per key account manager a year", "days", 0, 20, 0.5, 1),
    "review_interval_months": ("Months between programme reviews", "months", 1, 36, 1, 1),
    "key_account_margin_pct": ("Key accounts' profit after cost to serve", "% of revenue", -20, 50, 0.5, 100),
}

YOURS = {
    "Aldmoor's KAM programme": "Your KAM programme",
    "Aldmoor's percentile": "your percentile",
    "Aldmoor:": "yours:",
}
"""How the radar chart's words change when the numbers are the reader's, not Aldmoor's."""

STYLE = """
<style>
.kam-table { border-collapse: collapse; font-size: 14px; margin: 6px 0 4px 0; }
.kam-table th { text-align: left; border-bottom: 2px solid #555; padding: 4px 10px; }
.kam-table td { border-bottom: 1px solid #ddd; padding: 4px 10px; vertical-align: top; }
.kam-table td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.kam-loss { color: #b3261e; font-weight: 600; }
.kam-bar { display: inline-block; height: 12px; background: #2b6ca3; vertical-align: middle; }
.kam-summary { font-size: 15px; margin: 6px 0; line-height: 1.5; }
.kam-step-title { font-weight: 600; margin-top: 10px; }
</style>
"""


@dataclass(frozen=True)
class CourseData:
    """Aldmoor's tables and the course's results that the panels start from."""

    customers: pd.DataFrame  # indexed by customer_id
    profit: pd.DataFrame  # the 2025 books per customer
    criteria: pd.DataFrame  # Step 4's 0-1 criteria
    programme: list[str]  # Step 4's programme: management's weights, 12 accounts
    peers: pd.DataFrame  # the peer panel
    aldmoor: pd.Series  # Step 7's programme metrics, for Step 4's programme

    @property
    def names(self) -> pd.Series:
        return self.customers["name"]

    @property
    def story(self) -> dict[str, str]:
        """The three accounts the course follows: id -> name."""
        return {cid: name for cid, name in self.names.items() if name in STORY_NAMES}


def load() -> CourseData:
    """Read the course's tables and compute what the panels start from, as Step 4 does.

    The benchmark starts from Aldmoor's numbers as Step 7 measures them: the programme after the
    2025 yearly review, key accounts kept from 2024 as the books show them, and
    :data:`kamlab.benchmark.ALDMOOR_ASSUMPTIONS` for what the data does not hold.
    """
    t = kamlab.load_all()
    everyone = t["customers"].set_index("customer_id")
    customers = everyone[everyone["status"] == "active"]  # as Step 4: lost customers are not candidates
    profits = {
        year: kamlab.customer_profit(
            t["orders"], t["activities"], t["departments"], t["unit_times"], year=year
        )
        for year in (YEAR - 2, YEAR - 1, YEAR)
    }
    profit = profits[YEAR]
    criteria = selection.criteria_table(customers, profit["revenue_eur"])
    programme = selection.select_programme(selection.portfolio(criteria), profit, size=RECOMMENDED_SIZE)
    reviewed = review.review_programme(review.review_scores(t["customers"], profits))
    kept = clv.realised_retention(t["orders"], YEAR, list(reviewed.loc[YEAR - 1, "members"]))
    aldmoor = benchmark.aldmoor_metrics(profit, list(reviewed.loc[YEAR, "members"]), kept)
    return CourseData(customers, profit, criteria, programme, t["peer_panel"], aldmoor)


# ---------------------------------------------------------------------------------------------
# Formatting


def _esc(value: object) -> str:
    return html.escape(str(value))


def money(value: float) -> str:
    """Euros as a manager reads them: ``EUR 1.2m``, ``EUR 640k``, ``-EUR 0.8m``.

    >>> money(1_234_000), money(640_400), money(-812_000)
    ('EUR 1.2m', 'EUR 640k', '-EUR 812k')
    """
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e6:
        return f"{sign}EUR {value / 1e6:,.1f}m"
    return f"{sign}EUR {value / 1e3:,.0f}k"


def html_table(rows: Sequence[Sequence[str]], header: Sequence[str], numeric: Sequence[int] = ()) -> str:
    """A small HTML table; cells are already-escaped HTML, ``numeric`` columns align right."""
    head = "".join(f"<th>{_esc(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<table class="kam-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def shown(value: float, unit: str) -> str:
    """A benchmark value in its unit: shares as per cent, days, months, accounts.

    >>> shown(0.573, "share"), shown(2.0, "days"), shown(24.0, "months"), shown(17.0, "accounts")
    ('57 %', '2 days', '24 months', '17')
    """
    if unit == "share":
        return f"{value * 100:.0f} %"
    if unit in ("days", "months"):
        return f"{value:g} {unit}"
    return f"{value:g}"


def relabel(fig: Figure, replacements: Mapping[str, str]) -> Figure:
    """Replace words in every text of a figure (titles, labels, legend), in the order given."""
    for artist in fig.findobj(Text):
        text = artist.get_text()
        for old, new in replacements.items():
            text = text.replace(old, new)
        artist.set_text(text)
    return fig


def figure_png(fig: Figure) -> bytes:
    """A matplotlib figure as PNG bytes (the figure is not kept by pyplot, so nothing leaks)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Step 4: the portfolio matrix


def programme_for(data: CourseData, points: Mapping[str, float], size: int) -> tuple[pd.DataFrame, list[str]]:
    """Scores and programme for importance ``points`` (any scale; only ratios count) and ``size``.

    The rule is Step 4's: attractiveness of 0.5 or more, 2025 profit after cost to serve of 0 or
    more, the most attractive first. Raises ``ValueError`` when every point is 0.
    """
    if sum(points.values()) <= 0:
        raise ValueError("Give at least one criterion some weight.")
    weights = selection.normalise_weights(dict(points))
    scores = selection.portfolio(data.criteria, weights)
    return scores, selection.select_programme(scores, data.profit, size=size)


def programme_rows(data: CourseData, scores: pd.DataFrame, chosen: Sequence[str]) -> list[list[str]]:
    """One row per account of the programme, most attractive first, ready for :func:`html_table`."""
    rows = []
    for n, cid in enumerate(chosen, start=1):
        profit = float(data.profit.loc[cid, "profit_eur"])
        mark = ' class="kam-loss"' if profit < 0 else ""
        rows.append(
            [
                str(n),
                _esc(data.names[cid]),
                _esc(QUADRANT_LABELS[scores.loc[cid, "quadrant"]]),
                f"{scores.loc[cid, 'attractiveness']:.2f}",
                f"{scores.loc[cid, 'strength']:.2f}",
                money(float(data.profit.loc[cid, "revenue_eur"])),
                f"<span{mark}>{money(profit)}</span>",
            ]
        )
    return rows


def matrix_figure(data: CourseData, scores: pd.DataFrame, chosen: Sequence[str]) -> Figure:
    """Step 4's portfolio matrix for these scores, with the programme ringed."""
    fig = Figure(figsize=(10.5, 6.4), layout="constrained")
    ax = fig.add_subplot()
    plots_selection.plot_portfolio(
        scores,
        bubble=data.profit["revenue_eur"],
        profit=data.profit["profit_eur"],
        selected=chosen,
        labels=data.story,
        title=f"Your weights: a programme of {len(chosen)} key accounts",
        ax=ax,
    )
    return fig


class PortfolioExplorer:
    """Step 4's "move the weights" section, for people who don't open code."""

    def __init__(self, data: CourseData) -> None:
        self.data = data
        self.weight_sliders = {
            name: widgets.FloatSlider(
                value=weight,
                min=0.0,
                max=1.0,
                step=0.05,
                description=CRITERIA_LABELS.get(name, name.replace("_", " ")),
                continuous_update=False,
                readout_format=".2f",
                style={"description_width": "250px"},
                layout=widgets.Layout(width="520px"),
            )
            for name, weight in selection.DEFAULT_ATTRACTIVENESS_WEIGHTS.items()
        }
        self.size_slider = widgets.IntSlider(
            value=RECOMMENDED_SIZE,
            min=SIZE_LIMITS[0],
            max=SIZE_LIMITS[1],
            description="Accounts in the programme",
            continuous_update=False,
            style={"description_width": "250px"},
            layout=widgets.Layout(width="520px"),
        )
        self.reset = widgets.Button(description="Back to management's weights", icon="undo")
        self.reset.layout.width = "260px"
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="980px"))
        self.summary = widgets.HTML()
        self.table = widgets.HTML()
        self.image.add_class("kam-matrix")
        self.summary.add_class("kam-portfolio-summary")
        self.table.add_class("kam-programme")
        for control in [*self.weight_sliders.values(), self.size_slider]:
            control.observe(self.update, names="value")
        self.reset.on_click(self.restore)
        controls = widgets.VBox(
            [
                widgets.HTML("<b>How much each criterion counts</b> (only the ratios matter)"),
                *self.weight_sliders.values(),
                widgets.HTML("<b>How many accounts your key account managers can serve</b>"),
                self.size_slider,
                self.reset,
            ]
        )
        self.widget = widgets.VBox([widgets.HTML(STYLE), controls, self.image, self.summary, self.table])
        self.widget.add_class("kam-portfolio")
        self.update()

    def points(self) -> dict[str, float]:
        return {name: float(s.value) for name, s in self.weight_sliders.items()}

    def restore(self, _button: object = None) -> None:
        """Put every slider back to Step 4's weights and size (one redraw)."""
        with self.widget.hold_trait_notifications():
            for name, weight in selection.DEFAULT_ATTRACTIVENESS_WEIGHTS.items():
                self.weight_sliders[name].unobserve(self.update, names="value")
                self.weight_sliders[name].value = weight
                self.weight_sliders[name].observe(self.update, names="value")
            self.size_slider.unobserve(self.update, names="value")
            self.size_slider.value = RECOMMENDED_SIZE
            self.size_slider.observe(self.update, names="value")
        self.update()

    def update(self, _change: object = None) -> None:
        try:
            scores, chosen = programme_for(self.data, self.points(), self.size_slider.value)
        except ValueError as err:
            self.summary.value = f'<p class="kam-summary"><b>{_esc(err)}</b></p>'
            self.table.value = ""
            return
        self.image.value = figure_png(matrix_figure(self.data, scores, chosen))
        weights = selection.normalise_weights(self.points())
        used = ", ".join(f"{CRITERIA_LABELS.get(k, k).lower()} {v:.0%}" for k, v in weights.items())
        kept = len(set(chosen) & set(self.data.programme))
        short = (
            f" Only {len(chosen)} customers pass the rule, fewer than the {self.size_slider.value} asked for."
            if len(chosen) < self.size_slider.value
            else ""
        )
        self.summary.value = (
            f'<p class="kam-summary"><b>Weights used:</b> {_esc(used)}.<br>'
            f"<b>{kept} of the {len(self.data.programme)} accounts</b> of Step 4's recommended programme "
            f"are still in.{_esc(short)}</p>"
        )
        self.table.value = "<b>Your programme</b>, most attractive first" + html_table(
            programme_rows(self.data, scores, chosen),
            ["#", "Customer", "Quadrant", "Attractiveness", "Our strength", "2025 revenue", "2025 profit"],
            numeric=(0, 3, 4, 5, 6),
        )


# ---------------------------------------------------------------------------------------------
# Step 7: the peer benchmark


def benchmark_rows(table: pd.DataFrame, n_peers: int) -> list[list[str]]:
    """Rows of :func:`kamlab.benchmark.benchmark_table` in plain words."""
    rows = []
    for metric, row in table.iterrows():
        unit = benchmark.METRICS[metric].unit
        pct = float(row["percentile"])
        if row["better"] == "neither":
            reading = f"more accounts than {pct:.0f} % of the peers (neither better nor worse)"
        else:
            reading = f"better than {pct:.0f} % of the {n_peers} peers"
        rows.append(
            [
                _esc(row["label"]) + (" (fewer is better)" if row["better"] == "lower" else ""),
                _esc(shown(float(row["aldmoor"]), unit)),
                _esc(shown(float(row["peer_median"]), unit)),
                f'<span class="kam-bar" style="width:{max(pct, 1) * 1.2:.0f}px"></span> {_esc(reading)}',
            ]
        )
    return rows


class PeerBenchmark:
    """Step 7's peer benchmark: your programme's numbers against the peer panel."""

    def __init__(self, data: CourseData) -> None:
        self.data = data
        self.sliders: dict[str, widgets.FloatSlider] = {}
        for metric, (label, unit, low, high, step, scale) in METRIC_INPUTS.items():
            value = float(data.aldmoor[metric]) * scale
            slider = widgets.FloatSlider(
                value=round(value / step) * step,
                min=low,
                max=high,
                step=step,
                description=f"{label} ({unit})",
                continuous_update=False,
                readout_format=".1f" if step < 1 else ".0f",
                style={"description_width": "400px"},
                layout=widgets.Layout(width="680px"),
            )
            slider.observe(self.update, names="value")
            self.sliders[metric] = slider
        self.reset = widgets.Button(description="Back to Aldmoor's numbers", icon="undo")
        self.reset.layout.width = "260px"
        self.reset.on_click(self.restore)
        self.image = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="820px"))
        self.table = widgets.HTML()
        self.image.add_class("kam-radar")
        self.table.add_class("kam-benchmark")
        self.widget = widgets.VBox(
            [widgets.HTML(STYLE), *self.sliders.values(), self.reset, self.image, self.table]
        )
        self.widget.add_class("kam-peer-benchmark")
        self.update()

    def values(self) -> pd.Series:
        """The sliders as programme metrics (shares back on 0-1)."""
        return pd.Series(
            {m: self.sliders[m].value / METRIC_INPUTS[m][5] for m in METRIC_INPUTS}, dtype="float64"
        )

    def restore(self, _button: object = None) -> None:
        for metric, (_, _, _, _, step, scale) in METRIC_INPUTS.items():
            slider = self.sliders[metric]
            slider.unobserve(self.update, names="value")
            slider.value = round(float(self.data.aldmoor[metric]) * scale / step) * step
            slider.observe(self.update, names="value")
        self.update()

    def update(self, _change: object = None) -> None:
        ours = self.values()
        # radar_plot names the programme "Aldmoor"; here the numbers are the reader's.
        radar = benchmark.radar_plot(ours, self.data.peers, title="Your KAM programme against the peer panel")
        self.image.value = figure_png(relabel(radar, YOURS))
        table = benchmark.benchmark_table(ours, self.data.peers)
        self.table.value = html_table(
            benchmark_rows(table, len(self.data.peers)),
            ["Metric", "Yours", "Peer median", "Where you stand"],
            numeric=(1, 2),
        )


# ---------------------------------------------------------------------------------------------
# Step 7: the maturity self-assessment and its gap report


def step_totals(report: pd.DataFrame) -> pd.DataFrame:
    """The gap report summed per step, biggest total first (ties: step order)."""
    if report.empty:
        return pd.DataFrame(columns=["step", "step_name", "gap"])
    totals = report.groupby(["step", "step_name"], as_index=False)["gap"].sum()
    return totals.sort_values(["gap", "step"], ascending=[False, True], kind="stable").reset_index(drop=True)


def gap_summary(report: pd.DataFrame, target: float) -> str:
    """One or two sentences: how many statements fall short, and where to act first."""
    if report.empty:
        return f"No gaps: every statement is at or above the target of {target:g}. Keep it there."
    totals = step_totals(report)
    top = totals[totals["gap"] == totals["gap"].iloc[0]]
    where = " and ".join(f"Step {int(r.step)} ({r.step_name})" for r in top.itertuples())
    n = len(report)
    return (
        f"{n} statement{'s' if n != 1 else ''} below the target of {target:g}. "
        f"Act first on {where}: the biggest total gap ({totals['gap'].iloc[0]:g} points)."
    )


class MaturityAssessment:
    """Step 7's maturity self-assessment: fourteen statements, answered from drop-down lists."""

    def __init__(self, answers: Sequence[int] | None = None, target: int = benchmark.TARGET) -> None:
        start = benchmark.questionnaire(answers)
        self.questions = list(benchmark.QUESTIONS)
        options = [(label, value) for value, label in ANSWER_LABELS.items()]
        self.dropdowns = [
            widgets.Dropdown(options=options, value=int(a), layout=widgets.Layout(width="150px"))
            for a in start["answer"]
        ]
        self.target = widgets.Dropdown(
            options=[(ANSWER_LABELS[v], v) for v in (3, 4, 5)],
            value=int(target),
            description="Target for every statement",
            style={"description_width": "200px"},
            layout=widgets.Layout(width="360px"),
        )
        self.reset = widgets.Button(description="Back to Aldmoor's answers", icon="undo")
        self.reset.layout.width = "260px"
        self.reset.on_click(self.restore)
        rows: list[widgets.Widget] = []
        last_step = None
        for n, ((step, text), dropdown) in enumerate(zip(self.questions, self.dropdowns), start=1):
            if step != last_step:
                rows.append(
                    widgets.HTML(
                        f'<div class="kam-step-title">Step {step}: {_esc(benchmark.STEPS[step])}</div>'
                    )
                )
                last_step = step
            dropdown.observe(self.update, names="value")
            rows.append(
                widgets.HBox(
                    [dropdown, widgets.HTML(f"{n}. {_esc(text)}", layout=widgets.Layout(width="720px"))]
                )
            )
        self.target.observe(self.update, names="value")
        self.summary = widgets.HTML()
        self.by_step = widgets.HTML()
        self.report_table = widgets.HTML()
        self.summary.add_class("kam-gap-summary")
        self.report_table.add_class("kam-gap-report")
        self.by_step.add_class("kam-gap-by-step")
        form = widgets.VBox([*rows, widgets.HBox([self.target, self.reset])])
        form.add_class("kam-questionnaire")
        self.widget = widgets.VBox(
            [
                widgets.HTML(STYLE),
                form,
                widgets.HTML("<h3>Your gap report</h3>"),
                self.summary,
                self.by_step,
                self.report_table,
            ]
        )
        self.widget.add_class("kam-maturity")
        self.update()

    def answers(self) -> pd.DataFrame:
        """The drop-down lists as a :func:`kamlab.benchmark.questionnaire` table."""
        return benchmark.questionnaire([d.value for d in self.dropdowns], self.questions)

    def report(self) -> pd.DataFrame:
        """The :func:`kamlab.benchmark.gap_report` of the answers against the target."""
        return benchmark.gap_report(self.answers(), self.target.value)

    def restore(self, _button: object = None) -> None:
        for dropdown, value in zip(self.dropdowns, benchmark.ALDMOOR_ANSWERS):
            dropdown.unobserve(self.update, names="value")
            dropdown.value = value
            dropdown.observe(self.update, names="value")
        self.update()

    def update(self, _change: object = None) -> None:
        report = self.report()
        target = float(self.target.value)
        self.summary.value = f'<p class="kam-summary">{_esc(gap_summary(report, target))}</p>'
        totals = step_totals(report)
        most = float(totals["gap"].max()) if len(totals) else 1.0
        self.by_step.value = (
            ""
            if totals.empty
            else "<b>Total gap per step</b>"
            + html_table(
                [
                    [
                        f"Step {int(r.step)}: {_esc(r.step_name)}",
                        f'<span class="kam-bar" style="width:{120 * r.gap / most:.0f}px"></span> {r.gap:g}',
                    ]
                    for r in totals.itertuples()
                ],
                ["Step of the course", "Points short"],
            )
        )
        self.report_table.value = (
            ""
            if report.empty
            else "<b>Statements below target</b>, biggest gap first"
            + html_table(
                [
                    [
                        f"{r.gap:g}",
                        f"Step {int(r.step)}",
                        _esc(r.question),
                        _esc(ANSWER_LABELS[int(r.answer)]),
                    ]
                    for r in report.itertuples()
                ],
                ["Gap", "Step", "Statement", "Your answer"],
                numeric=(0,),
            )
        )
