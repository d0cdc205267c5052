"""Figures over time: the change sentence, the newest value per figure, municipality codes, pages."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data import places, series
from dxdash.data.dataset import REPO_ROOT, load_dataset, read_tables
from dxdash.data.places import check_digit
from dxdash.data.series import Value, figure_change
from dxdash.locale import get_locale
from dxdash.story import figures, tables
from tests.fixtures import copy_repo_data, write_tables
from tests.test_app_pages import run_app

LINE = "line-digital-window"
OCT, MAR = date(2023, 10, 1), date(2024, 3, 31)

# (old, new, Japanese, English) — qualifiers respected, precision never invented.
CHANGES = [
    pytest.param(
        Value(800_000, "人", "約", "約80万人", OCT, "2023年10月"),
        Value(850_000, "人", "約", "約85万人", MAR, "2024年3月末"),
        "約80万人 → 約85万人（＋約5万人、2023年10月→2024年3月）",
        "about 800,000 → about 850,000 people (+about 50,000, Oct 2023 → Mar 2024)",
        id="approximate",
    ),
    pytest.param(
        Value(12_345, "回", None, "12,345回", OCT),
        Value(12_000, "回", None, "12,000回", MAR),
        "12,345回 → 12,000回（－345回、2023年10月→2024年3月）",
        "12,345 → 12,000 times (−345, Oct 2023 → Mar 2024)",
        id="exact-decrease",
    ),
    pytest.param(
        Value(54_000, "人", "約", "約5万4千人", OCT),
        Value(70_000, "人", None, "7万人", MAR),
        "約5万4千人 → 7万人（＋約2万人、2023年10月→2024年3月）",
        "about 54,000 → 70,000 people (+about 20,000, Oct 2023 → Mar 2024)",
        id="coarser-place-wins",
    ),
    pytest.param(
        Value(6_000, "本", "超", "6,000本超", OCT),
        Value(7_000, "本", "超", "7,000本超", MAR),
        "6,000本超 → 7,000本超（2023年10月→2024年3月）",
        "over 6,000 → over 7,000 items (Oct 2023 → Mar 2024)",
        id="bounds-no-difference",
    ),
    pytest.param(
        Value(89, "%", "見込", "89%", OCT),
        Value(91.5, "%", None, "91.5%", MAR),
        "89%（見込） → 91.5%（＋約3%、2023年10月→2024年3月）",
        "89% (projected) → 91.5% (+about 3, Oct 2023 → Mar 2024)",
        id="projected-is-approximate",
    ),
    pytest.param(
        Value(3, "件", None, "3件", OCT),
        Value(3, "人", None, "3人", MAR),
        "3件 → 3人（2023年10月→2024年3月）",
        "3 cases → 3 people (Oct 2023 → Mar 2024)",
        id="units-differ",
    ),
    pytest.param(
        Value(3.5e8, "円", "約", "約3億5,000万円"),
        Value(3.5e8, "円", "約", "約3.5億円"),
        "約3億5,000万円 → 約3.5億円（±約0円）",
        "about 350,000,000 → about 350,000,000 yen (±about 0)",
        id="no-dates-no-change",
    ),
    pytest.param(
        Value(1.2e8, "円", None, "1.2億円"),
        Value(2.63e8, "円", None, "2.63億円"),
        "1.2億円 → 2.63億円（＋1.43億円）",
        "120,000,000 → 263,000,000 yen (+143,000,000)",
        id="oku-decimals",
    ),
]


@pytest.mark.parametrize(("old", "new", "ja", "en"), CHANGES)
def test_figure_change(old: Value, new: Value, ja: str, en: str):
    assert figure_change(old, new, get_locale("ja")) == ja
    assert figure_change(old, new, get_locale("en")) == en


def test_municipality_codes_have_valid_check_digits():
    with places.MUNICIPALITIES_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["code", "name", "name_en"]
    assert rows[0] == {"code": "100005", "name": "群馬県", "name_en": "Gunma Prefecture"}
    assert len(rows) == 36  # the prefecture and its 35 municipalities
    assert sum(r["name"].endswith("市") for r in rows) == 12
    assert sum(r["name"].endswith("町") for r in rows) == 15
    assert sum(r["name"].endswith("村") for r in rows) == 8
    for row in rows:
        code = row["code"]
        assert len(code) == 6, code
        assert code.isdigit(), code
        assert code.startswith("10"), code
        assert int(code[5]) == check_digit(code[:5]), code
    assert len({r["name"] for r in rows}) == len({r["name_en"] for r in rows}) == 36
    assert {"102016": "前橋市", "102024": "高崎市", "105244": "大泉町"}.items() <= {
        r["code"]: r["name"] for r in rows
    }.items()


def _metrics(rows: list[dict]) -> pd.DataFrame:
    base = {
        "unit": "人",
        "qualifier": None,
        "as_of_text": None,
        "municipality_code": None,
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def test_latest_keeps_report_order_and_attaches_the_previous_value():
    metrics = _metrics(
        [
            {"initiative_id": "a", "metric": "m", "value": 1.0, "value_text": "1人", "as_of": OCT},
            {"initiative_id": "b", "metric": "m", "value": 5.0, "value_text": "5人", "as_of": None},
            {"initiative_id": "a", "metric": "m", "value": 3.0, "value_text": "3人", "as_of": MAR},
            {
                "initiative_id": "a",
                "metric": "m",
                "value": 2.0,
                "value_text": "2人",
                "as_of": date(2023, 12, 1),
            },
            {
                "initiative_id": "a",
                "metric": "m",
                "value": 9.0,
                "value_text": "9人",
                "as_of": OCT,
                "municipality_code": "102016",
            },
        ]
    )
    latest = series.latest(metrics)
    assert list(latest["value_text"]) == ["3人", "5人", "9人"]
    assert [t if isinstance(t, str) else None for t in latest["previous_value_text"]] == [
        "2人",
        None,
        None,
    ]
    assert list(latest["values"]) == [3, 1, 1]
    assert series.change_texts(latest, get_locale("ja")) == [
        "2人 → 3人（＋1人、2023年12月→2024年3月）",
        "",
        "",
    ]


def test_latest_of_an_empty_table_is_empty():
    columns = ["initiative_id", "metric", "value", "value_text", "as_of"]
    latest = series.latest(
        _metrics([]).reindex(columns=[*columns, "unit", "qualifier", "as_of_text"])
    )
    assert latest.empty
    assert "previous_value_text" in latest.columns


def test_the_report_has_one_value_per_figure(dataset):
    assert len(dataset.latest) == len(dataset.metrics) == 34
    assert (dataset.latest["values"] == 1).all()
    assert dataset.latest["previous_value_text"].isna().all()


# --- a newer value of LINE 友だち登録数 --------------------------------------------------------


def newer_line_data(directory: Path) -> Path:
    """A data directory holding the report's data plus LINE 友だち登録数 約85万人 (2024年3月末)."""
    copy_repo_data(directory)
    tables = read_tables(directory)
    metrics = tables["metrics"].to_pylist()
    old = next(r for r in metrics if r["initiative_id"] == LINE and r["metric"] == "友だち登録数")
    metrics.append(
        {
            **old,
            "value": 850_000.0,
            "value_text": "約85万人",
            "as_of": MAR,
            "as_of_text": "2024年3月末",
        }
    )
    tables["metrics"] = pa.Table.from_pylist(metrics, schema=tables["metrics"].schema)
    return write_tables(tables, directory)


@pytest.fixture(scope="module")
def newer(tmp_path_factory) -> Path:
    return newer_line_data(tmp_path_factory.mktemp("newer") / "data")


def test_views_lead_with_the_newest_value_and_its_change(newer):
    ds = load_dataset(newer)
    assert len(ds.metrics) == 35
    assert len(ds.latest) == 34
    labelled = figures.with_labels(ds.latest, ds.initiatives, ds.programs, get_locale("ja"))
    line = figures.find_figure(labelled, LINE, "友だち登録数")
    assert line["display"] == "約85万人"
    assert line["as_of_display"] == "2024年3月末"
    assert line["change_display"] == "約80万人 → 約85万人（＋約5万人、2023年10月→2024年3月）"
    assert line["bar_label"].endswith("＋約5万人")
    card = next(
        k for k in figures.headline_usage(labelled, get_locale("ja")) if k.initiative_id == LINE
    )
    assert (card.display, card.change) == ("約85万人", line["change_display"])
    english = figures.with_labels(ds.latest, ds.initiatives, ds.programs, get_locale("en"))
    line_en = figures.find_figure(english, LINE, "友だち登録数")
    assert line_en["display"] == "about 850,000 people"
    assert line_en["change_display"] == (
        "about 800,000 → about 850,000 people (+about 50,000, Oct 2023 → Mar 2024)"
    )
    history = figures.figure_history(ds.metrics, line, get_locale("ja"))
    assert list(history["display"]) == ["約80万人", "約85万人"]


def test_snapshot_diff_lists_the_newer_value_as_added(newer):
    before = load_dataset(REPO_ROOT / "data")
    after = load_dataset(newer)
    changes = tables.figure_changes(before.metrics, after.metrics, after.initiatives)
    shown = tables.changes_table(changes, get_locale("ja")).shown()  # as the page shows it
    assert shown.to_dict("records") == [
        {
            "変化": "追加",
            "施策": after.initiatives.set_index("initiative_id").loc[LINE, "short_name"],
            "指標": "友だち登録数",
            "以前": "—",
            "現在": "約85万人（2024年3月末）",
        }
    ]


def _run(page: str, data: Path, monkeypatch, **params: str) -> AppTest:
    monkeypatch.setenv("DXDASH_DATA_DIR", str(data))
    return run_app(page, **params)


def _html(at: AppTest) -> str:
    return "\n".join(str(h.proto.body) for h in at.get("html"))


def _section_titles(at: AppTest) -> list[str]:
    """The chart sections' titles (blocks.section_heading: an h3 in st.html, with the takeaway)."""
    return re.findall(r'<h3 class="dx-section-title">([^<]*)</h3>', _html(at))


def test_overview_card_shows_the_newest_value_with_its_change(newer, monkeypatch):
    at = _run("app_pages/overview.py", newer, monkeypatch)
    html = _html(at)
    assert "約85万人" in html
    assert "約80万人 → 約85万人（＋約5万人、2023年10月→2024年3月）" in html


def test_detail_page_draws_the_history(newer, monkeypatch):
    at = _run("app_pages/initiatives.py", newer, monkeypatch, id=LINE)
    assert any(title.startswith("推移：") for title in _section_titles(at))
    charts = at.get("vega_lite_chart")
    frames = []
    for chart in charts:
        for data in chart.proto.datasets:
            frames.append(pa.ipc.open_stream(data.data.data).read_all().to_pandas())
    history = [f for f in frames if "when" in f.columns]
    assert len(history) == 1
    assert list(history[0]["display"]) == ["約80万人", "約85万人"]


def test_metrics_page_draws_the_history_in_english(newer, monkeypatch):
    at = _run("app_pages/metrics.py", newer, monkeypatch, lang="en", group="history")
    assert [tab.label for tab in at.tabs][-1] == "Over time"
    assert _section_titles(at) == ["History: LINE “Gunma Digital Window”: Registered friends"]
    assert "Over time: one figure" in _html(at)  # the line of counts above the tabs


def test_metrics_page_has_a_history_tab_only_when_the_data_has_a_history(newer, monkeypatch):
    """推移 is a tab of its own after the groups, when any figure has two or more values."""
    report = _run("app_pages/metrics.py", REPO_ROOT / "data", monkeypatch)
    assert "推移" not in [tab.label for tab in report.tabs]
    with_history = _run("app_pages/metrics.py", newer, monkeypatch)
    assert [tab.label for tab in with_history.tabs][-1] == "推移"
    assert not [t for t in _section_titles(with_history) if t.startswith("推移：")]  # not open
    at = _run("app_pages/metrics.py", newer, monkeypatch, group="history", field="教育")
    assert "この絞り込みでは、値が2つ以上ある数値はありません。" in [i.value for i in at.info]


def test_latest_on_arrow_matches_pandas(newer):
    tables = read_tables(newer)
    from_arrow = series.latest_table(tables["metrics"]).to_pandas()
    from_pandas = series.latest(load_dataset(newer).metrics)
    columns = ["initiative_id", "metric", "value_text", "previous_value_text", "values"]
    assert from_arrow[columns].astype(str).values.tolist() == (
        from_pandas[columns].astype(str).values.tolist()
    )
    assert from_arrow["values"].tolist().count(2) == 1


def test_detail_page_breaks_figures_down_by_municipality(tmp_path, monkeypatch):
    data = copy_repo_data(tmp_path / "data")
    tables = read_tables(data)
    metrics = tables["metrics"].to_pylist()
    old = next(r for r in metrics if r["initiative_id"] == LINE and r["metric"] == "友だち登録数")
    for code, value in (("102016", 90_000.0), ("102024", 100_000.0)):
        metrics.append(
            {
                **old,
                "value": value,
                "value_text": f"約{value / 10_000:.0f}万人",
                "municipality_code": code,
            }
        )
    tables["metrics"] = pa.Table.from_pylist(metrics, schema=tables["metrics"].schema)
    write_tables(tables, data)
    at = _run("app_pages/initiatives.py", data, monkeypatch, id=LINE)
    assert "市町村別：友だち登録数" in _section_titles(at)
    html = _html(at)
    assert "友だち登録数（前橋市）" not in html  # no card per municipality
    bars = [
        pa.ipc.open_stream(d.data.data).read_all().to_pandas()
        for chart in at.get("vega_lite_chart")
        for d in chart.proto.datasets
    ]
    labels = [label for frame in bars if "label" in frame for label in frame["label"]]
    assert any(label.endswith("友だち登録数（前橋市）") for label in labels), labels
    assert any(label.endswith("友だち登録数（高崎市）") for label in labels), labels


def test_a_version_stored_before_municipality_codes_still_loads(tmp_path):
    data = copy_repo_data(tmp_path / "data")
    tables = read_tables(data)
    tables["metrics"] = tables["metrics"].drop_columns(["municipality_code"])
    write_tables(tables, data)
    ds = load_dataset(data)
    assert ds.metrics["municipality_code"].isna().all()
    assert len(ds.latest) == 34


def test_a_history_chart_a_filter_hides_waits_in_its_place(newer, monkeypatch):
    """History charts are keyed by place; when a filter leaves a place empty its chart stays
    there with no rows (hidden on standby), and comes back with its rows in the same place."""

    def history_rows(at: AppTest) -> list[int]:
        """Rows of each chart in 利用実績's 推移 tab (the history charts), in order."""
        return [
            sum(len(pa.ipc.open_stream(d.data.data).read_all()) for d in chart.proto.datasets)
            for chart in at.get("vega_lite_chart")
            if "metrics_chart_" not in chart.proto.id
        ]

    at = _run("app_pages/metrics.py", newer, monkeypatch, group="history")
    assert history_rows(at) == [2]  # LINE: 約80万人 → 約85万人
    at.session_state["field"] = ["教育"]  # LINE is 行政: no history under 教育
    at.run()
    assert not at.exception
    assert history_rows(at) == [0]  # the same chart, on standby
    assert "_dx_standby_metrics_history_0" in at.session_state
    at.session_state["field"] = []
    at.run()
    assert history_rows(at) == [2]
    # one alt text for the place: a new one would make Streamlit's frontend embed the chart anew
    alts = {c.proto.alt for c in at.get("vega_lite_chart") if "metrics_chart_" not in c.proto.id}
    assert alts == {"上の見出しの数値の推移の折れ線グラフ"}


def test_the_history_tabs_count_is_the_history_charts_total(newer):
    """Story.heads' 推移 count (no labels) is the count the 推移 tab's charts are chosen from."""
    from dxdash.locale import get_locale
    from dxdash.story.build import HISTORY_KEY, build_story
    from dxdash.story.filters import Filters

    data = load_dataset(newer)
    for filters in (Filters(), Filters(fields=("教育",)), Filters(fields=("行政",))):
        story = build_story(data, filters, get_locale("ja"))
        [(key, title, total)] = story.heads((HISTORY_KEY,))
        assert (key, title) == (HISTORY_KEY, "推移")
        section = story[HISTORY_KEY]
        assert (section.title, section.total) == (title, total)
        assert section.shown == min(total, 6)


def test_a_figures_page_draws_its_history_line_and_table(newer, monkeypatch):
    at = _run("app_pages/figure.py", newer, monkeypatch, id="line-friends")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    frame = pa.ipc.open_stream(charts[0].proto.datasets[0].data.data).read_all().to_pandas()
    assert list(frame["display"]) == ["約80万人", "約85万人"]
    assert charts[0].proto.alt == "上の見出しの数値の推移の折れ線グラフ"
    assert "この数値には時点の異なる値が2件あります。古い順に並べています。" in [
        c.value for c in at.caption
    ]
    report = _run("app_pages/figure.py", REPO_ROOT / "data", monkeypatch, id="line-friends")
    assert not report.get("vega_lite_chart")  # one value: no line to draw
