"""Meeting snapshots: pinned data and filters survive a data import; changes are listed."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data import snapshots, store
from dxdash.data.dataset import REPO_ROOT, load_dataset, read_tables
from dxdash.data.validation import DataError
from dxdash.locale import get_locale
from dxdash.story import tables

APP = str(REPO_ROOT / "app.py")


def _import_new_line_figure(directory, value: float, text: str) -> str:
    """Store a new version where LINE's 友だち登録数 changed (as an import would)."""
    tables = read_tables(directory)
    metrics = tables["metrics"]
    hit = pc.and_(
        pc.equal(metrics["initiative_id"], "line-digital-window"),
        pc.equal(metrics["metric"], "友だち登録数"),
    )
    values = pc.if_else(hit, value, metrics["value"])
    texts = pc.if_else(hit, text, metrics["value_text"])
    metrics = metrics.set_column(metrics.schema.get_field_index("value"), "value", values)
    metrics = metrics.set_column(
        metrics.schema.get_field_index("value_text"), "value_text", texts.cast(pa.string())
    )
    return store.write_version(directory, {**tables, "metrics": metrics}, "テスト更新")


def test_snapshot_of_base_keeps_its_own_copy(data_dir):
    snap = snapshots.create_snapshot(data_dir, {"field": ["行政"]})
    assert snap.version_id == "base"
    assert snapshots.snapshot_data_dir(data_dir, snap) != data_dir
    assert snapshots.load_snapshot(data_dir, snap.snapshot_id).params == {"field": ["行政"]}


@pytest.mark.parametrize("bad", ["../../etc", "", "20261126-zzzzzz", "20261126-abcdef"])
def test_bad_or_unknown_snapshot_ids_are_refused(data_dir, bad):
    with pytest.raises(DataError, match="スナップショット"):
        snapshots.load_snapshot(data_dir, bad)


def test_snapshot_survives_an_import(data_dir):
    snap = snapshots.create_snapshot(data_dir, {})
    _import_new_line_figure(data_dir, 850_000, "約85万人")
    pinned = load_dataset(snapshots.snapshot_data_dir(data_dir, snap))
    current = load_dataset(data_dir)
    line = "initiative_id == 'line-digital-window' and metric == '友だち登録数'"
    assert pinned.metrics.query(line)["value_text"].iloc[0] == "約80万人"
    assert current.metrics.query(line)["value_text"].iloc[0] == "約85万人"
    changes = tables.figure_changes(pinned.metrics, current.metrics, current.initiatives)
    shown = tables.changes_table(changes, get_locale("ja")).shown()  # as the page shows it
    assert shown.to_dict("records") == [
        {
            "変化": "変更",
            "施策": "LINE「群馬県デジタル窓口」",
            "指標": "友だち登録数",
            "以前": "約80万人（2023年10月）",
            "現在": "約85万人（2023年10月）",
        }
    ]
    english = tables.changes_table(changes, get_locale("en")).shown()
    assert english.columns.tolist() == ["Change", "Initiative", "Measure", "Before", "Now"]
    assert english["Change"].tolist() == ["Changed"]  # the report's wording stays as printed
    assert english["Now"].tolist() == ["約85万人（2023年10月）"]


def test_snapshot_of_an_imported_version_points_at_it(data_dir):
    version = _import_new_line_figure(data_dir, 850_000, "約85万人")
    snap = snapshots.create_snapshot(data_dir, {})
    assert snap.version_id == version
    store.rollback(data_dir, "base")
    pinned = load_dataset(snapshots.snapshot_data_dir(data_dir, snap))
    assert "約85万人" in set(pinned.metrics["value_text"])


def test_save_button_then_open_link_after_an_import(data_dir):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["field"] = ["行政"]
    at.run()
    at.button(key="sidebar_snapshot").click().run()
    snapshot_id = at.query_params["snapshot"]
    assert snapshots.SNAPSHOT_ID.match(snapshot_id)
    assert "スナップショットを保存しました" in at.info[0].value

    _import_new_line_figure(data_dir, 850_000, "約85万人")

    colleague = AppTest.from_file(APP, default_timeout=60)
    colleague.query_params["snapshot"] = snapshot_id  # the link alone
    colleague.run()
    assert not colleague.exception
    assert colleague.session_state["field"] == ["行政"]  # the pinned filter came back
    page = " ".join(h.proto.body for h in colleague.get("html"))
    assert "約80万人" in page
    assert "約85万人" not in page
    changes = [e for e in colleague.expander if "変わった数値" in e.label]
    assert changes[0].label == "このスナップショット以降に変わった数値（1件）"

    latest = AppTest.from_file(APP, default_timeout=60)
    latest.run()
    assert "約85万人" in " ".join(h.proto.body for h in latest.get("html"))


def test_unknown_snapshot_link_shows_latest_with_a_warning(data_dir):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["snapshot"] = "20200101-000000"
    at.run()
    assert not at.exception
    assert "見つかりません" in at.warning[0].value
