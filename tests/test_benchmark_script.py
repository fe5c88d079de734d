"""The benchmark script (``make bench``) compares like with like: both variants give the same numbers.

No timing is asserted here; the script prints its figures, these tests only prove it is fair and runs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_metrics.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_metrics", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_metrics"] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules["bench_metrics"]


@pytest.fixture(scope="module")
def tiny(bench):
    return bench.make_company(n_customers=2_000, order_scale=0.3, seed=11)


def test_tiny_company_has_the_tables_the_pipeline_reads(bench, tiny):
    assert set(tiny) == set(bench.TABLES)
    assert len(tiny["customers"]) == 2_000
    assert len(tiny["orders"]) > 10_000


def test_kamlab_and_plain_pandas_give_the_same_numbers(bench, tiny):
    ours = bench.kamlab_pipeline(tiny)
    plain = bench.pandas_pipeline(tiny)
    bench.assert_same(ours, plain)
    orders = tiny["orders"]
    buyers = orders.loc[orders["order_date"].dt.year == bench.YEAR, "customer_id"].nunique()
    assert len(ours) == buyers > 1_500  # every customer who bought that year (some joined later, some left)
    assert list(ours.columns) == list(bench.COLUMNS)
    # not a trivial agreement: some customers lose money, and lifetime value follows profit's sign
    assert (ours["profit_eur"] < 0).any() and (ours["profit_eur"] > 0).any()
    assert (np.sign(ours["lifetime_value_eur"]) == np.sign(ours["profit_eur"])).all()


def test_the_variants_agree_for_another_year_and_discount_rate(bench, tiny):
    bench.assert_same(
        bench.kamlab_pipeline(tiny, year=2023, discount_rate=0.25),
        bench.pandas_pipeline(tiny, year=2023, discount_rate=0.25),
    )


def test_the_comparison_notices_a_difference(bench, tiny):
    plain = bench.pandas_pipeline(tiny)
    off = plain.copy()
    off.iloc[7, off.columns.get_loc("cost_to_serve_eur")] += 1.0
    with pytest.raises(AssertionError, match="different numbers"):
        bench.assert_same(bench.kamlab_pipeline(tiny), off)
    with pytest.raises(AssertionError, match="different customers"):
        bench.assert_same(plain.iloc[1:], plain.iloc[:-1])


def test_measure_reports_time_and_memory(bench, tiny):
    result = bench.measure("kamlab", tiny, repeat=1)
    assert len(result["times_s"]) == 1
    assert result["best_s"] > 0
    assert result["traced_peak_mb"] > 0


@pytest.mark.slow
def test_the_script_runs_end_to_end_on_a_small_company(bench, capsys):
    results = bench.main(["--customers", "300", "--order-scale", "0.5", "--rounds", "2"])
    out = capsys.readouterr().out
    assert set(results) == {"kamlab", "pandas"}
    assert "order rows" in out
    assert "both variants give the same numbers" in out
    assert "time ratio kamlab / pandas" in out
    assert "target kamlab within 1.3x of plain pandas:" in out
    for variant in results.values():
        assert isinstance(variant["best_s"], float)
        assert not pd.isna(variant["traced_peak_mb"])
