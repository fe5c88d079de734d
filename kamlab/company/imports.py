"""Bring your own data: read a company's own CSV exports into KAM Lab's tables.

Real exports are messy: a byte-order mark, Windows encodings, semicolons, decimal commas,
thousands separators, dates written three ways, blank lines, the same customer twice. :func:`read_export`
reads one file, maps its columns onto a KAM Lab table (``customers`` or ``orders``), converts every
value and **drops nothing silently**: each row it cannot use is listed with its line, column, value
and the reason, and :class:`ImportReport` sums up what was read and what was rejected.

>>> from pathlib import Path
>>> from kamlab.company.datasets import DATA_DIR
>>> orders, report = read_export(DATA_DIR / "examples" / "orders_export.csv", "orders",
...                              mapping=EXAMPLE_ORDERS_MAPPING)
>>> report.rows_accepted + report.rows_rejected == report.rows_read
True
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kamlab.company.datasets import SCHEMAS

# What each importable table needs, and the default of each optional column.
REQUIRED = {
    "customers": ("customer_id", "name"),
    "orders": ("customer_id", "order_date", "revenue_eur", "cost_of_goods_eur"),
}
OPTIONAL = {
    "customers": {
        "industry": "unknown",
        "region": "unknown",
        "wallet_eur": np.nan,
        "wallet_growth": np.nan,
        "tenure_years": np.nan,
        "expected_retention": np.nan,
        "strategic_fit": np.nan,
        "innovation_potential": np.nan,
        "price_sensitivity": np.nan,
        "relationship_strength": np.nan,
        "product_fit": np.nan,
    },
    "orders": {
        "order_id": None,  # numbered from the line if absent
        "product_line": "unknown",
        "order_lines": 1,
        "rush": False,
        "deliveries": 1,
        "returned_lines": 0,
    },
}
KINDS = {
    "customer_id": "str", "name": "str", "industry": "str", "region": "str", "order_id": "str",
    "product_line": "str", "order_date": "date", "rush": "bool",
    "order_lines": "int", "deliveries": "int", "returned_lines": "int", "tenure_years": "number",
    "wallet_eur": "number", "wallet_growth": "number", "expected_retention": "number",
    "revenue_eur": "number", "cost_of_goods_eur": "number",
    "strategic_fit": "number", "innovation_potential": "number", "price_sensitivity": "number",
    "relationship_strength": "number", "product_fit": "number",
}  # fmt: skip
NON_NEGATIVE = {
    "order_lines",
    "deliveries",
    "returned_lines",
    "revenue_eur",
    "cost_of_goods_eur",
    "wallet_eur",
    "tenure_years",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%b-%Y", "%m/%d/%Y")
ENCODINGS = ("utf-8-sig", "cp1252")
TRUE = {"true", "yes", "y", "1", "x", "ja", "oui", "si"}
FALSE = {"false", "no", "n", "0", "", "nein", "non"}

#: The column mapping of the example exports in ``datasets/examples/`` (their names -> ours).
EXAMPLE_ORDERS_MAPPING = {
    "Order no": "order_id",
    "Customer": "customer_id",
    "Order date": "order_date",
    "Net sales": "revenue_eur",
    "COGS": "cost_of_goods_eur",
    "Lines": "order_lines",
    "Express": "rush",
}
EXAMPLE_CUSTOMERS_MAPPING = {
    "Account ID": "customer_id",
    "Account name": "name",
    "Sector": "industry",
    "Est. category spend (EUR)": "wallet_eur",
    "Growth %": "wallet_growth",
    "Years as customer": "tenure_years",
    "Strategic fit (1-5)": "strategic_fit",
}


class ExportFormatError(ValueError):
    """The file cannot be read at all (wrong table, missing columns); the message says what to do."""


@dataclass
class ImportReport:
    """What :func:`read_export` read, accepted and rejected, with reasons."""

    file: str
    table: str
    encoding: str
    delimiter: str
    decimal: str
    date_formats: dict[str, str]
    rows_read: int = 0
    blank_lines: int = 0
    rows_accepted: int = 0
    rejected: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["line", "column", "value", "reason"])
    )
    ignored_columns: list[str] = field(default_factory=list)
    defaulted_columns: list[str] = field(default_factory=list)

    @property
    def rows_rejected(self) -> int:
        return int(self.rejected["line"].nunique())

    def __str__(self) -> str:
        lines = [
            f"{self.file}: {self.rows_read} data rows read as table {self.table!r} "
            f"(encoding {self.encoding}, delimiter {self.delimiter!r}, decimal {self.decimal!r})",
            f"  accepted: {self.rows_accepted}; rejected: {self.rows_rejected}; "
            f"blank lines skipped: {self.blank_lines}",
        ]
        if self.date_formats:
            lines.append("  dates read as: " + ", ".join(f"{c} {f}" for c, f in self.date_formats.items()))
        if self.defaulted_columns:
            lines.append("  not in the file, filled with defaults: " + ", ".join(self.defaulted_columns))
        if self.ignored_columns:
            lines.append("  columns not used: " + ", ".join(self.ignored_columns))
        for row in self.rejected.head(10).itertuples():
            lines.append(f"  line {row.line}, column {row.column!r}: {row.value!r} {row.reason}")
        if len(self.rejected) > 10:
            lines.append(f"  ... and {len(self.rejected) - 10} more (see report.rejected)")
        return "\n".join(lines)


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    for enc in (encoding,) if encoding else ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise ExportFormatError(f"cannot decode the file as {encoding}; pass the right encoding=")


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


_NUMBER_JUNK = re.compile(r"[\s\u00a0\u202f€$£%']|EUR", re.I)


def _parse_number(text: str, decimal: str) -> float | None:
    percent = "%" in text
    s = _NUMBER_JUNK.sub("", text)
    negative = s.startswith("(") and s.endswith(")")
    s = s.strip("()")
    if decimal == ",":
        s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", s):
        return None
    value = float(s) / (100.0 if percent else 1.0)
    return -value if negative else value


def _guess_decimal(values: pd.Series, delimiter: str) -> str:
    """',' if the column's numbers use a decimal comma, else '.'."""
    sample = [v for v in values if isinstance(v, str) and re.search(r"\d", v)][:200]
    for v in sample:
        if "," in v and "." in v:
            return "," if v.rfind(",") > v.rfind(".") else "."
    if any(re.search(r",\d{1,2}$|,\d{4,}$", v.strip()) for v in sample):
        return ","
    return "," if delimiter == ";" and any("," in v for v in sample) else "."


def _date_format(values: pd.Series) -> str | None:
    """The first format that reads every non-blank value, or the one that reads most."""
    sample = values[values.str.strip() != ""]
    best, best_ok = None, -1
    for fmt in DATE_FORMATS:
        ok = int(pd.to_datetime(sample, format=fmt, errors="coerce").notna().sum())
        if ok == len(sample):
            return fmt
        if ok > best_ok:
            best, best_ok = fmt, ok
    return best


def read_export(
    path: str | Path,
    table: str,
    mapping: dict[str, str] | None = None,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    decimal: str | None = None,
    date_format: str | None = None,
) -> tuple[pd.DataFrame, ImportReport]:
    """Read a CSV export into the columns of KAM Lab's ``table`` ("customers" or "orders").

    Parameters
    ----------
    path:
        The CSV file.
    table:
        Which table the file feeds: ``"customers"`` or ``"orders"``.
    mapping:
        Your column name -> KAM Lab column name, for columns whose names differ (see
        :data:`REQUIRED` and :data:`OPTIONAL`; the data dictionary says what each means).
    encoding, delimiter, decimal, date_format:
        Leave them out to detect them: UTF-8 with or without BOM, else Windows-1252; ``,``, ``;``,
        tab or ``|``; decimal point or comma; dates as 2025-03-31, 31/03/2025, 31.03.2025,
        2025/03/31, 31-Mar-2025 or 03/31/2025 (day first wins when both read).

    Returns
    -------
    (DataFrame, ImportReport)
        The accepted rows with KAM Lab's column names and dtypes, and the report of what was read,
        defaulted, ignored and rejected (line numbers are the file's own, header = line 1).
    """
    if table not in REQUIRED:
        raise ExportFormatError(f"table must be one of {sorted(REQUIRED)}, got {table!r}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    text, used_encoding = _decode(path.read_bytes(), encoding)
    delim = delimiter or _sniff_delimiter(text)
    raw = pd.read_csv(
        io.StringIO(text), sep=delim, dtype=str, keep_default_na=False, skip_blank_lines=False,
        skipinitialspace=True,
    )  # fmt: skip
    raw.columns = [str(c).strip() for c in raw.columns]
    mapping = dict(mapping or {})
    unknown_targets = sorted(set(mapping.values()) - set(KINDS))
    if unknown_targets:
        raise ExportFormatError(
            f"mapping names KAM Lab column(s) {unknown_targets} that do not exist; "
            "see kamlab.company.imports.KINDS"
        )
    absent = sorted(set(mapping) - set(raw.columns))
    if absent:
        raise ExportFormatError(
            f"{path.name}: mapping names column(s) {absent} that the file does not have; "
            f"it has {list(raw.columns)}"
        )
    renamed = raw.rename(columns=mapping)
    missing = [c for c in REQUIRED[table] if c not in renamed.columns]
    if missing:
        raise ExportFormatError(
            f"{path.name}: no column for {missing}; the file has {list(raw.columns)}. "
            f"Map yours with mapping={{'Your column': '{missing[0]}'}}"
        )
    wanted = [*REQUIRED[table], *OPTIONAL[table]]
    ignored = [c for c, r in zip(raw.columns, renamed.columns) if r not in wanted]
    renamed = renamed.loc[:, [c for c in renamed.columns if c in wanted]]
    lines = pd.Series(np.arange(len(renamed)) + 2, index=renamed.index)
    blank = renamed.apply(lambda col: col.str.strip() == "").all(axis=1)
    data = renamed[~blank]

    problems: list[tuple[int, str, str, str]] = []
    out: dict[str, pd.Series] = {}
    dec_used, date_used = "", {}
    for col in data.columns:
        values = data[col].str.strip()
        kind = KINDS[col]
        if col in REQUIRED[table]:
            for i in values.index[values == ""]:
                problems.append((int(lines[i]), col, "", "is blank but required"))
        if kind == "str":
            out[col] = values.astype(object)
        elif kind == "bool":
            low = values.str.lower()
            bad = ~low.isin(TRUE | FALSE)
            problems += [
                (int(lines[i]), col, values[i], "is not yes/no or true/false") for i in values.index[bad]
            ]
            out[col] = low.isin(TRUE)
        elif kind == "date":
            fmt = date_format or _date_format(values)
            date_used[col] = fmt
            parsed = pd.to_datetime(values, format=fmt, errors="coerce")
            bad = parsed.isna() & (values != "")
            problems += [
                (int(lines[i]), col, values[i], f"is not a date like {fmt}") for i in values.index[bad]
            ]
            out[col] = parsed.astype("datetime64[ns]")
        else:
            dec = decimal or _guess_decimal(values, delim)
            if not dec_used and values.str.contains(r"[.,]").any():
                dec_used = dec
            parsed = values.map(lambda v, d=dec: _parse_number(v, d) if v else None)
            bad = parsed.isna() & (values != "")
            problems += [(int(lines[i]), col, values[i], "is not a number") for i in values.index[bad]]
            number = pd.to_numeric(parsed, errors="coerce").astype("float64")
            if col in NON_NEGATIVE:
                neg = number < 0
                problems += [(int(lines[i]), col, values[i], "is negative") for i in values.index[neg]]
            if kind == "int":
                frac = number.notna() & (number != number.round())
                problems += [
                    (int(lines[i]), col, values[i], "is not a whole number") for i in values.index[frac]
                ]
            out[col] = number
    frame = pd.DataFrame(out, index=data.index)
    defaulted = []
    for col, default in OPTIONAL[table].items():
        if col not in frame.columns:
            defaulted.append(col)
            frame[col] = [f"L{n}" for n in lines[data.index]] if default is None else default
    key = "order_id" if table == "orders" else "customer_id"
    first_seen = frame[key].duplicated(keep="first")
    firsts = {v: int(lines[i]) for i, v in frame[key][~first_seen].items()}
    problems += [
        (int(lines[i]), key, frame.at[i, key], f"duplicates line {firsts[frame.at[i, key]]}")
        for i in frame.index[first_seen]
    ]
    rejected = pd.DataFrame(problems, columns=["line", "column", "value", "reason"]).sort_values(
        ["line", "column"], ignore_index=True
    )
    bad_lines = set(rejected["line"])
    keep = ~lines[frame.index].isin(bad_lines).to_numpy()
    accepted = frame[keep].reset_index(drop=True)
    for col in frame.columns:
        if KINDS[col] == "int" and accepted[col].notna().all():
            accepted[col] = accepted[col].astype("int64")
    schema = [c.name for c in SCHEMAS[table][2]]
    ordered = sorted((c for c in wanted if c in accepted.columns), key=schema.index)
    report = ImportReport(
        file=path.name,
        table=table,
        encoding=used_encoding,
        delimiter=delim,
        decimal=dec_used or ".",
        date_formats=date_used,
        rows_read=int(len(data)),
        blank_lines=int(blank.sum()),
        rows_accepted=int(len(accepted)),
        rejected=rejected,
        ignored_columns=ignored,
        defaulted_columns=defaulted,
    )
    return accepted[ordered], report
