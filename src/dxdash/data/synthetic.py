"""A large, clearly SYNTHETIC dataset in dxdash's own format, for benchmarks only.

``python -m dxdash.data.synthetic OUT_DIR --scale 1000`` writes a normal data directory (the six
Parquet tables, written with :func:`dxdash.data.build.write_parquet`) that
``DXDASH_DATA_DIR=OUT_DIR`` then serves. Nothing in it is real, and it says so everywhere:

- the report title starts with 「【合成データ・ベンチマーク用】」;
- every ``source`` column (and the report's publisher) says 合成データ;
- every initiative and program name starts with 「合成」;
- OUT_DIR gets a ``SYNTHETIC.md`` next to the tables.

Per unit of ``--scale`` (all counts are linear in it; ``--scale 1000`` is the benchmark size):

| table | rows per unit | at --scale 1000 |
| --- | --- | --- |
| initiatives | 1 | 1,000 (the report has 41) |
| metrics | 1,000 (+ 4 program-wide figures) | 1,000,004 (the report has 34) |
| survey | 6 (1 item × 年度 2020–2025) | 6,000 (the report has 6) |
| events | 0.3 (+ 1 公表 event) | 301 (the report has 18) |

The metrics are monthly figures of 35 Gunma municipalities from 2020-04 to 2026-10: each
initiative has a start month, 2–4 of the categories 人数・利用回数・割合・件数, and runs in as
many municipalities as its 1,000 figures cover (the last one "joined late", so its series ends
in 2026-10 like the others). The month and the municipality are real dimensions: each row is
one value of the figure (initiative_id, metric 「月間利用者数」, municipality_code 102016 =
前橋市) at ``as_of``, the first of its month. Values follow the municipality's (approximate) population,
an adoption curve from the start month, a seasonal wave and noise; percentages stay in 0–100.

Generation is deterministic (``--seed``) and vectorised with NumPy and Arrow compute; no
Python loop runs over the metric rows. It refuses to write into the repository's ``data/``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dxdash.data.build import write_parquet
from dxdash.data.dataset import DEFAULT_DATA_DIR
from dxdash.data.places import municipalities
from dxdash.data.schema import TABLE_NAMES, TABLE_SCHEMAS, parquet_file_name
from dxdash.data.validation import validate_tables
from dxdash.data.vocabulary import EVENT_KINDS, FIELDS, GUNMA_MODEL_TYPES

SYNTHETIC_LABEL = "【合成データ・ベンチマーク用】"
SYNTHETIC_SOURCE = "合成データ（ベンチマーク用の架空の数値・実在しない）"
NAME_PREFIX = "合成"
MARKER_FILE = "SYNTHETIC.md"
DEFAULT_SEED = 20240301
DEFAULT_SCALE = 1000
MAX_SCALE = 30_000  # report_order and gunma_model_no are int16

FIGURES_PER_INITIATIVE = 1000
SURVEY_YEARS: tuple[int, ...] = (2020, 2021, 2022, 2023, 2024, 2025)
EVENTS_PER_UNIT = 0.3

# Months from 2020-04 (index 0) to 2026-10 (index 78).
FIRST_YEAR, FIRST_MONTH = 2020, 4
MONTHS = 79
LAST_START_MONTH = 64  # ≥ 15 months left, so 35 municipalities × 2 categories cover 1,000 rows

# Gunma's 35 municipalities (12 市, 15 町, 8 村) with rounded populations (about 2020), used
# only to give the synthetic figures plausible magnitudes.
MUNICIPALITIES: tuple[tuple[str, int], ...] = (
    ("前橋市", 332_000),
    ("高崎市", 372_000),
    ("桐生市", 106_000),
    ("伊勢崎市", 212_000),
    ("太田市", 223_000),
    ("沼田市", 45_000),
    ("館林市", 75_000),
    ("渋川市", 75_000),
    ("藤岡市", 63_000),
    ("富岡市", 47_000),
    ("安中市", 55_000),
    ("みどり市", 50_000),
    ("榛東村", 14_000),
    ("吉岡町", 22_000),
    ("上野村", 1_100),
    ("神流町", 1_700),
    ("下仁田町", 6_600),
    ("南牧村", 1_600),
    ("甘楽町", 12_600),
    ("中之条町", 15_300),
    ("長野原町", 5_500),
    ("嬬恋村", 9_100),
    ("草津町", 6_200),
    ("高山村", 3_500),
    ("東吾妻町", 12_900),
    ("片品村", 4_000),
    ("川場村", 3_200),
    ("昭和村", 6_900),
    ("みなかみ町", 17_300),
    ("玉村町", 36_000),
    ("板倉町", 14_100),
    ("明和町", 10_800),
    ("千代田町", 10_900),
    ("大泉町", 41_000),
    ("邑楽町", 26_000),
)

# (category, metric label, unit): category 0 (人数) is every initiative's first.
FIGURE_KINDS: tuple[tuple[str, str, str], ...] = (
    ("人数", "月間利用者数", "人"),
    ("利用回数", "月間利用回数", "回"),
    ("割合", "利用者満足度", "%"),
    ("件数", "月間申請件数", "件"),
)

SERVICES: tuple[str, ...] = (
    "オンライン申請",
    "予約システム",
    "見守りサービス",
    "相談チャット",
    "データ連携基盤",
    "電子図書館",
    "遠隔授業",
    "スマート農業",
    "防災アプリ",
    "キャッシュレス決済",
    "デマンド交通",
    "健康ポイント",
)

PROGRAMS: tuple[tuple[str, str], ...] = (
    ("dx-acceleration-program", "合成：ぐんまDX加速化プログラム（架空）"),
    ("gunma-models", "合成：群馬モデルの創出（架空）"),
    ("comprehensive-plan", "合成：総合計画（架空）"),
)


def _month_dates() -> np.ndarray:
    """The first day of each month from 2020-04 to 2026-10, as datetime64[D]."""
    start = np.datetime64(f"{FIRST_YEAR}-{FIRST_MONTH:02d}", "M")
    return (start + np.arange(MONTHS)).astype("datetime64[D]")


def _month_parts(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(year, month) of month indices counted from 2020-04."""
    absolute = FIRST_YEAR * 12 + (FIRST_MONTH - 1) + index
    return absolute // 12, absolute % 12 + 1


def _fiscal_years(index: np.ndarray) -> np.ndarray:
    """年度 (April–March) of month indices counted from 2020-04."""
    return FIRST_YEAR + index // 12


def _grouped(values: np.ndarray) -> pa.Array:
    """Non-negative integers as text with thousands separators (1234567 → 1,234,567)."""
    values = values.astype(np.int64)
    groups = [values // 1000**k % 1000 for k in range(4)]
    leading = np.zeros(len(values), dtype=np.int64)
    for k in range(1, 4):
        leading[values >= 1000**k] = k
    plain = [pc.cast(pa.array(g), pa.string()) for g in groups]
    padded = [pc.utf8_lpad(p, width=3, padding="0") for p in plain]
    result = plain[0]
    tail = pa.array([""] * len(values), pa.string())
    for k in range(1, 4):
        tail = pc.binary_join_element_wise(",", padded[k - 1], tail, "")
        result = pc.if_else(
            pa.array(leading == k), pc.binary_join_element_wise(plain[k], tail, ""), result
        )
    return result


def _one_decimal(values: np.ndarray) -> pa.Array:
    """Floats as text with exactly one decimal (85.25 → 85.3, 90 → 90.0)."""
    tenths = np.rint(values * 10).astype(np.int64)
    return pc.binary_join_element_wise(
        _grouped(tenths // 10), pc.cast(pa.array(tenths % 10), pa.string()), "."
    )


def _table(name: str, columns: dict[str, object]) -> pa.Table:
    """Build a table in the exact schema (column order and types) of dxdash.data.schema."""
    schema = TABLE_SCHEMAS[name]
    return pa.table({f.name: columns[f.name] for f in schema}, schema=schema)


def _check_scale(scale: int) -> None:
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be between 1 and {MAX_SCALE}, not {scale}")


def _initiatives(rng: np.random.Generator, scale: int) -> tuple[pa.Table, np.ndarray]:
    """One synthetic initiative per unit of scale; also return each one's start month index."""
    n = scale
    order = np.arange(1, n + 1)
    ids = [f"synthetic-{i:05d}" for i in order]
    start = rng.integers(0, LAST_START_MONTH + 1, n)
    year, month = _month_parts(start)
    field = np.asarray(FIELDS)[rng.integers(0, len(FIELDS), n)]
    service = np.asarray(SERVICES)[rng.integers(0, len(SERVICES), n)]
    numbers = [f"{i:04d}" for i in order]
    names = [
        f"{NAME_PREFIX}施策{no}（{f}・{s}）"
        for no, f, s in zip(numbers, field, service, strict=True)
    ]
    short = [f"{NAME_PREFIX}{no} {s}" for no, s in zip(numbers, service, strict=True)]

    # About 12 % are 群馬モデル, numbered 1, 2, … within each type.
    is_model = rng.random(n) < 0.12
    model_type = np.where(rng.random(n) < 0.15, 0, 1)
    model: list[str | None] = [None] * n
    model_no: list[int | None] = [None] * n
    counters = [0, 0]
    for i in np.flatnonzero(is_model):
        kind = int(model_type[i])
        counters[kind] += 1
        model[i], model_no[i] = GUNMA_MODEL_TYPES[kind], counters[kind]

    related = [[ids[i - 1]] if i % 7 == 6 else [] for i in range(n)]  # the one before
    columns = {
        "initiative_id": ids,
        "report_order": order.astype(np.int16),
        "name": names,
        "short_name": short,
        "field": field.tolist(),
        "field_source": ["assigned"] * n,
        "started": pa.array(_month_dates()[start], pa.date32()),
        "started_text": [f"{y}.{m}~" for y, m in zip(year, month, strict=True)],
        "started_note": [None] * n,
        "fiscal_year": _fiscal_years(start).astype(np.int16),
        "gunma_model": model,
        "gunma_model_no": pa.array(model_no, pa.int16()),
        "gunma_model_name": [
            f"{NAME_PREFIX}モデル：{nm}" if m else None for m, nm in zip(model, names, strict=True)
        ],
        "gunma_model_summary": [
            "合成データ：他自治体でも使える仕組み（架空）" if m else None for m in model
        ],
        "summary": [
            f"合成データ：{s}の架空の施策です（ベンチマーク用）\n{f}分野・{y}年{m}月開始（架空）"
            for s, f, y, m in zip(service, field, year, month, strict=True)
        ],
        "comments": [
            ["合成データ：便利になった（架空のコメント）"] if i % 3 == 0 else [] for i in range(n)
        ],
        "firsts": [["全国初"] if i % 25 == 0 else [] for i in range(n)],
        "related": related,
        "source": [SYNTHETIC_SOURCE] * n,
    }
    return _table("initiatives", columns), start


def _metrics(rng: np.random.Generator, ids: Sequence[str], start: np.ndarray) -> pa.Table:
    """1,000 monthly figures per initiative (vectorised: no Python loop over the rows)."""
    n = len(ids)
    per = FIGURES_PER_INITIATIVE
    owner = np.repeat(np.arange(n), per)
    j = np.tile(np.arange(per), n)

    # Each initiative: 2–4 categories (人数 first), municipalities in its own random order.
    n_kinds = rng.integers(2, len(FIGURE_KINDS) + 1, n)
    other_kinds = rng.permuted(np.tile(np.arange(1, len(FIGURE_KINDS)), (n, 1)), axis=1)
    kinds = np.concatenate([np.zeros((n, 1), dtype=np.int64), other_kinds], axis=1)
    muni_order = rng.permuted(np.tile(np.arange(len(MUNICIPALITIES)), (n, 1)), axis=1)

    months_active = MONTHS - start  # months from the start to 2026-10
    block = months_active * n_kinds  # figures per municipality
    c = n_kinds[owner]
    rank = j // block[owner]
    within = j % block[owner]
    step = within // c
    kind = kinds[owner, within % c]
    full = per // block  # municipalities with a complete series
    late = rank == full[owner]  # the last one joined late: its months end in 2026-10
    month = np.where(late, MONTHS - 1 - step, start[owner] + step)
    muni = muni_order[owner, rank]

    # Values: population × reach × adoption since the start × season × noise.
    population = np.array([p for _, p in MUNICIPALITIES], dtype=np.float64)
    reach = rng.lognormal(np.log(0.02), 0.6, n)
    local = rng.lognormal(0.0, 0.3, (n, len(MUNICIPALITIES)))
    uses_per_user = rng.uniform(1.3, 4.0, n)
    apply_rate = rng.uniform(0.05, 0.3, n)
    satisfaction = rng.uniform(60.0, 85.0, n)
    since = month - start[owner] + 1
    adoption = 1.0 - np.exp(-since / 12.0)
    _, calendar_month = _month_parts(month)
    season = 1.0 + 0.1 * np.sin(2 * np.pi * calendar_month / 12.0)
    noise = rng.lognormal(0.0, 0.1, len(owner))
    users = np.maximum(
        1.0,
        np.rint(population[muni] * reach[owner] * local[owner, muni] * adoption * season * noise),
    )
    value = np.select(
        [kind == 0, kind == 1, kind == 2],
        [
            users,
            np.rint(users * uses_per_user[owner] * noise),
            np.clip(
                np.rint(
                    (satisfaction[owner] + 12.0 * adoption + rng.normal(0, 3.0, len(owner))) * 10
                )
                / 10,
                0.0,
                100.0,
            ),
        ],
        np.maximum(0.0, np.rint(users * apply_rate[owner] * noise)),
    )

    # Labels, built with Arrow compute from small dictionaries.
    kind_idx = pa.array(kind)
    metric_names = pc.take(pa.array([k[1] for k in FIGURE_KINDS]), kind_idx)
    units = pc.take(pa.array([k[2] for k in FIGURE_KINDS]), kind_idx)
    categories = pc.take(pa.array([k[0] for k in FIGURE_KINDS]), kind_idx)
    codes = {name: code for code, (name, _en) in municipalities().items()}
    muni_codes = pc.take(pa.array([codes[m] for m, _ in MUNICIPALITIES]), pa.array(muni))
    years, months = _month_parts(np.arange(MONTHS))
    month_texts = pa.array([f"{y}年{m}月" for y, m in zip(years, months, strict=True)])
    as_of_text = pc.take(month_texts, pa.array(month))
    number_text = pc.if_else(pa.array(kind == 2), _one_decimal(value), _grouped(np.rint(value)))
    columns = {
        "initiative_id": pc.take(pa.array(ids), pa.array(owner)),
        "metric": metric_names,
        "value": value.astype(np.float64),
        "unit": units,
        "qualifier": pa.nulls(len(owner), pa.string()),
        "value_text": pc.binary_join_element_wise(number_text, units, ""),
        "category": categories,
        "as_of": pa.array(_month_dates()[month], pa.date32()),
        "as_of_text": as_of_text,
        "note": pa.nulls(len(owner), pa.string()),
        "source": pa.array(np.full(len(owner), SYNTHETIC_SOURCE, dtype=object), pa.string()),
        "municipality_code": muni_codes,
    }
    return _table("metrics", columns)


def _program_metrics(rng: np.random.Generator, models: pa.Table) -> pa.Table:
    """The program-wide figures the overview's headline cards read (synthetic values)."""
    counts = pc.value_counts(models.column("gunma_model").drop_null()).to_pylist()
    per_type = {c["values"]: c["counts"] for c in counts}
    wise = per_type.get(GUNMA_MODEL_TYPES[0], 0)
    example = per_type.get(GUNMA_MODEL_TYPES[1], 0)
    rate = float(np.round(rng.uniform(70, 95)))
    rows = [
        ("dx-acceleration-program", "達成率", rate, "%", f"{rate:.0f}%", "割合"),
        ("gunma-models", "群馬モデル件数", wise + example, "件", f"{wise + example:,}件", "件数"),
        (
            "gunma-models",
            "群馬モデル①ワイズスペンディングな取組",
            wise,
            "件",
            f"{wise:,}件",
            "件数",
        ),
        (
            "gunma-models",
            "群馬モデル②他自治体の見本となる取組",
            example,
            "件",
            f"{example:,}件",
            "件数",
        ),
    ]
    as_of = date(2026, 10, 1)
    columns = {
        "initiative_id": [r[0] for r in rows],
        "metric": [r[1] for r in rows],
        "value": [float(r[2]) for r in rows],
        "unit": [r[3] for r in rows],
        "qualifier": [None] * len(rows),
        "value_text": [r[4] for r in rows],
        "category": [r[5] for r in rows],
        "as_of": [as_of] * len(rows),
        "as_of_text": ["2026年10月"] * len(rows),
        "note": ["合成データ（架空の数値）"] * len(rows),
        "source": [SYNTHETIC_SOURCE] * len(rows),
        "municipality_code": pa.nulls(len(rows), pa.string()),  # prefecture-wide
    }
    return _table("metrics", columns)


def _survey(rng: np.random.Generator, scale: int) -> pa.Table:
    """One synthetic survey item per unit of scale, scored for 年度 2020–2025."""
    years = len(SURVEY_YEARS)
    base = rng.uniform(35.0, 60.0, scale)
    trend = rng.normal(1.0, 1.5, (scale, years)).cumsum(axis=1)
    scores = np.clip(np.round(base[:, None] + trend, 1), 0.0, 100.0)
    items = [
        f"{NAME_PREFIX}設問{i:05d}：デジタル化の恩恵を感じる（架空）" for i in range(1, scale + 1)
    ]
    columns = {
        "item": np.repeat(np.asarray(items, dtype=object), years).tolist(),
        "fiscal_year": np.tile(np.asarray(SURVEY_YEARS, dtype=np.int16), scale),
        "score": scores.ravel(),
        "unit": ["点"] * (scale * years),
        "method": ["合成データ：感じる=100、やや感じる=75 … 感じない=0 の平均（架空）"]
        * (scale * years),
        "source": [SYNTHETIC_SOURCE] * (scale * years),
    }
    return _table("survey", columns)


def _events(rng: np.random.Generator, ids: Sequence[str], start: np.ndarray) -> pa.Table:
    """About 0.3 events per unit of scale, plus the synthetic report's 公表 event."""
    n = round(EVENTS_PER_UNIT * len(ids))
    kinds = np.asarray(EVENT_KINDS)[rng.integers(0, len(EVENT_KINDS) - 1, n)]  # not 公表
    owner = rng.integers(0, len(ids), n)
    linked = rng.random(n) < 0.7
    month = np.where(linked, rng.integers(start[owner], MONTHS), rng.integers(0, MONTHS, n))
    year, mon = _month_parts(month)
    award = kinds == "受賞"
    muni = np.asarray([m for m, _ in MUNICIPALITIES])[rng.integers(0, len(MUNICIPALITIES), n)]
    program = np.where(~linked & (rng.random(n) < 0.5), PROGRAMS[0][0], None)
    rows_id = [f"synthetic-event-{i:05d}" for i in range(1, n + 1)] + ["synthetic-report"]
    columns = {
        "event_id": rows_id,
        "date": pa.array(
            np.concatenate([_month_dates()[month], [np.datetime64("2026-11-01")]]), pa.date32()
        ),
        "date_text": [f"{y}年{m}月" for y, m in zip(year, mon, strict=True)] + ["2026年11月"],
        "fiscal_year": np.concatenate([_fiscal_years(month), [2026]]).astype(np.int16),
        "kind": [*kinds.tolist(), "公表"],
        "title": [f"{NAME_PREFIX}イベント{i:05d}（{k}・架空）" for i, k in enumerate(kinds, 1)]
        + [f"{SYNTHETIC_LABEL}合成データの公表（架空）"],
        "detail": ["合成データ：ベンチマーク用の架空の出来事です"] * n
        + ["合成データ：実在しない数値の一式です"],
        "initiative_id": [ids[o] if lk else None for o, lk in zip(owner, linked, strict=True)]
        + [None],
        "program_id": [*program.tolist(), None],
        "municipality": [m if a else None for m, a in zip(muni, award, strict=True)] + [None],
        "award_category": ["合成部門（架空）" if a else None for a in award] + [None],
        "award_result": ["優勝" if a else None for a in award] + [None],
        "firsts": [[] for _ in range(n + 1)],
        "source": [SYNTHETIC_SOURCE] * (n + 1),
    }
    return _table("events", columns)


def generate_tables(scale: int = DEFAULT_SCALE, seed: int = DEFAULT_SEED) -> dict[str, pa.Table]:
    """Return every table of the synthetic dataset (deterministic for a scale and seed)."""
    _check_scale(scale)
    rng = np.random.default_rng([seed, scale])
    initiatives, start = _initiatives(rng, scale)
    ids = initiatives.column("initiative_id").to_pylist()
    metrics = pa.concat_tables([_program_metrics(rng, initiatives), _metrics(rng, ids, start)])
    report = _table(
        "report",
        {
            "title": [
                f"{SYNTHETIC_LABEL}日本最先端クラスデジタル県の実現について－DX推進実績－（架空の数値）"
            ],
            "publisher": ["合成データ（dxdash ベンチマーク用・実在しない）"],
            "published": pa.array([date(2026, 11, 1)], pa.date32()),
            "published_text": ["2026年11月作成（合成データ）"],
            "url": ["https://example.invalid/dxdash-synthetic"],
        },
    )
    programs = _table(
        "programs",
        {
            "program_id": [p[0] for p in PROGRAMS],
            "name": [p[1] for p in PROGRAMS],
            "started": pa.array([date(2021, 11, 1), None, None], pa.date32()),
            "started_text": ["2021年11月", None, None],
            "fiscal_year": pa.array([2021, None, None], pa.int16()),
            "summary": ["合成データ：架空のプログラムです"] * len(PROGRAMS),
            "source": [SYNTHETIC_SOURCE] * len(PROGRAMS),
        },
    )
    return {
        "report": report,
        "initiatives": initiatives,
        "programs": programs,
        "metrics": metrics,
        "survey": _survey(rng, scale),
        "events": _events(rng, ids, start),
    }


def _refuse_real_data(out_dir: Path) -> None:
    """Never write into the repository's data/ or over a directory of real tables."""
    target = out_dir.resolve()
    real = DEFAULT_DATA_DIR.resolve()
    if target == real or target.is_relative_to(real) or real.is_relative_to(target):
        raise ValueError(f"refusing to write synthetic data into or over the real data: {target}")
    report = out_dir / parquet_file_name("report")
    if report.exists():
        title = pq.read_table(report, columns=["title"]).column("title")[0].as_py()
        if not str(title).startswith(SYNTHETIC_LABEL):
            raise ValueError(f"{out_dir} holds real (non-synthetic) tables; choose another folder")
    current = out_dir / "CURRENT"
    if current.exists() and current.read_text(encoding="utf-8").strip() not in ("", "base"):
        raise ValueError(f"{current} points at an imported version; choose another folder")


def write_dataset(
    out_dir: str | Path,
    scale: int = DEFAULT_SCALE,
    seed: int = DEFAULT_SEED,
    *,
    validate: bool = True,
) -> dict[str, int]:
    """Generate, validate and write the synthetic tables into out_dir; return row counts."""
    out_dir = Path(out_dir)
    _refuse_real_data(out_dir)
    tables = generate_tables(scale, seed)
    if validate:
        validate_tables(tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in TABLE_NAMES:
        write_parquet(tables[name], out_dir / parquet_file_name(name))
    counts = {name: tables[name].num_rows for name in TABLE_NAMES}
    (out_dir / MARKER_FILE).write_text(
        f"# {SYNTHETIC_LABEL} dxdash synthetic dataset\n\n"
        "Every figure here is invented (合成データ), for benchmarks only. Never publish it.\n\n"
        f"- generator: dxdash.data.synthetic, scale {scale}, seed {seed}\n"
        + "".join(f"- {name}: {count:,} rows\n" for name, count in counts.items()),
        encoding="utf-8",
    )
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m dxdash.data.synthetic OUT_DIR [--scale N] [--seed S] [--no-validate]``."""
    parser = argparse.ArgumentParser(
        prog="python -m dxdash.data.synthetic",
        description="Write a SYNTHETIC (合成データ) dxdash data directory for benchmarks.",
    )
    parser.add_argument("out_dir", help="folder to write (never the repository's data/)")
    parser.add_argument("--scale", type=int, default=DEFAULT_SCALE, help="size (1000 = 1M figures)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--no-validate", action="store_true", help="skip validate_tables (faster, for profiling)"
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        counts = write_dataset(args.out_dir, args.scale, args.seed, validate=not args.no_validate)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    took = time.perf_counter() - began
    print(f"{SYNTHETIC_LABEL} wrote {args.out_dir} in {took:.1f} s")
    for name, count in counts.items():
        print(f"  {name}: {count:,} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
