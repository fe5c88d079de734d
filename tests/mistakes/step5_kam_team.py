"""Step 5, appoint and train key account managers: catalogued mistakes and correct answers written
differently.

Each ``code`` replaces a whole answer cell of ``course/source/step5_kam_team/step5_kam_team.ipynb``
and runs after the notebook's earlier cells (``t``, ``candidates`` indexed by ``candidate_id``,
``SKILLS``, ``profile`` and ``k01`` are defined there; from exercise 2 on, ``fit_all``; from exercise
3 on, ``ranking``, ``CHOSEN`` and ``plan``). ``feedback`` is the phrase the visible self-check prints
for that mistake.
"""

from __future__ import annotations

from kamlab.grader.course import Submission

ASSIGNMENT = "step5_kam_team"
NOTEBOOK = "step5_kam_team"


def _fit(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="fit_answer", test="fit", code=code, feedback=feedback)


def _shortlist(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="shortlist_answer", test="shortlist", code=code, feedback=feedback)


def _training(name: str, code: str, feedback: str = "") -> Submission:
    return Submission(name=name, cell="training_answer", test="training", code=code, feedback=feedback)


_SHARE = 'need = profile["required_level"]\nshare = candidates[SKILLS].clip(upper=need, axis=1) / need\n'
_GAP = 'gap = (profile["required_level"] - candidates[SKILLS]).clip(lower=0)\n'

MISTAKES = [
    # ---- exercise 1: fit scores
    _fit(
        "unweighted mean",
        _SHARE + "fit = share.mean(axis=1)",
        "an unweighted mean of the five skills",
    ),
    _fit(
        "not capped at the requirement",
        'fit = (candidates[SKILLS] / profile["required_level"] * profile["weight"]).sum(axis=1)',
        "fit without the cap",
    ),
    _fit(
        "importance points as weights (weights not summing to one)",
        _SHARE + 'fit = (share * profile["importance"]).sum(axis=1)',
        "importance points used as weights",
    ),
    _fit(
        "levels out of 5",
        'fit = (candidates[SKILLS] / 5 * profile["weight"]).sum(axis=1)',
        "levels out of 5, not out of the required level",
    ),
    _fit(
        "quota attainment instead of fit",
        'fit = candidates["quota_attainment"]',
        "quota attainment, not fit with the role",
    ),
    _fit(
        "percentages",
        _SHARE + 'fit = (share * profile["weight"]).sum(axis=1) * 100',
        "percentages: give the fit as a share between 0 and 1",
    ),
    # ---- exercise 2: the shortlist
    _shortlist(
        "ranked by quota attainment",
        'shortlist = list(candidates["quota_attainment"].nlargest(3).index)',
        "the three best sellers by quota attainment",
    ),
    _shortlist(
        "sorted the wrong way",
        "shortlist = list(fit_all.sort_values().index[:3])",
        "the three lowest fit scores",
    ),
    _shortlist(
        "ranked by experience",
        'shortlist = set(candidates["years_experience"].nlargest(3).index)',
        "the three most experienced candidates",
    ),
    _shortlist(
        "ranked on uncapped fit",
        'uncapped = (candidates[SKILLS] / profile["required_level"] * profile["weight"]).sum(axis=1)\n'
        "shortlist = list(uncapped.nlargest(3).index)",
        "a ranking on fit without the cap",
    ),
    _shortlist(
        "ranked on the unweighted mean",
        _SHARE + "shortlist = list(share.mean(axis=1).nlargest(3).index)",
        "a ranking on the unweighted mean",
    ),
    # ---- exercise 3: training days
    _training(
        "gap points, not days",
        _GAP + "training_days = gap.sum(axis=1)",
        "gap points, not days",
    ),
    _training(
        "surplus offsets gaps (gaps not clipped at zero)",
        'training_days = ((profile["required_level"] - candidates[SKILLS]) * profile["days_per_point"])'
        ".sum(axis=1)",
        "gaps that go below zero",
    ),
    _training(
        "gaps to level 5",
        'training_days = ((5 - candidates[SKILLS]) * profile["days_per_point"]).sum(axis=1)',
        "gaps to level 5, not to the required level",
    ),
    _training(
        "one average rate for every skill",
        _GAP + 'training_days = gap.sum(axis=1) * profile["days_per_point"].mean()',
        "one average rate of days per point for every skill",
    ),
]

ALTERNATIVES = [
    # ---- exercise 1
    _fit(
        "loop over candidates and skills, a dict",
        """
fit = {}
for cid, row in candidates.iterrows():
    score = 0.0
    for skill in SKILLS:
        need = profile.loc[skill, "required_level"]
        score += profile.loc[skill, "weight"] * min(row[skill], need) / need
    fit[cid] = score
""",
    ),
    _fit(
        "NumPy matrix product, other order, float noise",
        """
import numpy as np

need = profile["required_level"].to_numpy()
levels = candidates[SKILLS].to_numpy(dtype=float)
values = np.minimum(levels, need) / need @ profile["weight"].to_numpy()
fit = pd.Series(values, index=candidates.index).sort_values() + 1e-9
""",
    ),
    _fit(
        "kam_fit.fit_scores as a one-column frame",
        'fit = kam_fit.fit_scores(candidates, profile).to_frame("fit")',
    ),
    # ---- exercise 2
    _shortlist(
        "a set from sort_values",
        "shortlist = set(fit_all.sort_values().index[-3:])",
    ),
    _shortlist(
        "picked one at a time in a loop",
        """
left = fit_all.to_dict()
shortlist = []
while len(shortlist) < 3:
    best = max(left, key=left.get)
    shortlist.append(best)
    del left[best]
""",
    ),
    _shortlist(
        "an Index from nlargest",
        "shortlist = fit_all.nlargest(3).index",
    ),
    _shortlist(
        "a boolean Series",
        "shortlist = fit_all >= fit_all.nlargest(3).min()",
    ),
    _shortlist(
        "kam_fit.shortlist, a tuple",
        "shortlist = tuple(kam_fit.shortlist(candidates, profile, 3))",
    ),
    # ---- exercise 3
    _training(
        "loop over candidates and skills",
        """
training_days = {}
for cid in reversed(candidates.index):
    days = 0
    for skill in SKILLS:
        short = profile.at[skill, "required_level"] - candidates.at[cid, skill]
        if short > 0:
            days += short * profile.at[skill, "days_per_point"]
    training_days[cid] = days
training_days = pd.Series(training_days)
""",
    ),
    _training(
        "from the plan table, grouped",
        'training_days = plan.groupby("candidate_id")["training_days"].sum().astype(int)',
    ),
    _training(
        "kam_fit.training_days with float noise",
        "training_days = kam_fit.training_days(candidates, profile) - 1e-7",
    ),
]
