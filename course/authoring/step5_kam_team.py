"""Step 5, appoint and train key account managers: the graded exercises, written once.

Each exercise's code runs after the notebook's teaching cells above it (``t``, ``candidates``
indexed by ``candidate_id``, ``SKILLS``, ``SELLERS`` (the two best sellers' ids), ``profile``,
``best_seller``, ``kam_fit`` and ``pd``; from Exercise 2 on ``fit_all``; from Exercise 3 on
``ranking``, ``CHOSEN`` and ``plan``), and after the solutions of the exercises before it.
``python -m kamlab build`` turns this file into the answer and check cells, the self-check data
and the answer key.
"""

from fractions import Fraction

from kamlab.grader.exercise import Alternative, Exercise, Mistake, Part, Rule

ROWS = "candidates.index"
NAMES = "candidates['name']"
SHARE = 'need = profile["required_level"]\nshare = candidates[SKILLS].clip(upper=need, axis=1) / need\n'
GAP = 'gap = (profile["required_level"] - candidates[SKILLS]).clip(lower=0)\n'

CANDIDATE_FIT = Exercise(
    id="candidate_fit",
    title="Exercise 1",
    points=2,
    parts=(
        Part(
            "fit",
            "values",
            what="candidate",
            rows=ROWS,
            names=NAMES,
            show="SELLERS",
            step=1e-3,
            low=0.0,
            high=1.0 + 1e-9,
            range_hint="A fit score is between 0 and 1: cap each skill's share at 1 and use the weight "
            "column, whose weights add up to 1.",
        ),
    ),
    prompt="Exercise 1: fit = each candidate's fit score (0 to 1), a pandas Series indexed by candidate_id:\n"
    "the weighted sum over the five skills of min(level, required level) / required level.",
    solution=(
        'required = profile["required_level"]\n'
        "share_met = candidates[SKILLS].clip(upper=required, axis=1) / required\n"
        'fit = (share_met * profile["weight"]).sum(axis=1)'
    ),
    show_answer="fit",
    hints=(
        "For each skill take min(level, required level) / required level, multiply by the skill's weight, "
        "and add up the five skills.",
        "candidates[SKILLS].clip(upper=profile['required_level'], axis=1) caps every skill at its required "
        "level; divide by the required level, multiply by profile['weight'] and .sum(axis=1) across the skills.",
        'required = profile["required_level"]\n'
        "share_met = candidates[SKILLS].clip(upper=____, axis=1) / ____\n"
        'fit = (share_met * profile["____"]).sum(axis=1)',
    ),
    passed="the fit scores of all candidates are right.",
    mistakes=(
        Mistake(
            "unweighted mean",
            "an unweighted mean of the five skills: multiply each skill's share by its weight",
            SHARE + "fit = share.mean(axis=1)",
        ),
        Mistake(
            "not capped at the requirement",
            "fit without the cap: a level above the requirement must count as 100 % of that skill, not more",
            'fit = (candidates[SKILLS] / profile["required_level"] * profile["weight"]).sum(axis=1)',
        ),
        Mistake(
            "importance points as weights",
            "importance points used as weights: they add up to 20, not 1 (use the weight column)",
            SHARE + 'fit = (share * profile["importance"]).sum(axis=1)',
        ),
        Mistake(
            "levels out of 5",
            "levels out of 5, not out of the required level",
            'fit = (candidates[SKILLS] / 5 * profile["weight"]).sum(axis=1)',
        ),
        Mistake(
            "quota attainment instead of fit",
            "quota attainment, not fit with the role: sales results are not the key account manager profile",
            'fit = candidates["quota_attainment"]',
        ),
        Mistake(
            "a mean of the weighted shares",
            "the weighted shares averaged over the five skills instead of added up: the weights already share "
            "out the score, so add them (.sum(axis=1), not .mean(axis=1))",
            SHARE + 'fit = (share * profile["weight"]).mean(axis=1)',
        ),
        Mistake(
            "shares rounded first",
            "each skill's share rounded to one decimal before weighting (0.75 became 0.8): weight the exact "
            "shares and round only what you show",
            SHARE + 'fit = (share.round(1) * profile["weight"]).sum(axis=1)',
        ),
        Mistake(
            "percentages",
            "percentages: give the fit as a share between 0 and 1",
            SHARE + 'fit = (share * profile["weight"]).sum(axis=1) * 100',
        ),
        Mistake(
            "only the two best sellers",
            "it should cover all",
            SHARE + 'fit = (share * profile["weight"]).sum(axis=1)[SELLERS]',
        ),
        Mistake(
            "names as ids",
            "uses candidate names, not ids",
            SHARE + 'fit = (share * profile["weight"]).sum(axis=1).rename(index=candidates["name"])',
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            SHARE + 'fit = (share * profile["weight"]).sum(axis=1).reset_index(drop=True)',
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over candidates and skills, a dict",
            "fit = {}\n"
            "for cid, row in candidates.iterrows():\n"
            "    score = 0.0\n"
            "    for skill in SKILLS:\n"
            '        need = profile.loc[skill, "required_level"]\n'
            '        score += profile.loc[skill, "weight"] * min(row[skill], need) / need\n'
            "    fit[cid] = score",
        ),
        Alternative(
            "a NumPy matrix product, another order, float noise",
            "import numpy as np\n"
            'need = profile["required_level"].to_numpy()\n'
            "levels = candidates[SKILLS].to_numpy(dtype=float)\n"
            'values = np.minimum(levels, need) / need @ profile["weight"].to_numpy()\n'
            "fit = pd.Series(values, index=candidates.index).sort_values() + 1e-9",
        ),
        Alternative(
            "from the gap: 1 minus the share missing",
            'need = profile["required_level"]\n'
            "missing = (need - candidates[SKILLS]).clip(lower=0) / need\n"
            'fit = ((1 - missing) * profile["weight"]).sum(axis=1)',
        ),
        Alternative(
            "kam_fit.fit_scores as a one-column table",
            'fit = kam_fit.fit_scores(candidates, profile).to_frame("fit")',
        ),
        Alternative(
            "numbers held as text",
            SHARE + 'fit = (share * profile["weight"]).sum(axis=1).round(6).astype(str)',
        ),
    ),
)

KAM_SHORTLIST = Exercise(
    id="kam_shortlist",
    title="Exercise 2",
    points=1,
    parts=(
        Part(
            "shortlist",
            "selection",
            what="candidate",
            rows=ROWS,
            names=NAMES,
            size=(3, 3),
            size_hint="Aldmoor appoints three key account managers.",
        ),
    ),
    prompt="Exercise 2: shortlist = the ids of the three candidates with the highest fit score (list or set).",
    solution="shortlist = list(fit_all.sort_values(ascending=False).index[:3])",
    show_answer="shortlist",
    hints=(
        "Take the three candidates with the highest fit score in fit_all (a list or set of three ids).",
        "fit_all is a Series indexed by candidate_id: sort it from the highest fit down (or use .nlargest) and "
        "keep the first three ids of its index.",
        "shortlist = list(fit_all.sort_values(ascending=____).index[:____])",
    ),
    passed="those are the three best fits.",
    mistakes=(
        Mistake(
            "ranked by quota attainment",
            "the three best sellers by quota attainment: rank by fit with the role, not by sales",
            'shortlist = list(candidates["quota_attainment"].nlargest(3).index)',
        ),
        Mistake(
            "sorted the wrong way",
            "the three lowest fit scores: sort from the highest fit down",
            "shortlist = list(fit_all.sort_values().index[:3])",
        ),
        Mistake(
            "ranked by experience",
            "the three most experienced candidates: years in B2B roles are not the profile",
            'shortlist = set(candidates["years_experience"].nlargest(3).index)',
        ),
        Mistake(
            "the fewest training days",
            "the three who need the fewest training days: close, but training days price each gap in days, the "
            "fit weighs it by what the role needs; rank by fit",
            "shortlist = kam_fit.training_days(candidates, profile).nsmallest(3).index.tolist()",
        ),
        Mistake(
            "sales people only",
            "the best fits among the sales people only: key account managers can come from any role, as the "
            "article says; rank everybody by fit",
            'in_sales = candidates["current_role"].str.contains("sales", case=False)\n'
            "shortlist = list(fit_all[in_sales].nlargest(3).index)",
        ),
        Mistake(
            "everyone but sales",
            "the best fits outside sales only: the rule is fit with the role, wherever people work now",
            'in_sales = candidates["current_role"].str.contains("sales", case=False)\n'
            "shortlist = list(fit_all[~in_sales].nlargest(3).index)",
        ),
        Mistake(
            "four appointed",
            "it should have 3",
            "shortlist = list(fit_all.nlargest(4).index)",
        ),
        Mistake(
            "names as ids",
            "uses candidate names, not ids",
            'shortlist = candidates.loc[fit_all.nlargest(3).index, "name"].tolist()',
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            "shortlist = list(fit_all.reset_index(drop=True).nlargest(3).index)",
        ),
    ),
    rules=(
        Rule(
            "shortlist",
            "WORST in answer",
            "shortlist includes the candidate with the lowest fit of all: rank by fit with the role, from the "
            "highest down.",
            consts={"WORST": "fit_all.idxmin()"},
        ),
    ),
    alternatives=(
        Alternative("a set from sort_values", "shortlist = set(fit_all.sort_values().index[-3:])"),
        Alternative(
            "picked one at a time in a loop",
            "left = fit_all.to_dict()\n"
            "shortlist = []\n"
            "while len(shortlist) < 3:\n"
            "    best = max(left, key=left.get)\n"
            "    shortlist.append(best)\n"
            "    del left[best]",
        ),
        Alternative("an Index from nlargest", "shortlist = fit_all.nlargest(3).index"),
        Alternative("a True/False Series", "shortlist = fit_all >= fit_all.nlargest(3).min()"),
        Alternative(
            "kam_fit.shortlist, a tuple", "shortlist = tuple(kam_fit.shortlist(candidates, profile, 3))"
        ),
    ),
)

TRAINING_DAYS = Exercise(
    id="training_days",
    title="Exercise 3",
    points=2,
    parts=(
        Part(
            "training_days",
            "values",
            what="candidate",
            rows=ROWS,
            names=NAMES,
            show="SELLERS",
            step=0.01,
            low=0.0,
            range_hint="A training plan has no negative days: clip each skill's gap at 0 before adding up.",
        ),
    ),
    prompt="Exercise 3: training_days = total training days per candidate (a pandas Series indexed by\n"
    "candidate_id): the sum over skills of max(required level - level, 0) x days per point.",
    solution=(
        'gap = (profile["required_level"] - candidates[SKILLS]).clip(lower=0)\n'
        'training_days = (gap * profile["days_per_point"]).sum(axis=1)'
    ),
    show_answer="training_days",
    hints=(
        "For each skill: max(required level - level, 0) x that skill's days per point; then add up the skills.",
        "profile['required_level'] - candidates[SKILLS] lines the skills up by name; .clip(lower=0) turns "
        "surpluses into 0; multiply by profile['days_per_point'] and .sum(axis=1).",
        'gap = (profile["required_level"] - candidates[SKILLS]).clip(lower=____)\n'
        'training_days = (gap * profile["____"]).sum(axis=1)',
    ),
    passed="the training days of all candidates are right.",
    mistakes=(
        Mistake(
            "gap points, not days",
            "gap points, not days: multiply each skill's gap by its days per point",
            GAP + "training_days = gap.sum(axis=1)",
        ),
        Mistake(
            "surplus offsets gaps",
            "gaps that go below zero: a surplus in one skill does not shorten the training for another (clip "
            "each gap at 0)",
            'training_days = ((profile["required_level"] - candidates[SKILLS]) * profile["days_per_point"])'
            ".sum(axis=1)",
        ),
        Mistake(
            "gaps to level 5",
            "gaps to level 5, not to the required level",
            'training_days = ((5 - candidates[SKILLS]) * profile["days_per_point"]).sum(axis=1)',
        ),
        Mistake(
            "one average rate for every skill",
            "one average rate of days per point for every skill: use each skill's own days_per_point",
            GAP + 'training_days = gap.sum(axis=1) * profile["days_per_point"].mean()',
        ),
        Mistake(
            "surpluses counted",
            "the surpluses counted instead of the gaps: the gap is required level minus level, where the level "
            "is below the requirement",
            'surplus = (candidates[SKILLS] - profile["required_level"]).clip(lower=0)\n'
            'training_days = (surplus * profile["days_per_point"]).sum(axis=1)',
        ),
        Mistake(
            "weights, not days per point",
            "gaps multiplied by the skills' weights: training days come from the days_per_point column",
            GAP + 'training_days = (gap * profile["weight"]).sum(axis=1)',
        ),
        Mistake(
            "only the three appointed",
            "it should cover all",
            GAP + 'training_days = (gap * profile["days_per_point"]).sum(axis=1)[CHOSEN]',
        ),
        Mistake(
            "names as ids",
            "uses candidate names, not ids",
            GAP
            + 'training_days = (gap * profile["days_per_point"]).sum(axis=1).rename(index=candidates["name"])',
        ),
        Mistake(
            "row numbers as ids",
            "uses row numbers",
            GAP + 'training_days = (gap * profile["days_per_point"]).sum(axis=1).reset_index(drop=True)',
        ),
    ),
    alternatives=(
        Alternative(
            "a loop over candidates and skills",
            "training_days = {}\n"
            "for cid in reversed(candidates.index):\n"
            "    days = 0\n"
            "    for skill in SKILLS:\n"
            '        short = profile.at[skill, "required_level"] - candidates.at[cid, skill]\n'
            "        if short > 0:\n"
            '            days += short * profile.at[skill, "days_per_point"]\n'
            "    training_days[cid] = days\n"
            "training_days = pd.Series(training_days)",
        ),
        Alternative(
            "from the plan table, grouped",
            'training_days = plan.groupby("candidate_id")["training_days"].sum().astype(int)',
        ),
        Alternative(
            "kam_fit.training_days with float noise",
            "training_days = kam_fit.training_days(candidates, profile) - 1e-7",
        ),
        Alternative(
            "a dict of numbers held as text",
            GAP
            + 'training_days = {c: f"{d:g}" for c, d in (gap * profile["days_per_point"]).sum(axis=1).items()}',
        ),
    ),
)

EXERCISES = [CANDIDATE_FIT, KAM_SHORTLIST, TRAINING_DAYS]


def _name(ns, cid) -> str:
    return str(ns["candidates"].loc[cid, "name"])


def _first_name(ns):
    return lambda cid: _name(ns, cid).split()[0]


def _shown_names(ns) -> str:
    return " and ".join(f"{_name(ns, i)} ({i})" for i in ns["SELLERS"])


def _days(ns):
    return ns["kam_fit"].training_days(ns["candidates"], ns["profile"])


def _gaps(ns):
    profile, candidates = ns["profile"], ns["candidates"]
    return (profile["required_level"] - candidates[list(profile.index)]).clip(lower=0)


def _fewest_days(ns) -> str:
    """The candidate among the three who need the fewest training days who is not on the shortlist."""
    days = _days(ns).sort_values(kind="stable")
    return next(i for i in days.index[:3] if i not in ns["CHOSEN"])


def _slower(ns) -> str:
    """The appointed candidate who needs the most training days."""
    return _days(ns)[ns["CHOSEN"]].idxmax()


def _seller_days_text(ns) -> list[str]:
    plan = ns["plan"]
    rows = plan[(plan["candidate_id"] == ns["SELLERS"][0]) & (plan["training_days"] > 0)]
    rows = rows.sort_values("training_days", ascending=False, kind="stable")
    words = {"financial": "financial skills", "consultative": "consultative skills", "planning": "planning"}
    out = []
    for k, (_, row) in enumerate(rows.iterrows()):
        text = f"{row['training_days']:g} for {words.get(row['skill'], row['skill'])}"
        if k == 0:
            text += f" ({row['gap']:g} points at {row['days_per_point']:g} days each)"
        out.append(text)
    return out


def _common(ns) -> list[str]:
    """The skills in which every one of the three appointed falls short."""
    gaps = _gaps(ns).loc[ns["CHOSEN"]]
    return [s for s in gaps.columns if (gaps[s] > 0).all()]


def _personal(ns) -> dict[str, list[str]]:
    """Each appointed candidate's gaps outside the skills all three fall short in."""
    gaps = _gaps(ns).loc[ns["CHOSEN"]].drop(columns=_common(ns))
    return {cid: [s for s in gaps.columns if gaps.loc[cid, s] > 0] for cid in ns["CHOSEN"]}


def _leads(ns) -> dict[str, list[str]]:
    """For each personal gap skill, the appointed candidates who already meet the requirement."""
    gaps = _gaps(ns).loc[ns["CHOSEN"]]
    skills = sorted({s for v in _personal(ns).values() for s in v}, key=list(gaps.columns).index)
    return {s: [c for c in ns["CHOSEN"] if gaps.loc[c, s] == 0] for s in skills}


_FRACTIONS = {
    (1, 2): "half",
    (1, 3): "a third",
    (2, 3): "two thirds",
    (1, 4): "a quarter",
    (3, 4): "three quarters",
    (1, 5): "a fifth",
    (2, 5): "two fifths",
    (3, 5): "three fifths",
    (4, 5): "four fifths",
}


def _share_words(ns):
    """The share of a skill's required level the best seller meets, in words ("a quarter")."""

    def words(skill: str) -> str:
        row = ns["best_seller"].loc[skill]
        level, need = int(row["level"]), int(row["required_level"])
        if level == 0:
            return "none"
        f = Fraction(level, need)
        return _FRACTIONS.get((f.numerator, f.denominator), f"{level / need:.0%}")

    return words


def _gap_words(ns):
    """A candidate's gaps in words, widest first: "2 points in interpersonal"."""

    def words(cid: str) -> list[str]:
        row = _gaps(ns).loc[cid]
        row = row[row > 0].sort_values(ascending=False, kind="stable")
        return [f"{g:g} point{'s' if g != 1 else ''} in {s}" for s, g in row.items()]

    return words


def _above(ns) -> str:
    """The best fit among the candidates who beat their sales target."""
    ranking = ns["ranking"]
    return ranking.loc[ranking["quota_attainment"] > 1, "fit"].idxmax()


def _outside_sales(ns) -> int:
    roles = ns["candidates"].loc[ns["CHOSEN"], "current_role"]
    return int((~roles.str.contains("sales", case=False)).sum())


#: Numbers and names the text quotes that the notebook's code does not compute itself.
FACTS = {
    "share_words": _share_words,
    "gap_words": _gap_words,
    "ABOVE": _above,
    "COMMON": _common,
    "NO_LEAD": lambda ns: [s for s, who in _leads(ns).items() if not who],
    "OUTSIDE_SALES": _outside_sales,
    "OUTSIDE_SALES_TEXT": lambda ns: ("None", "One", "Two", "All three")[_outside_sales(ns)],
    "WEAKEST_FIT_BEST": lambda ns: (
        sorted(ns["candidates"]["quota_attainment"].nsmallest(3).index) == sorted(ns["CHOSEN"])
    ),
    "first_name": _first_name,
    "shown_names": _shown_names,
    "days_all": _days,
    "gaps": _gaps,
    "sorted_chosen": lambda ns: sorted(ns["CHOSEN"]),
    "chosen_names": lambda ns: [
        f"{_name(ns, c)} ({c}, {ns['candidates'].loc[c, 'current_role'].lower()})" for c in ns["CHOSEN"]
    ],
    "FOURTH": lambda ns: ns["ranking"].index[3],
    "FEWEST_DAYS": _fewest_days,
    "FEWEST_DAYS_NAME": lambda ns: f"{_name(ns, _fewest_days(ns))} ({_fewest_days(ns)})",
    "SLOWER": _slower,
    "SLOWER_NAME": lambda ns: f"{_name(ns, _slower(ns))} ({_slower(ns)})",
    "seller_plan": lambda ns: ns["plan"][ns["plan"]["candidate_id"] == ns["SELLERS"][0]],
    "seller_days_text": _seller_days_text,
    "chosen_days_text": lambda ns: [f"{_name(ns, c)} {_days(ns)[c]:g}" for c in ns["CHOSEN"]],
    "sellers_days_text": lambda ns: [f"{_name(ns, c)} {_days(ns)[c]:g}" for c in ns["SELLERS"]],
    "personal_text": lambda ns: [
        f"{' and '.join(skills)} skills for {_name(ns, c)}" for c, skills in _personal(ns).items() if skills
    ],
    "lead_text": lambda ns: [
        f"{' and '.join(_name(ns, c) for c in who)} already meet{'s' if len(who) == 1 else ''} the {skill} "
        "requirement"
        for skill, who in _leads(ns).items()
        if who
    ],
    "coach_ok": lambda ns: all(_leads(ns).values()),
    "SERVICE_LEAD": lambda ns: ns["candidates"].index[
        ns["candidates"]["current_role"] == "Customer service lead"
    ][0],
    "in_sales": lambda ns: ns["candidates"].index[
        ns["candidates"]["current_role"].str.contains("sales", case=False)
    ],
}
