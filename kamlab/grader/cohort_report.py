"""The cohort report: one HTML page for the instructor, with its charts, from a graded cohort.

    python -m kamlab report step4_key_accounts [MORE ...] [--threshold 0.5] [--out FILE]
    make report STEP=step4_key_accounts

It reads the gradebook and the autograded notebooks (:func:`kamlab.grader.cohort.load`) and writes
``course/reports/<assignments>.html``, a single file with the charts embedded as PNG (they are
also saved beside it, in ``<assignments>_files/``). The page answers, in order:

1. which exercises the cohort found hard, and which of them tell strong learners from weak ones;
2. what learners handed in, per exercise: right, a catalogued mistake, something else, nothing;
3. which catalogued mistakes to teach against first, and the wrong answers no catalogue entry names;
4. who is below the threshold, in which steps, and what they lost there;
5. which learners wrote the same code where few others did (possible copying, to check by hand).

Each chart is a :class:`matplotlib.figure.Figure` made without ``pyplot``, so the notebook
``course/analytics.ipynb`` shows the same charts from the same functions.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from kamlab.grader import cohort as cohort_data
from kamlab.grader import course as grading
from kamlab.grader.cohort import STATUSES, Cluster, Cohort

#: Below this item-rest correlation an exercise does not separate strong learners from weak ones.
LOW_DISCRIMINATION = 0.2
STEP_COLOURS = ("#2b6ca3", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#7f7f7f")
OUTCOME_COLOURS = {
    "passed": "#009e73",
    "mistake": "#d55e00",
    "wrong": "#e69f00",
    "blank": "#bdbdbd",
    "error": "#cc79a7",
    "hidden": "#8e44ad",
    "grader": "#34495e",
    "missing": "#f0f0f0",
}


@dataclass
class ReportData:
    """Everything the report shows, as tables: what tests and the notebook read."""

    cohort: Cohort
    threshold: float
    items: pd.DataFrame
    outcomes: pd.DataFrame
    another_way: pd.Series
    mistakes: pd.DataFrame
    uncatalogued: pd.DataFrame
    totals: pd.DataFrame
    struggling: pd.DataFrame
    copies: list[Cluster]
    headline: dict[str, Any] = field(default_factory=dict)


def report_data(cohort: Cohort, threshold: float = 0.5, alpha: float = 0.05) -> ReportData:
    """Compute every table of the report from a loaded cohort."""
    return ReportData(
        cohort=cohort,
        threshold=threshold,
        items=cohort_data.item_statistics(cohort),
        outcomes=cohort_data.outcome_table(cohort),
        another_way=cohort_data.written_another_way(cohort),
        mistakes=cohort_data.mistake_ranking(cohort),
        uncatalogued=cohort_data.uncatalogued(cohort),
        totals=cohort_data.learner_totals(cohort),
        struggling=cohort_data.struggling(cohort, threshold),
        copies=cohort_data.flagged_copies(cohort, alpha),
        headline=cohort_data.summary(cohort, threshold),
    )


# ------------------------------------------------------------------------------------------- charts


def _colours(data: ReportData) -> dict[str, str]:
    steps = list(dict.fromkeys(data.cohort.exercises["step"]))
    return {s: STEP_COLOURS[k % len(STEP_COLOURS)] for k, s in enumerate(steps)}


def _step_legend(ax: Any, colours: dict[str, str]) -> None:
    from matplotlib.patches import Patch

    if len(colours) > 1:
        ax.legend(
            handles=[Patch(color=c, label=s) for s, c in colours.items()], loc="lower right", frameon=False
        )


def _finish(fig: Figure, ax: Any) -> Figure:
    """The report's house style: no top or right frame, and a layout that fits the labels."""
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def plot_facility(data: ReportData) -> Figure:
    """Per exercise, the share of its marks the cohort earned, hardest first."""
    items = data.items.sort_values("facility", ascending=False, kind="stable")
    colours = _colours(data)
    steps = data.cohort.exercises.loc[items.index, "step"]
    fig = Figure(figsize=(8.5, 0.55 * len(items) + 1.8))
    ax = fig.subplots()
    bars = ax.barh(items["label"], items["facility"] * 100, color=[colours[s] for s in steps])
    for bar, row in zip(bars, items.itertuples()):
        ax.text(
            bar.get_width() + 1,
            bar.get_y() + bar.get_height() / 2,
            f"{row.facility:.0%}  (mean {row.mean_score:.2g} of {row.points:g} points, "
            f"{row.full_marks} full marks)",
            va="center",
            fontsize=9,
        )
    ax.set_xlim(0, 145)
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("Share of the exercise's points the cohort earned (facility; low = hard)")
    hardest = items.index[-1] if len(items) else ""
    ax.set_title(
        f"Hardest exercise: {hardest} ({items['facility'].iloc[-1]:.0%} of its points)" if len(items) else "",
        loc="left",
        fontsize=12,
    )
    _step_legend(ax, colours)
    return _finish(fig, ax)


def plot_discrimination(data: ReportData) -> Figure:
    """Facility against discrimination: exercises under the line do not tell strong from weak learners."""
    items = data.items
    colours = _colours(data)
    steps = data.cohort.exercises.loc[items.index, "step"]
    fig = Figure(figsize=(8.5, 5.2))
    ax = fig.subplots()
    ax.axhspan(-1, LOW_DISCRIMINATION, color="#fdecea", zorder=0)
    ax.axhline(LOW_DISCRIMINATION, color="#c0392b", linewidth=1, linestyle="--")
    ax.text(
        2, LOW_DISCRIMINATION - 0.04, "below 0.2: review the exercise", color="#c0392b", fontsize=9, va="top"
    )
    ax.scatter(
        items["facility"] * 100, items["discrimination"], s=70, color=[colours[s] for s in steps], zorder=3
    )
    for test, row in items.iterrows():
        if pd.notna(row["discrimination"]):
            ax.annotate(
                test,
                (row["facility"] * 100, row["discrimination"]),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=9,
            )
    ax.set_xlim(0, 105)
    low = (
        min(-0.1, float(items["discrimination"].min()) - 0.1)
        if items["discrimination"].notna().any()
        else -0.1
    )
    ax.set_ylim(low, 1.0)
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel("Facility: share of the exercise's points the cohort earned (low = hard)")
    ax.set_ylabel("Discrimination: correlation of the exercise\nwith the rest of the learner's score")
    weak = items.index[items["discrimination"] < LOW_DISCRIMINATION].tolist()
    ax.set_title(
        f"{len(weak)} exercise(s) do not separate strong learners from weak ones"
        if weak
        else "Every exercise separates strong learners from weak ones (all above 0.2)",
        loc="left",
        fontsize=12,
    )
    _step_legend(ax, colours)
    return _finish(fig, ax)


def plot_outcomes(data: ReportData) -> Figure:
    """Per exercise, how many learners were right, made a catalogued mistake, something else, or nothing."""
    table = data.outcomes.loc[:, (data.outcomes.sum() > 0)]
    labels = data.cohort.exercises.loc[table.index, "label"]
    fig = Figure(figsize=(8.5, 0.55 * len(table) + 2.2))
    ax = fig.subplots()
    left = pd.Series(0, index=table.index, dtype=float)
    for status in table.columns:
        values = table[status]
        ax.barh(
            labels,
            values,
            left=left,
            color=OUTCOME_COLOURS[status],
            label=STATUSES[status],
            edgecolor="white",
            linewidth=0.5,
        )
        for y, (v, x) in enumerate(zip(values, left)):
            if v >= 2:
                ax.text(
                    x + v / 2,
                    y,
                    f"{v:g}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if status not in ("blank", "missing", "wrong") else "black",
                )
        left += values
    ax.invert_yaxis()
    ax.set_xlabel("Learners")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    total = max(int(data.outcomes.to_numpy().sum()), 1)
    shares = {k: data.outcomes[k].sum() / total for k in ("passed", "mistake", "blank")}
    ax.set_title(
        f"{shares['passed']:.0%} of answers right, {shares['mistake']:.0%} a catalogued mistake, "
        f"{shares['blank']:.0%} not answered",
        loc="left",
        fontsize=12,
    )
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False, fontsize=9)
    return _finish(fig, ax)


def plot_mistakes(data: ReportData, top: int = 12) -> Figure:
    """The catalogued mistakes most learners made."""
    made = data.mistakes.head(top).iloc[::-1]
    colours = _colours(data)
    steps = data.cohort.exercises.loc[made["test"], "step"] if len(made) else []
    fig = Figure(figsize=(10, 0.5 * max(len(made), 1) + 1.6))
    ax = fig.subplots()
    names = [
        textwrap.shorten(f"{t}: {m}", 60, placeholder="...") for t, m in zip(made["test"], made["mistake"])
    ]
    bars = ax.barh(names, made["learners"], color=[colours[s] for s in steps])
    for bar, row in zip(bars, made.itertuples()):
        ax.text(
            bar.get_width() + 0.05,
            bar.get_y() + bar.get_height() / 2,
            f" {row.learners} ({row.share:.0%})",
            va="center",
            fontsize=9,
        )
    ax.set_xlabel("Learners whose self-check named the mistake (share of the cohort)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, (made["learners"].max() if len(made) else 1) * 1.3)
    title = (
        f'Teach against these first: "{data.mistakes["mistake"].iloc[0]}" in {data.mistakes["test"].iloc[0]} '
        f"tops the list"
        if len(data.mistakes)
        else "No catalogued mistakes in this cohort"
    )
    fig.suptitle(title, x=0.01, ha="left", fontsize=12)
    _step_legend(ax, colours)
    return _finish(fig, ax)


def plot_learners(data: ReportData) -> Figure:
    """How many learners reached each share of the marks, with the threshold."""
    overall = data.totals.groupby("learner")[["score", "points"]].sum()
    share = (overall["score"] / overall["points"] * 100).round(1)
    below = int((share < data.threshold * 100).sum())
    fig = Figure(figsize=(8.5, 4.2))
    ax = fig.subplots()
    counts = share.value_counts().sort_index()
    if len(counts) <= 25:  # few possible totals: one bar per total, so nothing is hidden in a bin
        colours = ["#c0392b" if v < data.threshold * 100 else "#2b6ca3" for v in counts.index]
        ax.bar(counts.index, counts.to_numpy(), width=2.5, color=colours)
        for x, n in counts.items():
            ax.text(x, n + 0.15, f"{n}", ha="center", fontsize=9)
    else:
        _, edges, patches = ax.hist(
            share.clip(0, 99.999), bins=range(0, 101, 5), color="#2b6ca3", edgecolor="white"
        )
        for patch, edge in zip(patches, edges[:-1]):
            if edge < data.threshold * 100:
                patch.set_facecolor("#c0392b")
    top = max(int(counts.max()), 1)
    ax.axvline(data.threshold * 100, color="#c0392b", linestyle="--", linewidth=1)
    ax.text(
        data.threshold * 100 + 1,
        top * 1.1,
        f"threshold {data.threshold:.0%}",
        color="#c0392b",
        fontsize=9,
        va="top",
    )
    ax.set_xlim(-4, 104)
    ax.set_ylim(0, top * 1.15)
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(
        f"Share of the marks of {', '.join(dict.fromkeys(data.cohort.exercises['step']))} "
        "(red: below the threshold)"
    )
    ax.set_ylabel("Learners")
    ax.set_title(
        f"{below} of {len(share)} learners are below {data.threshold:.0%} of the marks",
        loc="left",
        fontsize=12,
    )
    return _finish(fig, ax)


CHARTS = {
    "facility": plot_facility,
    "discrimination": plot_discrimination,
    "outcomes": plot_outcomes,
    "mistakes": plot_mistakes,
    "learners": plot_learners,
}


# --------------------------------------------------------------------------------------------- page


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _table(frame: pd.DataFrame, formats: dict[str, str] | None = None, classes: str = "") -> str:
    formats = formats or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column in frame.columns:
            value = row[column]
            fmt = formats.get(column)
            text = "" if pd.isna(value) else (format(value, fmt) if fmt else str(value))
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(f'<td class="{"num" if numeric else ""}">{html.escape(text)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{classes}"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1000px; margin: 2em auto;
       padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
.meta { color: #666; } .cards { display: flex; gap: 1em; flex-wrap: wrap; margin: 1.2em 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6em 1em; min-width: 9em; }
.card b { display: block; font-size: 1.6em; } .warn b { color: #c0392b; }
table { border-collapse: collapse; margin: 0.8em 0; font-size: 0.92em; width: 100%; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f6f6f6; } td.num { text-align: right; white-space: nowrap; }
img { max-width: 100%; } pre { background: #f6f6f6; padding: 0.5em; overflow-x: auto; font-size: 0.85em; }
.note { color: #555; font-size: 0.93em; } .flag { background: #fdecea; }
"""


def _items_table(data: ReportData) -> str:
    items = data.items.copy()
    items["another way"] = data.another_way
    items["review"] = ["review" if d < LOW_DISCRIMINATION else "" for d in items["discrimination"]]
    shown = items.reset_index()[
        [
            "label",
            "learners",
            "points",
            "mean_score",
            "facility",
            "full_marks",
            "another way",
            "discrimination",
            "upper_lower",
            "review",
        ]
    ].rename(
        columns={
            "label": "exercise",
            "mean_score": "mean score",
            "full_marks": "full marks",
            "discrimination": "discrimination (item-rest r)",
            "upper_lower": "upper-lower",
        }
    )
    return _table(
        shown,
        {
            "mean score": ".2f",
            "facility": ".0%",
            "points": "g",
            "discrimination (item-rest r)": ".2f",
            "upper-lower": ".2f",
        },
    )


def _copies_html(data: ReportData) -> str:
    if not data.copies:
        return "<p>No group of learners wrote the same code more often than chance explains.</p>"
    verdicts = data.cohort.verdicts.set_index(["learner", "test"])
    parts = []
    for cluster in data.copies:
        said = []
        for test in cluster.exercises:
            v = verdicts.loc[(cluster.learners[0], test)]
            said.append(
                f"self-check: {v['mistake']}" if v["mistake"] else STATUSES.get(v["status"], v["status"])
            )
        shared = "".join(
            f"<li><b>{html.escape(t)}</b>, {html.escape(why)} "
            f"({o} other learner{'s' if o != 1 else ''} wrote this)<pre>{html.escape(code)}</pre></li>"
            for t, why, o, code in zip(cluster.exercises, said, cluster.others, cluster.answers)
        )
        parts.append(
            f"<h3>{html.escape(' + '.join(cluster.learners))}</h3>"
            f"<p>The same code on {len(cluster.exercises)} exercise(s). Groups of {len(cluster.learners)} "
            f"agreeing this much by chance in this cohort: about <b>{cluster.expected:.2g}</b>.</p>"
            f"<ul>{shared}</ul>"
        )
    return "".join(parts)


def render(data: ReportData, images: dict[str, bytes]) -> str:
    """The report as one HTML page, the charts embedded."""
    h = data.headline
    steps = ", ".join(dict.fromkeys(data.cohort.exercises["step"]))

    def img(name: str, alt: str) -> str:
        encoded = base64.b64encode(images[name]).decode()
        return f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(alt)}">'

    mistakes = data.mistakes.head(15).reset_index(drop=True)
    mistakes.index = mistakes.index + 1
    mistakes = mistakes.reset_index().rename(columns={"index": "rank", "says": "the self-check says"})
    mistakes = mistakes[["rank", "label", "mistake", "the self-check says", "learners", "share"]].rename(
        columns={"label": "exercise"}
    )
    struggling = data.struggling.rename(
        columns={"weakest_steps": "weakest steps", "lost": "what they lost there"}
    )
    low = len(data.items[data.items["discrimination"] < LOW_DISCRIMINATION])
    cards = [
        ("learners", f"{h['learners']}", ""),
        ("mean share of the marks", f"{h['mean_share']:.0%}", ""),
        (f"below {h['threshold']:.0%}", f"{h['below']}", "warn" if h["below"] else ""),
        ("exercises to review", f"{low}", "warn" if low else ""),
        ("possible copying", f"{len(data.copies)} group(s)", "warn" if data.copies else ""),
    ]
    if h["not_graded"]:
        cards.append(("answers not graded", f"{h['not_graded']}", "warn"))
    card_html = "".join(
        f'<div class="card {c}"><b>{html.escape(v)}</b>{html.escape(k)}</div>' for k, v, c in cards
    )
    uncatalogued = (
        _table(data.uncatalogued[["label", "message", "learners"]].rename(columns={"label": "exercise"}))
        if len(data.uncatalogued)
        else "<p>Every wrong answer was a catalogued mistake.</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Cohort report: {html.escape(steps)}</title>
<style>{CSS}</style></head><body>
<h1>Cohort report: {html.escape(steps)}</h1>
<p class="meta">{h["learners"]} learners · {html.escape(", ".join(data.cohort.assignments))} ·
built {datetime.now():%Y-%m-%d %H:%M} from <code>gradebook.db</code> and the autograded notebooks.</p>
<div class="cards">{card_html}</div>

<h2>1. Which exercises are hard, and which tell strong learners from weak ones</h2>
{img("facility", "Share of each exercise's points the cohort earned")}
{img("discrimination", "Facility against discrimination per exercise")}
<p class="note"><b>Facility</b> is the share of an exercise's points the cohort earned (classical test
theory's difficulty index: low means hard). <b>Discrimination</b> is the correlation between the exercise's
score and the rest of the learner's score (item-rest point-biserial); <b>upper-lower</b> is the facility in
the top 27 % of learners minus that in the bottom 27 %. An exercise under {LOW_DISCRIMINATION} does not
separate learners who know the material from those who do not: look at its wording and its checks.
<b>Another way</b> counts full-mark answers not written as the most common right answer.</p>
{_items_table(data)}

<h2>2. What learners handed in</h2>
{img("outcomes", "Outcome of every answer, per exercise")}

<h2>3. The mistakes to teach against first</h2>
{img("mistakes", "Catalogued mistakes by how many learners made them")}
<p class="note">Named from the self-check message each learner's answer got, matched to the catalogue in
<code>course/authoring/&lt;step&gt;.py</code>.</p>
{_table(mistakes, {"share": ".0%"})}
<h3>Wrong answers no catalogue entry names</h3>
<p class="note">Candidates for new catalogue entries (numbers in the messages shown as #).</p>
{uncatalogued}

<h2>4. Learners below {h["threshold"]:.0%} of the marks</h2>
{img("learners", "Learners' share of the marks")}
{
        _table(struggling, {"share": ".0%", "score": "g", "points": "g"})
        if len(struggling)
        else "<p>Nobody is below the threshold.</p>"
    }

<h2>5. Possible copying</h2>
<p class="note">Learners who wrote the same code (comments, spacing and quotes aside) on exercises where
few others did. Each shared answer counts with the chance that a learner of this cohort writes it, from how
many others did: a model solution half the cohort writes counts for little, code nobody else wrote for a
lot. A group is listed when fewer than 0.05 such groups would be expected by chance. It is a reason to read
their notebooks side by side, not proof: learners who worked together, or followed the same hint to the
letter, look the same.</p>
{_copies_html(data)}
</body></html>
"""


def build(
    assignments: Sequence[str],
    course: Path = grading.COURSE,
    out: Path | None = None,
    threshold: float = 0.5,
) -> Path:
    """Write the report of ``assignments`` (and its charts beside it); return the HTML file's path."""
    course = Path(course)
    loaded = cohort_data.load(assignments, course)
    if not loaded.learners:
        raise ValueError(f"no submission of {', '.join(assignments)} in the gradebook yet: grade them first")
    data = report_data(loaded, threshold)
    out = Path(out) if out else course / "reports" / f"{'+'.join(assignments)}.html"
    folder = out.with_name(out.stem + "_files")
    folder.mkdir(parents=True, exist_ok=True)
    images = {}
    for name, chart in CHARTS.items():
        images[name] = _png(chart(data))
        (folder / f"{name}.png").write_bytes(images[name])
    out.write_text(render(data, images))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kamlab report",
        description="The cohort report (HTML with charts) of graded assignments, from the gradebook and the "
        "autograded notebooks.",
    )
    parser.add_argument("assignments", nargs="+", metavar="ASSIGNMENT")
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.5,
        help="share of the marks under which a learner is listed (default 0.5)",
    )
    parser.add_argument("--course", type=Path, default=grading.COURSE)
    parser.add_argument("--out", type=Path, default=None, help="the HTML file (default course/reports/...)")
    args = parser.parse_args(argv)
    try:
        path = build(args.assignments, args.course, args.out, args.threshold)
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
