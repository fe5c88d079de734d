"""Step 4's catalogue: common mistakes (each must lose marks and be named) and correct variants.

``code`` replaces the whole answer cell and runs after the notebook's earlier cells, so it may use
``customers``, ``profit``, ``criteria``, ``pf``, ``director_points``, ``selection`` and ``pd``.
"""

from __future__ import annotations

from tests.grading import Submission

ASSIGNMENT = "step4_key_accounts"
NOTEBOOK = "step4_key_accounts"

A, B, C = "director_scores", "board_quadrants", "first_programme"

MISTAKES = [
    # --- Exercise 1: attractiveness with the sales director's points -----------------------------
    Submission(
        name="points used as weights",
        cell=f"{A}_answer",
        test=A,
        code=(
            "director_attractiveness = sum(criteria[c] * points for c, points in director_points.items())\n"
        ),
        feedback="the weights do not add up to 1",
    ),
    Submission(
        name="raw criteria",
        cell=f"{A}_answer",
        test=A,
        code=(
            "raw = customers[['wallet_eur', 'wallet_growth', 'price_sensitivity', 'strategic_fit',\n"
            "                 'innovation_potential']]\n"
            "raw.columns = list(director_points)\n"
            "director_attractiveness = sum(raw[c] * p / 10 for c, p in director_points.items())\n"
        ),
        feedback="raw criteria, not the 0-1 criteria table",
    ),
    Submission(
        name="price sensitivity not turned round",
        cell=f"{A}_answer",
        test=A,
        code=(
            "w = selection.normalise_weights(director_points)\n"
            "crit = criteria.copy()\n"
            "crit['low_price_pressure'] = (customers['price_sensitivity'] - 1) / 4\n"
            "director_attractiveness = selection.weighted_score(crit, w)\n"
        ),
        feedback="price sensitivity not turned round",
    ),
    Submission(
        name="worked example weights",
        cell=f"{A}_answer",
        test=A,
        code="director_attractiveness = pf['attractiveness']\n",
        feedback="the worked example weights, not the sales director weights",
    ),
    Submission(
        name="equal weights",
        cell=f"{A}_answer",
        test=A,
        code="director_attractiveness = criteria[list(director_points)].mean(axis=1)\n",
        feedback="equal weights for the five criteria",
    ),
    # --- Exercise 2: quadrants with the board's stricter bar ---------------------------------------
    Submission(
        name="worked example thresholds",
        cell=f"{B}_answer",
        test=B,
        code="board_quadrants = pf['quadrant']\n",
        feedback="the worked example thresholds (0.5 and 0.5)",
    ),
    Submission(
        name="key development and maintenance swapped",
        cell=f"{B}_answer",
        test=B,
        code=(
            "labels = {}\n"
            "for cid, row in pf.iterrows():\n"
            "    attractive, strong = row['attractiveness'] >= 0.6, row['strength'] >= 0.5\n"
            "    if attractive and strong:\n"
            "        labels[cid] = 'key'\n"
            "    elif attractive:\n"
            "        labels[cid] = 'maintenance'\n"
            "    elif strong:\n"
            "        labels[cid] = 'key development'\n"
            "    else:\n"
            "        labels[cid] = 'opportunistic'\n"
            "board_quadrants = pd.Series(labels)\n"
        ),
        feedback="key development and maintenance swapped",
    ),
    Submission(
        name="strength ignored for attractive accounts",
        cell=f"{B}_answer",
        test=B,
        code=(
            "attractive = pf['attractiveness'] >= 0.6\n"
            "strong = pf['strength'] >= 0.5\n"
            "board_quadrants = pd.Series('opportunistic', index=pf.index)\n"
            "board_quadrants[strong] = 'maintenance'\n"
            "board_quadrants[attractive] = 'key'\n"
        ),
        feedback="every attractive account called key, whatever our strength there",
    ),
    Submission(
        name="the stricter bar on both axes",
        cell=f"{B}_answer",
        test=B,
        code=(
            "board_quadrants = selection.classify_quadrants(\n"
            "    pf, attractiveness_threshold=0.6, strength_threshold=0.6\n"
            ")\n"
        ),
        feedback="the 0.6 bar used for strength too",
    ),
    Submission(
        name="thresholds swapped",
        cell=f"{B}_answer",
        test=B,
        code=(
            "board_quadrants = selection.classify_quadrants(\n"
            "    pf, attractiveness_threshold=0.5, strength_threshold=0.6\n"
            ")\n"
        ),
        feedback="thresholds swapped: 0.6 is the bar for attractiveness",
    ),
    # --- Exercise 3: the first programme ----------------------------------------------------------
    Submission(
        name="top accounts by revenue",
        cell=f"{C}_answer",
        test=C,
        code="first_programme = profit['revenue_eur'].nlargest(9).index.tolist()\n",
        feedback="the largest accounts by revenue",
    ),
    Submission(
        name="longest tenure",
        cell=f"{C}_answer",
        test=C,
        code="first_programme = selection.top_n(customers['tenure_years'], 9)\n",
        feedback="the longest-standing customers: tenure is not a selection criterion",
    ),
    Submission(
        name="most profitable",
        cell=f"{C}_answer",
        test=C,
        code="first_programme = profit['profit_eur'].nlargest(9).index.tolist()\n",
        feedback="the most profitable accounts",
    ),
    Submission(
        name="worked example weights",
        cell=f"{C}_answer",
        test=C,
        code="first_programme = selection.select_programme(pf, profit, size=9)\n",
        feedback="the worked example weights, not the sales director weights",
    ),
    Submission(
        name="no profit check",
        cell=f"{C}_answer",
        test=C,
        code=(
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "first_programme = score[score >= 0.5].sort_values(ascending=False).head(9).index.tolist()\n"
        ),
        feedback="a programme without the profit check",
    ),
    Submission(
        name="the CEO friend added",
        cell=f"{C}_answer",
        test=C,
        code=(
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "chosen = selection.select_programme(score.to_frame('attractiveness'), profit, size=9)\n"
            "first_programme = chosen + customers.index[customers['ceo_relationship']].tolist()\n"
        ),
        feedback="includes Bramley & Sons Engineering, the CEO friend",
    ),
    Submission(
        name="twelve accounts",
        cell=f"{C}_answer",
        test=C,
        code=(
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "scores = score.to_frame('attractiveness')\n"
            "first_programme = selection.select_programme(scores, profit, size=12)\n"
        ),
        feedback="three key account managers, each with three accounts, can serve 9",
    ),
    Submission(
        name="every qualifying account",
        cell=f"{C}_answer",
        test=C,
        code=(
            "score = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "first_programme = score.index[(score >= 0.5) & (profit['profit_eur'] >= 0)].tolist()\n"
        ),
        feedback="a programme should have 5 to 25",
    ),
]

ALTERNATIVES = [
    # --- Exercise 1 --------------------------------------------------------------------------------
    Submission(
        name="a loop over customers",
        cell=f"{A}_answer",
        test=A,
        code=(
            "total = sum(director_points.values())\n"
            "values = {}\n"
            "for cid, row in criteria.iterrows():\n"
            "    values[cid] = sum(row[c] * p / total for c, p in director_points.items())\n"
            "director_attractiveness = pd.Series(values)\n"
        ),
    ),
    Submission(
        name="matrix product, other column order, float noise",
        cell=f"{A}_answer",
        test=A,
        code=(
            "w = pd.Series(director_points).iloc[::-1] / 10\n"
            "director_attractiveness = criteria[w.index].dot(w) + 1e-9\n"
        ),
    ),
    Submission(
        name="a dict for the six customers, weights typed by hand",
        cell=f"{A}_answer",
        test=A,
        code=(
            "w = {'innovation_potential': 0.1, 'strategic_fit': 0.2, 'low_price_pressure': 0.1,\n"
            "     'wallet_growth': 0.2, 'wallet_size': 0.4}\n"
            "ids = ['C0131', 'C0250', 'C0082', 'C0084', 'C0135', 'C0099']\n"
            "director_attractiveness = {i: sum(criteria.loc[i, c] * v for c, v in w.items()) for i in ids}\n"
        ),
    ),
    # --- Exercise 2 --------------------------------------------------------------------------------
    Submission(
        name="a loop with if/elif",
        cell=f"{B}_answer",
        test=B,
        code=(
            "labels = {}\n"
            "for cid, row in pf.iterrows():\n"
            "    attractive, strong = row['attractiveness'] >= 0.6, row['strength'] >= 0.5\n"
            "    if attractive and strong:\n"
            "        labels[cid] = 'key'\n"
            "    elif attractive:\n"
            "        labels[cid] = 'key development'\n"
            "    elif strong:\n"
            "        labels[cid] = 'maintenance'\n"
            "    else:\n"
            "        labels[cid] = 'opportunistic'\n"
            "board_quadrants = pd.Series(labels)\n"
        ),
    ),
    Submission(
        name="numpy select on a reordered frame",
        cell=f"{B}_answer",
        test=B,
        code=(
            "import numpy as np\n"
            "s = pf[['strength', 'attractiveness']].iloc[::-1]\n"
            "a, st = s['attractiveness'] >= 0.6, s['strength'] >= 0.5\n"
            "board_quadrants = pd.Series(\n"
            "    np.select(\n"
            "        [a & st, a & ~st, ~a & st], ['key', 'key development', 'maintenance'], 'opportunistic'\n"
            "    ),\n"
            "    index=s.index,\n"
            ")\n"
        ),
    ),
    Submission(
        name="the kamlab function on a copy, as a one-column frame",
        cell=f"{B}_answer",
        test=B,
        code=(
            "board_quadrants = selection.classify_quadrants(\n"
            "    pf[['attractiveness', 'strength']].copy(),\n"
            "    strength_threshold=0.5,\n"
            "    attractiveness_threshold=0.6,\n"
            ").to_frame('quadrant')\n"
        ),
    ),
    # --- Exercise 3 --------------------------------------------------------------------------------
    Submission(
        name="pandas filter, sort and head, as a set",
        cell=f"{C}_answer",
        test=C,
        code=(
            "score = criteria[list(director_points)].mul(pd.Series(director_points) / 10).sum(axis=1)\n"
            "ok = (score >= 0.5) & (profit['profit_eur'] >= 0)\n"
            "first_programme = set(score[ok].sort_values(ascending=False).head(9).index)\n"
        ),
    ),
    Submission(
        name="reusing Exercise 1 in a loop",
        cell=f"{C}_answer",
        test=C,
        code=(
            "first_programme = []\n"
            "for cid in director_attractiveness.sort_values(ascending=False).index:\n"
            "    if director_attractiveness[cid] >= 0.5 and profit.loc[cid, 'profit_eur'] >= 0:\n"
            "        first_programme.append(cid)\n"
            "    if len(first_programme) == 9:\n"
            "        break\n"
        ),
    ),
    Submission(
        name="a pandas Index",
        cell=f"{C}_answer",
        test=C,
        code=(
            "s = selection.weighted_score(criteria, selection.normalise_weights(director_points))\n"
            "table = pd.DataFrame({'a': s, 'p': profit['profit_eur']}).query('a >= 0.5 and p >= 0')\n"
            "first_programme = table.nlargest(9, 'a').index\n"
        ),
    ),
]
