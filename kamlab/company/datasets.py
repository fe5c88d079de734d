"""The company's tables as CSV files: schema, loading with checks, regeneration.

Each table in ``datasets/`` has a schema here: its columns, their kind, unit
and meaning. :func:`load` reads a table back with the right dtypes and stops
with a message naming the file, column and CSV line when the file was
damaged or edited by hand. The data dictionary ``datasets/README.md`` is
written from the same schema, so the two cannot drift apart.

Regenerate every file byte for byte with::

    python -m kamlab data            # or: make data
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kamlab.company import generator as company

#: The project's own ``datasets/`` folder (with ``examples/``, a learner's sample exports).
PROJECT_DATA = Path(__file__).resolve().parents[2] / "datasets"
#: Where the tables live: the project's ``datasets/``, or ``KAMLAB_DATA`` (another seed's company).
DATA_DIR = Path(os.environ.get("KAMLAB_DATA") or PROJECT_DATA)


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind, unit and meaning."""

    name: str
    kind: str  # "str", "int", "float", "bool" or "date"
    unit: str
    meaning: str
    min_value: float | None = None
    max_value: float | None = None


def _c(
    name: str, kind: str, unit: str, meaning: str, lo: float | None = None, hi: float | None = None
) -> Column:
    return Column(name, kind, unit, meaning, lo, hi)


SCHEMAS: dict[str, tuple[str, tuple[str, ...], tuple[Column, ...]]] = {
    "customers": (
        "One row per business customer of 2023 to 2025, as the account teams see them at the end of 2025: "
        "customers who joined in 2024 or 2025 (tenure 1 or 2) have no orders before, and lost customers "
        "(status `lost`) none after their last year.",
        ("customer_id",),
        (
            _c("customer_id", "str", "", "Customer key, C0001 and up"),
            _c("name", "str", "", "Company name (invented)"),
            _c("industry", "str", "", "Customer's industry"),
            _c("region", "str", "", "Sales region: North, South, East, West or Central"),
            _c("employees", "int", "people", "Customer's head count", 0),
            _c(
                "wallet_eur",
                "float",
                "EUR per year",
                "Customer's total yearly spend in our category (all suppliers), 2025",
                0,
            ),
            _c(
                "wallet_growth",
                "float",
                "share per year",
                "Expected yearly growth of the wallet, e.g. 0.05 = 5 %",
                -1,
            ),
            _c("tenure_years", "int", "years", "Years since the customer's first order", 0),
            _c("status", "str", "", "active (ordered in 2025) or lost (stopped ordering in 2024 or 2025)"),
            _c(
                "relationship_stage",
                "str",
                "",
                "exploratory, basic, cooperative, interdependent or integrated",
            ),
            _c(
                "expected_retention",
                "float",
                "probability",
                "Account team's estimate of the chance that the customer keeps buying another year",
                0,
                1,
            ),
            _c(
                "strategic_fit",
                "int",
                "score 1-5",
                "How well the customer fits our strategy (5 = best)",
                1,
                5,
            ),
            _c(
                "innovation_potential",
                "int",
                "score 1-5",
                "Chance of co-developing products with the customer",
                1,
                5,
            ),
            _c(
                "price_sensitivity",
                "int",
                "score 1-5",
                "How hard the customer pushes on price (5 = hardest)",
                1,
                5,
            ),
            _c(
                "relationship_strength",
                "int",
                "score 1-5",
                "Breadth and depth of our contacts at the customer",
                1,
                5,
            ),
            _c("product_fit", "int", "score 1-5", "How well our range covers the customer's needs", 1, 5),
            _c(
                "ceo_relationship",
                "bool",
                "",
                "True if our CEO has a personal relationship with the customer's top team",
            ),
        ),
    ),
    "orders": (
        "One row per order, 2023 to 2025.",
        ("order_id",),
        (
            _c("order_id", "str", "", "Order key"),
            _c("customer_id", "str", "", "Customer who placed the order (customers.customer_id)"),
            _c("order_date", "date", "YYYY-MM-DD", "Day the order was placed"),
            _c("product_line", "str", "", "Pumps, Valves, Seals & gaskets or Service kits"),
            _c("order_lines", "int", "lines", "Number of order lines (items picked separately)", 1),
            _c("revenue_eur", "float", "EUR", "Net invoiced revenue after discounts", 0),
            _c("cost_of_goods_eur", "float", "EUR", "Cost of the goods sold on the order", 0),
            _c("rush", "bool", "", "True if the customer asked for express handling"),
            _c("deliveries", "int", "deliveries", "Shipments needed to deliver the order", 1),
            _c("returned_lines", "int", "lines", "Order lines the customer sent back", 0),
            _c(
                "promised_date",
                "date",
                "YYYY-MM-DD",
                "Delivery date Aldmoor promised when it confirmed the order",
            ),
            _c("delivered_date", "date", "YYYY-MM-DD", "Day the order's last shipment reached the customer"),
            _c(
                "delivered_in_full",
                "bool",
                "",
                "True if every line arrived in the quantity ordered (no back order). On time and in full "
                "(OTIF): delivered_date on or before promised_date, and delivered_in_full",
            ),
        ),
    ),
    "activities": (
        "Cost-to-serve drivers that are not on the orders, per customer and year.",
        ("customer_id", "year"),
        (
            _c("customer_id", "str", "", "Customer (customers.customer_id)"),
            _c("year", "int", "year", "Calendar year", 2023, 2025),
            _c("support_requests", "int", "requests", "Technical support requests logged", 0),
            _c(
                "custom_engineering_hours",
                "float",
                "hours",
                "Engineering hours spent on customer-specific work",
                0,
            ),
            _c("sales_visits", "int", "visits", "Visits by our sales people", 0),
            _c("payment_terms_days", "int", "days", "Agreed payment terms", 0),
        ),
    ),
    "departments": (
        "Departments that serve customers, per year: cost and practical capacity (time-driven ABC).",
        ("year", "department"),
        (
            _c("year", "int", "year", "Calendar year", 2023, 2025),
            _c("department", "str", "", "Department name"),
            _c("fte", "float", "people", "Full-time equivalents", 0),
            _c(
                "annual_cost_eur",
                "float",
                "EUR per year",
                "Loaded cost: people, space, equipment, vehicles",
                0,
            ),
            _c(
                "practical_capacity_minutes",
                "float",
                "minutes per year",
                "Minutes available for work (about 80 % of paid time)",
                0,
            ),
        ),
    ),
    "unit_times": (
        "Time equations: minutes one unit of each activity takes in its department.",
        ("activity",),
        (
            _c("activity", "str", "", "Activity name"),
            _c("driver", "str", "", "Driver column counted per customer (see kamlab.costing.DRIVERS)"),
            _c("department", "str", "", "Department doing the work (departments.department)"),
            _c("minutes_per_unit", "float", "minutes", "Minutes for one unit of the driver", 0),
        ),
    ),
    "executives": (
        "Our executives who can sponsor key accounts (step 2).",
        ("executive_id",),
        (
            _c("executive_id", "str", "", "Executive key"),
            _c("name", "str", "", "Name (invented)"),
            _c("title", "str", "", "Job title"),
            _c(
                "seniority", "int", "level 1-3", "3 = C-suite, 2 = vice president, 1 = head of function", 1, 3
            ),
            _c("max_accounts", "int", "accounts", "Most key accounts the executive can sponsor", 0),
            _c("industry_expertise", "str", "", "Industries the executive knows, separated by ' | '"),
            _c("home_region", "str", "", "Region the executive is based in"),
        ),
    ),
    "kam_candidates": (
        "Candidates for key account manager roles with their competency assessment (step 5).",
        ("candidate_id",),
        (
            _c("candidate_id", "str", "", "Candidate key"),
            _c("name", "str", "", "Name (invented)"),
            _c("current_role", "str", "", "Role today"),
            _c(
                "quota_attainment",
                "float",
                "share of quota",
                "Last year's sales against quota, 1.0 = on target",
                0,
            ),
            _c("years_experience", "int", "years", "Years in B2B roles", 0),
            _c(
                "financial",
                "int",
                "score 1-5",
                "Financial acumen: reads a customer's P&L, builds a business case",
                1,
                5,
            ),
            _c(
                "consultative", "int", "score 1-5", "Diagnoses the customer's problems before proposing", 1, 5
            ),
            _c("planning", "int", "score 1-5", "Writes and runs a long-term account plan", 1, 5),
            _c("interpersonal", "int", "score 1-5", "Builds trust with many people at the customer", 1, 5),
            _c("influencing", "int", "score 1-5", "Moves our own company to deliver for the customer", 1, 5),
        ),
    ),
    "peer_panel": (
        "Other companies' KAM programmes from a benchmarking club (step 7).",
        ("peer",),
        (
            _c("peer", "str", "", "Anonymised peer"),
            _c("industry", "str", "", "Peer's industry"),
            _c("revenue_meur", "float", "million EUR", "Peer's yearly revenue", 0),
            _c("n_key_accounts", "int", "accounts", "Accounts in the peer's KAM programme", 0),
            _c("key_account_revenue_share", "float", "share", "Share of revenue from key accounts", 0, 1),
            _c(
                "key_account_retention", "float", "share", "Key accounts kept from one year to the next", 0, 1
            ),
            _c("sponsor_coverage", "float", "share", "Key accounts with an executive sponsor", 0, 1),
            _c("kam_training_days", "int", "days per year", "Training days per key account manager", 0),
            _c(
                "review_interval_months",
                "int",
                "months",
                "How often the programme's membership is reviewed",
                1,
            ),
            _c(
                "key_account_margin_pct",
                "float",
                "share",
                "Key accounts' profit after cost to serve over their revenue",
                -1,
                1,
            ),
        ),
    ),
    "stakeholders": (
        "People inside our company whose support KAM needs (step 3).",
        ("stakeholder_id",),
        (
            _c("stakeholder_id", "str", "", "Stakeholder key"),
            _c("name", "str", "", "Name (invented)"),
            _c("role", "str", "", "Job title"),
            _c("function", "str", "", "Function"),
            _c("influence", "int", "score 1-5", "Power to speed up or block the change", 1, 5),
            _c("support", "int", "score 1-5", "Attitude to KAM today (1 = opposed, 5 = champion)", 1, 5),
            _c("years_at_company", "int", "years", "Years with the company", 0),
            _c("access_to_ceo", "bool", "", "True if the person meets the CEO regularly"),
            _c(
                "credibility",
                "int",
                "score 1-5",
                "Colleagues' rating of the person's record of getting changes adopted outside their own "
                "function (not years of service)",
                1,
                5,
            ),
            _c(
                "energy",
                "int",
                "score 1-5",
                "Colleagues' rating of the drive and time the person can give to a change for 18 months",
                1,
                5,
            ),
        ),
    ),
    "shortage_requests": (
        "Seal-kit orders during a four-week supply shortage (step 1).",
        ("request_id",),
        (
            _c("request_id", "str", "", "Request key, in arrival order"),
            _c("customer_id", "str", "", "Customer (customers.customer_id)"),
            _c("arrival_hour", "float", "hours", "Hours after the shortage began that the order arrived", 0),
            _c("units_requested", "int", "units", "Seal kits ordered", 1),
            _c("unit_margin_eur", "float", "EUR per unit", "Gross margin on one kit for this customer", 0),
        ),
    ),
    "shortage_supply": (
        "What the plant can ship during the shortage (step 1).",
        ("product_line",),
        (
            _c("product_line", "str", "", "Product line short of supply"),
            _c("units_requested", "int", "units", "Total units the customers asked for", 0),
            _c("units_available", "int", "units", "Units the plant can ship in the four weeks", 0),
        ),
    ),
    "contacts": (
        "The people Aldmoor's account teams know at the three story accounts (Kestrel, Bramley and Nova), "
        "at the end of 2025: each account's buying centre (Step 8).",
        ("contact_id",),
        (
            _c("contact_id", "str", "", "Contact key, P001 and up"),
            _c("customer_id", "str", "", "Customer the person works for (customers.customer_id)"),
            _c("name", "str", "", "Name (invented)"),
            _c("job_title", "str", "", "Job title at the customer"),
            _c("function", "str", "", "Function at the customer (Executive, Operations, Procurement...)"),
            _c(
                "buying_role",
                "str",
                "",
                "Role in the buying centre: user (works with the products), influencer (shapes the "
                "specification or the choice), decider (has the final say), buyer (negotiates and places "
                "orders) or gatekeeper (controls access and information)",
            ),
            _c(
                "influence",
                "int",
                "score 1-5",
                "Weight of the person's voice in the choice of supplier (5 = decisive)",
                1,
                5,
            ),
            _c(
                "attitude",
                "int",
                "score 1-5",
                "Attitude to Aldmoor (1 = prefers a competitor, 3 = neutral, 5 = advocate)",
                1,
                5,
            ),
            _c(
                "aldmoor_contacts",
                "str",
                "",
                "Aldmoor people who meet the person, by job title, separated by vertical bars; 'none' if "
                "nobody does",
            ),
            _c("meetings_2025", "int", "meetings", "Meetings with Aldmoor people in 2025", 0),
        ),
    ),
}
TABLES = tuple(SCHEMAS)


class DataFileError(ValueError):
    """A data file does not match its schema; the message says where and how."""


def _to_csv(df: pd.DataFrame) -> str:
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def write_all(directory: Path | str = DATA_DIR, seed: int = company.DEFAULT_SEED) -> list[Path]:
    """Generate the company and write every table and the data dictionary."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    tables = company.generate_company(seed=seed)
    written = []
    for name in TABLES:
        path = directory / f"{name}.csv"
        path.write_text(_to_csv(tables[name]), encoding="utf-8", newline="")
        written.append(path)
    readme = directory / "README.md"
    readme.write_text(data_dictionary(), encoding="utf-8", newline="")
    written.append(readme)
    examples = directory / "examples"
    if directory.resolve() != PROJECT_DATA.resolve() and not examples.exists():
        shutil.copytree(PROJECT_DATA / "examples", examples)  # the sample exports do not depend on the seed
    return written


def data_dictionary() -> str:
    """The Markdown data dictionary of every table (written to ``datasets/README.md``)."""
    lines = [
        "# Data dictionary",
        "",
        f"Synthetic data of **{company.COMPANY}**, an invented mid-size B2B supplier of "
        "industrial pumps, valves, seals and service kits, with a few hundred business customers "
        "and three years of history (2023 to 2025). Nothing here describes a real company or person.",
        "",
        "Regenerate every file byte for byte with `make data` (`python -m kamlab data`); "
        f'seed {company.DEFAULT_SEED}. Load a table with `kamlab.load("orders")`, '
        "which checks it against this dictionary. Money is in euros (EUR).",
        "",
    ]
    for name, (about, key, columns) in SCHEMAS.items():
        lines += [f"## `{name}.csv`", "", about, "", f"Key: {', '.join(f'`{k}`' for k in key)}.", ""]
        lines += ["| column | type | unit | meaning |", "| --- | --- | --- | --- |"]
        for col in columns:
            rng = ""
            if col.min_value is not None or col.max_value is not None:
                lo = "" if col.min_value is None else f"{col.min_value:g}"
                hi = "" if col.max_value is None else f"{col.max_value:g}"
                rng = f" (range {lo} to {hi})" if hi else f" (at least {lo})"
            lines.append(f"| `{col.name}` | {col.kind} | {col.unit} | {col.meaning}{rng} |")
        lines.append("")
    return "\n".join(lines)


def _fail(path: Path, column: str, line: int, value: object, expected: str) -> DataFileError:
    return DataFileError(
        f"{path.name}, column {column!r}, line {line}: got {value!r}, expected {expected}. "
        f"Restore the file with `make data` if it was edited by accident."
    )


def _convert(path: Path, raw: pd.Series, col: Column) -> pd.Series:
    """Convert one column of strings to its kind, or fail naming the first bad line."""
    lines = raw.index.to_numpy() + 2  # header is line 1
    blank = raw.isna() | (raw.str.strip() == "")
    if blank.any():
        i = int(np.flatnonzero(blank.to_numpy())[0])
        raise _fail(path, col.name, int(lines[i]), raw.iloc[i], f"a value ({col.kind}); it is blank")
    if col.kind == "str":
        return raw.astype(object)
    if col.kind == "bool":
        ok = raw.isin(["True", "False"])
        if not ok.all():
            i = int(np.flatnonzero(~ok.to_numpy())[0])
            raise _fail(path, col.name, int(lines[i]), raw.iloc[i], "True or False")
        return raw == "True"
    if col.kind == "date":
        parsed = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise _fail(path, col.name, int(lines[i]), raw.iloc[i], "a date written YYYY-MM-DD")
        return parsed.astype("datetime64[ns]")
    parsed = pd.to_numeric(raw, errors="coerce")
    values = parsed.to_numpy(dtype="float64")
    bad = ~np.isfinite(values)
    if col.kind == "int":
        bad |= np.isfinite(values) & (values != np.round(values))
    expected = "a whole number" if col.kind == "int" else "a number"
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise _fail(path, col.name, int(lines[i]), raw.iloc[i], expected)
    for limit, test, words in (
        (col.min_value, values < (col.min_value if col.min_value is not None else 0), "at least"),
        (col.max_value, values > (col.max_value if col.max_value is not None else 0), "at most"),
    ):
        if limit is not None and test.any():
            i = int(np.flatnonzero(test)[0])
            raise _fail(path, col.name, int(lines[i]), raw.iloc[i], f"{expected} {words} {limit:g}")
    return pd.Series(values.astype("int64") if col.kind == "int" else values, index=raw.index)


def load(table: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Load one table from ``data_dir`` with its schema's dtypes, checking every value.

    Raises :class:`DataFileError` (a ``ValueError``) naming the file, column
    and line of the first problem: a missing or extra column, a blank, a
    value of the wrong kind or out of range, or a duplicated key.

    >>> load("unit_times")["minutes_per_unit"].dtype
    dtype('float64')
    """
    if table not in SCHEMAS:
        raise ValueError(f"unknown table {table!r}; the tables are: {', '.join(TABLES)}")
    path = Path(data_dir) / f"{table}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; run `make data` to regenerate the datasets")
    _, key, columns = SCHEMAS[table]
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[], encoding="utf-8")
    expected = [c.name for c in columns]
    if list(raw.columns) != expected:
        missing = [c for c in expected if c not in raw.columns]
        extra = [c for c in raw.columns if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing {missing}")
        if extra:
            detail.append(f"unexpected {extra}")
        if not detail:
            detail.append("columns in another order")
        raise DataFileError(f"{path.name}, header (line 1): {'; '.join(detail)}; expected columns {expected}")
    if raw.empty:
        raise DataFileError(f"{path.name} has a header but no rows")
    out = pd.DataFrame({c.name: _convert(path, raw[c.name], c) for c in columns})
    dup = out.duplicated(subset=list(key)).to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        shown = tuple(out.loc[i, list(key)]) if len(key) > 1 else out.loc[i, key[0]]
        raise DataFileError(
            f"{path.name}, column {', '.join(key)!r}, line {i + 2}: key {shown!r} appears twice; "
            "each key must be unique"
        )
    return out


def load_all(data_dir: Path | str = DATA_DIR) -> dict[str, pd.DataFrame]:
    """Load every table: a dict from table name to DataFrame."""
    return {name: load(name, data_dir) for name in TABLES}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m kamlab data", description="Regenerate the KAM Lab datasets."
    )
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="folder to write (default: datasets/)")
    parser.add_argument("--seed", type=int, default=company.DEFAULT_SEED)
    args = parser.parse_args(argv)
    for path in write_all(args.out, args.seed):
        print(f"wrote {path}")
