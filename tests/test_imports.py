"""Bring your own data: messy exports are read, and nothing is dropped without a reason."""

from __future__ import annotations

import pandas as pd
import pytest

from kamlab import gross_margin
from kamlab.company import imports
from kamlab.company.datasets import DATA_DIR

EXAMPLES = DATA_DIR / "examples"
HEADER = "id;client;date;sales;cost\n"
MAP = {
    "id": "order_id",
    "client": "customer_id",
    "date": "order_date",
    "sales": "revenue_eur",
    "cost": "cost_of_goods_eur",
}


def _write(tmp_path, text: str, encoding: str = "utf-8", name: str = "export.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_example_orders_export_every_row_accounted_for():
    orders, report = imports.read_export(
        EXAMPLES / "orders_export.csv", "orders", imports.EXAMPLE_ORDERS_MAPPING
    )
    assert (report.encoding, report.delimiter, report.decimal) == ("cp1252", ";", ",")
    assert report.rows_read == report.rows_accepted + report.rows_rejected == 123
    assert report.blank_lines == 2 and len(orders) == 120
    reasons = dict(zip(report.rejected["line"], report.rejected["reason"]))
    assert reasons == {124: "duplicates line 6", 125: "is not a date like %d.%m.%Y", 126: "is negative"}
    assert "Comment" in report.ignored_columns and "deliveries" in report.defaulted_columns
    assert orders["revenue_eur"].dtype == "float64" and orders["order_date"].dtype == "datetime64[ns]"
    assert orders["rush"].dtype == bool and orders["rush"].any()
    assert (gross_margin(orders)["gross_margin_eur"] > 0).all()
    text = str(report)
    assert "line 125, column 'order_date': '31.02.2025'" in text and "accepted: 120; rejected: 3" in text


def test_example_customers_export_bom_thousands_percent_duplicates():
    customers, report = imports.read_export(
        EXAMPLES / "customers_export.csv", "customers", imports.EXAMPLE_CUSTOMERS_MAPPING
    )
    assert report.encoding == "utf-8-sig" and list(customers.columns)[0] == "customer_id"
    assert report.blank_lines == 2 and report.rows_rejected == 2 and len(customers) == 20
    assert customers["customer_id"].is_unique
    assert customers["wallet_eur"].min() > 1000, "thousands separators were read as decimals"
    assert customers["wallet_growth"].abs().max() < 1, "percentages are shares"
    assert set(report.rejected["column"]) == {"customer_id", "wallet_eur"}


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1.234,56", 1234.56), ("1 234,5", 1234.5), ("12,5", 12.5), ("€ 99,00", 99.0), ("(10,00)", None)],
)
def test_decimal_comma_numbers(tmp_path, cell, expected):
    path = _write(tmp_path, HEADER + f"1;A;2025-01-31;{cell};1,00\n")
    orders, report = imports.read_export(path, "orders", MAP)
    if expected is None:  # a negative sale in accounting brackets is rejected, not dropped
        assert report.rejected["reason"].tolist() == ["is negative"]
    else:
        assert orders["revenue_eur"].tolist() == [expected]


@pytest.mark.parametrize(
    ("dates", "first"),
    [
        (["2025-03-31", "2025-01-02"], "2025-03-31"),
        (["31/03/2025", "02/01/2025"], "2025-03-31"),
        (["31.03.2025", "02.01.2025"], "2025-03-31"),
        (["2025/03/31", "2025/01/02"], "2025-03-31"),
        (["31-Mar-2025", "02-Jan-2025"], "2025-03-31"),
        (["03/31/2025", "01/02/2025"], "2025-03-31"),
    ],
)
def test_date_formats_are_detected_per_column(tmp_path, dates, first):
    body = "".join(f"{i};A;{d};10.5;5\n" for i, d in enumerate(dates))
    orders, report = imports.read_export(
        _write(tmp_path, "id,client,date,sales,cost\n" + body.replace(";", ",")), "orders", MAP
    )
    assert report.rows_rejected == 0
    assert orders["order_date"].iloc[0] == pd.Timestamp(first)


def test_windows_encoding_and_explicit_options(tmp_path):
    path = _write(tmp_path, "id|client|date|sales|cost\n1|Müller|2025-01-31|10,5|5\n", encoding="cp1252")
    orders, report = imports.read_export(path, "orders", MAP, delimiter="|", decimal=",")
    assert report.encoding == "cp1252" and orders["customer_id"].tolist() == ["Müller"]
    assert orders["revenue_eur"].tolist() == [10.5]


def test_required_blank_and_bad_values_are_rejected_with_line_and_column(tmp_path):
    text = HEADER + "1;A;2025-01-31;10;5\n2;;2025-01-31;10;5\n3;B;2025-01-31;ten;5\n\n4;C;2025-01-31;10;5\n"
    orders, report = imports.read_export(_write(tmp_path, text), "orders", MAP)
    assert orders["order_id"].tolist() == ["1", "4"]
    assert report.rejected[["line", "column"]].values.tolist() == [[3, "customer_id"], [4, "revenue_eur"]]
    assert report.blank_lines == 1 and report.rows_read == 4


def test_unusable_files_say_what_to_do(tmp_path):
    path = _write(tmp_path, "client;when;sales\nA;2025-01-01;1\n")
    with pytest.raises(
        imports.ExportFormatError, match=r"export\.csv: no column for \['order_date'.*mapping="
    ):
        imports.read_export(path, "orders", {"client": "customer_id"})
    with pytest.raises(imports.ExportFormatError, match=r"mapping names column\(s\) \['Kunde'\]"):
        imports.read_export(path, "orders", {"Kunde": "customer_id"})
    with pytest.raises(imports.ExportFormatError, match="KAM Lab column"):
        imports.read_export(path, "orders", {"client": "client_id"})
    with pytest.raises(imports.ExportFormatError, match="table must be one of"):
        imports.read_export(path, "invoices")
    with pytest.raises(FileNotFoundError):
        imports.read_export(tmp_path / "nope.csv", "orders")
