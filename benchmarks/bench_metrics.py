"""Speed and memory of the metric pipeline: kamlab beside the same sums in plain pandas.

Run with ``make bench`` (``.venv/bin/python benchmarks/bench_metrics.py``).

The company is scaled to 100,000 customers and about 10 million order rows.
The pipeline computes, for one year, each customer's cost to serve, profit
and lifetime value:

- ``kamlab``: :func:`kamlab.customer_profit` then :func:`kamlab.lifetime_value`,
  with every input check;
- ``pandas``: the same computation as a plain pandas filter and group-by, no
  checks at all.

Both give the same numbers (checked with ``np.allclose`` before anything is
timed), so the comparison is fair. Each measurement runs in a fresh
subprocess, so the memory peaks do not mix: the subprocess loads the tables,
runs the pipeline once under ``tracemalloc`` (peak of the memory the pipeline
allocates) while watching the process's peak resident memory, then times
``--repeat`` runs (default 1). ``--rounds`` (default 3) such subprocesses run
per variant, alternating kamlab, pandas, pandas, kamlab, kamlab, pandas, so a
machine that gets busier or quieter meanwhile favours neither; the best time
of each variant counts. Targets: kamlab within 1.3x the time of plain pandas
and under 10 s.

This is a script, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

import kamlab
from kamlab.company import generate_company

YEAR = 2025
DISCOUNT_RATE = 0.10
COST_OF_CAPITAL = kamlab.costing.DEFAULT_COST_OF_CAPITAL
N_CUSTOMERS = 100_000
# About 10 million order rows over three years for 100,000 customers.
ORDER_SCALE = 0.75
SEED = 2026
TARGET_RATIO = 1.3
TARGET_SECONDS = 10.0
TABLES = ("customers", "orders", "activities", "departments", "unit_times")
COLUMNS = (
    "revenue_eur",
    "cost_of_goods_eur",
    "gross_margin_eur",
    "cost_to_serve_eur",
    "profit_eur",
    "lifetime_value_eur",
)


def make_company(
    n_customers: int = N_CUSTOMERS, order_scale: float = ORDER_SCALE, seed: int = SEED
) -> dict[str, pd.DataFrame]:
    """The tables the pipeline reads, from the synthetic company at the given scale."""
    tables = generate_company(seed=seed, n_customers=n_customers, order_scale=order_scale)
    return {name: tables[name] for name in TABLES}


def kamlab_pipeline(
    tables: dict[str, pd.DataFrame], year: int = YEAR, discount_rate: float = DISCOUNT_RATE
) -> pd.DataFrame:
    """Profit and lifetime value per customer with kamlab (every input checked)."""
    profit = kamlab.customer_profit(
        tables["orders"],
        tables["activities"],
        tables["departments"],
        tables["unit_times"],
        year=year,
        cost_of_capital=COST_OF_CAPITAL,
    )
    retention = tables["customers"].set_index("customer_id")["expected_retention"].reindex(profit.index)
    out = profit[list(COLUMNS[:-1])].copy()
    out["lifetime_value_eur"] = kamlab.lifetime_value(profit["profit_eur"], retention, discount_rate)
    return out


def pandas_pipeline(
    tables: dict[str, pd.DataFrame], year: int = YEAR, discount_rate: float = DISCOUNT_RATE
) -> pd.DataFrame:
    """The same numbers in plain pandas: one filter, one group-by, no checks."""
    orders = tables["orders"]
    activities = tables["activities"]
    departments = tables["departments"]
    unit_times = tables["unit_times"]
    needed = [
        "customer_id",
        "order_lines",
        "rush",
        "deliveries",
        "returned_lines",
        "revenue_eur",
        "cost_of_goods_eur",
    ]
    year_orders = orders.loc[orders["order_date"].dt.year == year, needed]
    per_customer = year_orders.groupby("customer_id").agg(
        orders=("order_lines", "size"),
        order_lines=("order_lines", "sum"),
        rush_orders=("rush", "sum"),
        deliveries=("deliveries", "sum"),
        returns=("returned_lines", "sum"),
        revenue_eur=("revenue_eur", "sum"),
        cost_of_goods_eur=("cost_of_goods_eur", "sum"),
    )
    other = activities[activities["year"] == year].set_index("customer_id")[
        ["support_requests", "custom_engineering_hours", "sales_visits", "payment_terms_days"]
    ]
    drivers = per_customer.join(other, how="outer").fillna(0)
    dept = departments[departments["year"] == year].set_index("department")
    per_minute = dept["annual_cost_eur"] / dept["practical_capacity_minutes"]
    unit_cost = unit_times["minutes_per_unit"] * unit_times["department"].map(per_minute)
    cost = drivers["revenue_eur"] * drivers["payment_terms_days"] / 365.0 * COST_OF_CAPITAL
    for driver, eur in zip(unit_times["driver"], unit_cost):
        cost = cost + drivers[driver] * eur
    out = drivers[["revenue_eur", "cost_of_goods_eur"]].copy()
    out["gross_margin_eur"] = out["revenue_eur"] - out["cost_of_goods_eur"]
    out["cost_to_serve_eur"] = cost
    out["profit_eur"] = out["gross_margin_eur"] - cost
    retention = tables["customers"].set_index("customer_id")["expected_retention"].reindex(out.index)
    out["lifetime_value_eur"] = out["profit_eur"] * retention / (1.0 + discount_rate - retention)
    return out


VARIANTS: dict[str, Callable[[dict[str, pd.DataFrame]], pd.DataFrame]] = {
    "kamlab": kamlab_pipeline,
    "pandas": pandas_pipeline,
}


def assert_same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Both variants give the same customers and the same numbers."""
    assert list(a.columns) == list(b.columns) == list(COLUMNS), (list(a.columns), list(b.columns))
    assert a.index.equals(b.index), "the variants cover different customers"
    assert np.allclose(a.to_numpy(dtype="float64"), b.to_numpy(dtype="float64"), rtol=1e-9, atol=1e-6), (
        "the variants give different numbers"
    )


def _rss_peak_reset() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux); False if not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _rss_peak_mb() -> float:
    """Peak resident memory of this process in MB (VmHWM, else ru_maxrss)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024**2 if sys.platform == "darwin" else peak / 1024


def _rss_now_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def measure(variant: str, tables: dict[str, pd.DataFrame], repeat: int = 1) -> dict[str, float]:
    """Memory of one run, then the best wall time of ``repeat`` runs (call in a fresh process)."""
    run = VARIANTS[variant]
    gc.collect()
    rss_before = _rss_now_mb()
    reset = _rss_peak_reset()
    tracemalloc.start()
    run(tables)
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_peak = _rss_peak_mb()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run(tables)
        times.append(time.perf_counter() - start)
    return {
        "best_s": min(times),
        "times_s": times,
        "traced_peak_mb": traced_peak / 1024**2,
        "rss_before_mb": rss_before,
        # Without a peak reset the process peak includes loading the data.
        "rss_peak_extra_mb": rss_peak - rss_before if reset else float("nan"),
    }


def _combine(runs: list[dict[str, float]]) -> dict[str, float]:
    """One variant's figures over its subprocesses: the best time, the highest memory peak."""
    times = [t for r in runs for t in r["times_s"]]
    return {
        "best_s": min(times),
        "times_s": times,
        "traced_peak_mb": max(r["traced_peak_mb"] for r in runs),
        "rss_peak_extra_mb": max(r["rss_peak_extra_mb"] for r in runs),
    }


def _load_average() -> str:
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "n/a"


def _worker(variant: str, data: Path, repeat: int) -> None:
    with data.open("rb") as f:
        tables = pickle.load(f)
    print(json.dumps(measure(variant, tables, repeat)))


def _run_worker(variant: str, data: Path, repeat: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--worker", variant, "--data", str(data), "--repeat", str(repeat)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{variant} worker failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict[str, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=N_CUSTOMERS)
    parser.add_argument("--order-scale", type=float, default=ORDER_SCALE)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--rounds", type=int, default=3, help="fresh subprocesses per variant, alternating (default 3)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per subprocess (default 1)")
    parser.add_argument("--worker", choices=sorted(VARIANTS), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.data, args.repeat)
        return {}

    print(
        f"python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}, "
        f"kamlab {kamlab.__version__}, {platform.machine()}"
    )
    start = time.perf_counter()
    tables = make_company(args.customers, args.order_scale, args.seed)
    print(
        f"company: {len(tables['customers']):,} customers, {len(tables['orders']):,} order rows, "
        f"{len(tables['activities']):,} activity rows "
        f"(seed {args.seed}, order_scale {args.order_scale}; "
        f"generated in {time.perf_counter() - start:.1f} s)"
    )
    year_rows = int((tables["orders"]["order_date"].dt.year == YEAR).sum())
    print(
        f"pipeline: cost to serve, profit and lifetime value per customer for {YEAR} ({year_rows:,} orders)"
    )
    assert_same(kamlab_pipeline(tables), pandas_pipeline(tables))
    print("check: both variants give the same numbers (np.allclose) for every customer")

    load_before = _load_average()
    rounds: dict[str, list[dict[str, float]]] = {variant: [] for variant in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="kamlab-bench-") as tmp:
        data = Path(tmp) / "tables.pickle"
        with data.open("wb") as f:
            pickle.dump(tables, f, protocol=pickle.HIGHEST_PROTOCOL)
        del tables
        gc.collect()
        # Fresh subprocesses, alternating kamlab, pandas, pandas, kamlab, ... so that a machine
        # that gets busier or quieter during the benchmark does not favour either variant.
        order = list(VARIANTS)
        for i in range(args.rounds):
            for variant in order if i % 2 == 0 else order[::-1]:
                rounds[variant].append(_run_worker(variant, data, args.repeat))
    results = {variant: _combine(runs) for variant, runs in rounds.items()}

    runs_total = args.rounds * args.repeat
    print()
    print(
        f"load average (1 min) before / after timing: {load_before} / {_load_average()} "
        f"on {os.cpu_count()} CPUs"
    )
    print(
        f"{'variant':<8} {'best of ' + str(runs_total):>11} {'all runs (s)':>24} "
        f"{'traced peak':>12} {'peak RSS +':>11}"
    )
    for variant, r in results.items():
        runs = ", ".join(f"{t:.2f}" for t in r["times_s"])
        print(
            f"{variant:<8} {r['best_s']:>9.2f} s {runs:>24} {r['traced_peak_mb']:>9.0f} MB "
            f"{r['rss_peak_extra_mb']:>8.0f} MB"
        )
    ratio = results["kamlab"]["best_s"] / results["pandas"]["best_s"]
    mem_ratio = results["kamlab"]["traced_peak_mb"] / results["pandas"]["traced_peak_mb"]
    print()
    print(f"time ratio kamlab / pandas: {ratio:.2f}x; traced memory ratio: {mem_ratio:.2f}x")
    ok_ratio = ratio <= TARGET_RATIO
    ok_time = results["kamlab"]["best_s"] < TARGET_SECONDS
    print(f"target kamlab within {TARGET_RATIO}x of plain pandas: {'met' if ok_ratio else 'NOT met'}")
    print(f"target kamlab under {TARGET_SECONDS:.0f} s: {'met' if ok_time else 'NOT met'}")
    print(
        "(each run in a fresh subprocess that first loads the tables and runs the pipeline once to "
        "measure memory; traced peak: most memory the pipeline allocated at once, from tracemalloc; "
        "peak RSS +: the process's peak resident memory above what it held after loading the tables)"
    )
    return results


if __name__ == "__main__":
    main()
