"""The synthetic benchmark dataset: valid, labelled synthetic everywhere, linear, never the default."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from datetime import date

import pyarrow.compute as pc
import pytest

from dxdash.data import places, series, synthetic
from dxdash.data.dataset import (
    DATA_DIR_ENV,
    DEFAULT_DATA_DIR,
    REPO_ROOT,
    load_dataset,
    resolve_data_dir,
)
from dxdash.data.schema import TABLE_NAMES, parquet_file_name
from dxdash.data.validation import validate_tables
from dxdash.data.vocabulary import FIELDS, GUNMA_MODEL_TYPES
from dxdash.locale import get_locale


def _fingerprint_real_data() -> dict[str, str]:
    """Hash, size and mtime of the repository's data: the tables, their source and CURRENT."""
    paths = [*DEFAULT_DATA_DIR.glob("*.parquet"), *(DEFAULT_DATA_DIR / "source").rglob("*")]
    paths.append(DEFAULT_DATA_DIR / "CURRENT")
    prints = {}
    for path in sorted(paths):
        if path.is_file():
            stat = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            prints[str(path)] = f"{digest}:{stat.st_size}:{stat.st_mtime_ns}"
    assert any(p.endswith("metrics.parquet") for p in prints)
    return prints


@pytest.fixture(scope="module")
def small():
    return synthetic.generate_tables(scale=2)


def test_small_scale_is_valid(small):
    validate_tables(small)  # raises DataError on any problem


def test_every_table_is_labelled_synthetic(small):
    report = small["report"].to_pylist()[0]
    assert report["title"].startswith("【合成データ・ベンチマーク用】")
    assert "合成データ" in report["publisher"]
    for name in TABLE_NAMES:
        table = small[name]
        if "source" in table.column_names:
            sources = set(table.column("source").to_pylist())
            assert sources, name
            assert all("合成データ" in s for s in sources), name
    names = small["initiatives"].column("name").to_pylist()
    assert names
    assert all(n.startswith("合成") for n in names)
    assert all(n.startswith("合成") for n in small["initiatives"].column("short_name").to_pylist())
    assert all(n.startswith("合成") for n in small["programs"].column("name").to_pylist())


def test_vocabularies_labels_and_ranges(small):
    initiatives = small["initiatives"]
    assert set(initiatives.column("field").to_pylist()) <= set(FIELDS)
    assert set(initiatives.column("gunma_model").drop_null().to_pylist()) <= set(GUNMA_MODEL_TYPES)
    metrics = small["metrics"]
    monthly = metrics.filter(pc.starts_with(metrics.column("initiative_id"), "synthetic-"))
    assert set(monthly.column("category").to_pylist()) <= {"人数", "利用回数", "割合", "件数"}
    rows = monthly.to_pylist()
    for row in rows[:50]:
        # The month and the municipality are dimensions (as_of, municipality_code), not labels.
        month = f"{row['as_of'].year}年{row['as_of'].month}月"
        assert row["metric"] in {kind[1] for kind in synthetic.FIGURE_KINDS}, row
        assert row["as_of"].day == 1
        assert row["as_of_text"] == month
        assert row["value_text"].endswith(row["unit"])
    dates = monthly.column("as_of")
    assert str(pc.min(dates)) >= "2020-04-01"
    assert str(pc.max(dates)) <= "2026-10-01"
    percent = monthly.filter(pc.equal(monthly.column("unit"), "%")).column("value")
    assert pc.min(percent).as_py() >= 0
    assert pc.max(percent).as_py() <= 100
    codes = set(monthly.column("municipality_code").to_pylist())
    names = {places.municipality_name(code, get_locale("ja")) for code in codes}
    assert names <= {m for m, _ in synthetic.MUNICIPALITIES}
    assert len(codes) > 1
    assert len(synthetic.MUNICIPALITIES) == 35
    assert {m for m, _ in synthetic.MUNICIPALITIES} == {
        name for code, (name, _en) in places.municipalities().items() if code != "100005"
    }
    assert metrics.filter(pc.is_null(metrics.column("municipality_code"))).num_rows == 4


def test_latest_values_are_found_without_a_python_loop(small):
    """The newest value per (initiative, metric, municipality): one per series, the last month."""
    frame = small["metrics"].to_pandas(date_as_object=True)
    latest = series.latest(frame)
    monthly = latest.loc[latest["initiative_id"].str.startswith("synthetic-")]
    assert (monthly["as_of"] == date(2026, 10, 1)).all()  # every series runs to 2026-10
    assert (monthly["values"] >= 2).all()
    assert monthly["values"].sum() + 4 == len(frame)


def test_row_counts_scale_linearly():
    counts = {}
    for scale in (10, 20, 40):
        tables = synthetic.generate_tables(scale=scale)
        counts[scale] = {name: tables[name].num_rows for name in TABLE_NAMES}
    for name in ("initiatives", "metrics", "survey"):
        step = counts[20][name] - counts[10][name]
        assert step > 0
        assert counts[40][name] - counts[20][name] == 2 * step, name
    assert counts[10]["initiatives"] == 10
    assert counts[10]["metrics"] == 10 * synthetic.FIGURES_PER_INITIATIVE + 4
    # Events are rounded to whole rows: linear within one row.
    assert abs((counts[40]["events"] - 1) - 4 * (counts[10]["events"] - 1)) <= 2


def test_generation_is_deterministic():
    first = synthetic.generate_tables(scale=3, seed=7)
    again = synthetic.generate_tables(scale=3, seed=7)
    other = synthetic.generate_tables(scale=3, seed=8)
    for name in TABLE_NAMES:
        assert first[name].equals(again[name]), name
    assert not first["metrics"].equals(other["metrics"])


def test_cli_writes_a_servable_data_dir_and_never_touches_real_data(tmp_path):
    before = _fingerprint_real_data()
    out = tmp_path / "synthetic"
    result = subprocess.run(
        [sys.executable, "-m", "dxdash.data.synthetic", str(out), "--scale", "2"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "合成データ" in result.stdout
    for name in TABLE_NAMES:
        assert (out / parquet_file_name(name)).exists()
    assert "合成データ" in (out / synthetic.MARKER_FILE).read_text(encoding="utf-8")
    dataset = load_dataset(out)  # what DXDASH_DATA_DIR=out serves, validated
    assert dataset.report["title"].startswith(synthetic.SYNTHETIC_LABEL)
    assert "合成データ" in dataset.source_note
    assert len(dataset.initiatives) == 2
    assert _fingerprint_real_data() == before


def test_refuses_to_write_into_real_data(tmp_path):
    before = _fingerprint_real_data()
    for target in (DEFAULT_DATA_DIR, DEFAULT_DATA_DIR / "synthetic", REPO_ROOT):
        with pytest.raises(ValueError, match="real data"):
            synthetic.write_dataset(target, scale=1)
    # A folder of real (non-synthetic) tables is refused too.
    real_copy = tmp_path / "real"
    real_copy.mkdir()
    (real_copy / "report.parquet").write_bytes((DEFAULT_DATA_DIR / "report.parquet").read_bytes())
    with pytest.raises(ValueError, match="non-synthetic"):
        synthetic.write_dataset(real_copy, scale=1)
    assert _fingerprint_real_data() == before


def test_app_never_loads_synthetic_data_by_default(monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    assert resolve_data_dir() == DEFAULT_DATA_DIR == REPO_ROOT / "data"
    title = load_dataset().report["title"]
    assert not title.startswith(synthetic.SYNTHETIC_LABEL)
    assert "合成" not in title
