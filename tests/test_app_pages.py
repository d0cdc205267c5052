"""AppTest: every page runs through app.py, under filter combinations from the URL, and on bad data."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import REPO_ROOT
from dxdash.locale import get_locale
from dxdash.render.streamlit import blocks
from dxdash.story.build import GROUP_KEYS, build_story
from dxdash.story.filters import Filters
from tests.fixtures import copy_repo_data

APP = str(REPO_ROOT / "app.py")

# page script → (title, number of charts drawn with no filter)
PAGES = {
    "app_pages/overview.py": ("群馬県 DX推進実績", 2),
    "app_pages/initiatives.py": ("施策一覧", 0),
    "app_pages/metrics.py": ("利用実績", 1),  # the open tab's group (group_tabs.group_tab)
    "app_pages/gunma_model.py": ("群馬モデル", 1),
    "app_pages/evaluation.py": ("外部評価", 1),
    "app_pages/history.py": ("推進経過", 2),
    "app_pages/figure.py": ("数値の定義", 0),  # the index of every figure (no ?id=)
}


def run_app(page: str | None = None, **params: str | list[str]) -> AppTest:
    """Run app.py (optionally switched to a page) with URL query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_frames(at: AppTest) -> list[pd.DataFrame]:
    """The data behind every Vega-Lite chart on the page (Arrow IPC in proto.datasets)."""
    frames = []
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            frames.append(pa.ipc.open_stream(dataset.data.data).read_all().to_pandas())
    return frames


def dataframe_values(at: AppTest, column: str) -> list:
    """Values of one column across the page's st.dataframe tables that have it."""
    values = []
    for frame in at.dataframe:
        if column in frame.value.columns:
            values += list(frame.value[column])
    return values


@pytest.mark.parametrize(("page", "expected"), list(PAGES.items()), ids=list(PAGES))
def test_every_page_runs_with_its_title_and_charts(page, expected):
    title, charts = expected
    at = run_app(page)
    assert at.title[0].value == title
    assert len(at.get("vega_lite_chart")) == charts
    assert at.sidebar.multiselect(key="field") is not None  # the shared filters are there
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        assert spec["config"]["axis"]["labelFont"].startswith('"Noto Sans JP"')
        assert chart.proto.alt


def test_overview_charts_carry_the_reports_figures():
    usage, rates = chart_frames(run_app())
    assert dict(zip(usage["display"], usage["value"], strict=True))["約80万人"] == 800_000
    assert "89%（見込）" in set(rates["display"])
    assert rates["value"].max() <= 100


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"field": ["健康"]}, id="field"),
        pytest.param({"field": ["教育"], "fy": ["2022", "2022"]}, id="field+year"),
        pytest.param({"model": ["ワイズスペンディング"]}, id="model"),
        pytest.param({"q": "LINE"}, id="keyword"),
        pytest.param({"field": ["農業"], "model": ["ワイズスペンディング"]}, id="empty-result"),
        pytest.param({"fy": ["2023", "2023"], "q": "存在しない言葉"}, id="empty-keyword"),
    ],
)
def test_filter_combinations_never_break_a_page(page, params):
    at = run_app(page, **params)
    assert at.title
    for frame in chart_frames(at):
        assert not frame.empty  # never an empty chart: a message instead


def test_empty_result_shows_a_friendly_message():
    at = run_app("app_pages/initiatives.py", field=["農業"], model=["ワイズスペンディング"])
    assert any("条件に合うデータはありません" in info.value for info in at.info)


def test_education_launches_in_2022():
    """Done-when question: what launched in 2022年度 in education — by filters."""
    at = run_app("app_pages/initiatives.py", field=["教育"], fy=["2022", "2022"])
    names = dataframe_values(at, "施策")
    assert sorted(names) == sorted(
        [
            "「群馬デジタルイノベーションチャレンジ」",
            "ライフ・ログ(健康データ)の利活用モデル校事業",
            "選手トレーニングのための多視点動画撮影システムを整備",
        ]
    )


def test_wise_spending_models():
    """Done-when question: which initiatives are Gunma models of the wise-spending type."""
    at = run_app("app_pages/gunma_model.py", model=["ワイズスペンディング"])
    assert sorted(dataframe_values(at, "事業名")) == [
        "ぐんまワクチン手帳",
        "動画・放送スタジオ「tsulunos」の運営",
    ]


def test_filters_describe_themselves_and_reset():
    at = run_app(field=["健康"], q="ワクチン")
    summary = " ".join(m.value for m in at.sidebar.markdown)
    assert "分野：健康" in summary
    assert "キーワード：「ワクチン」" in summary
    at.sidebar.button(key="sidebar_reset").click().run()
    assert at.session_state["field"] == []
    assert at.session_state["q"] == ""


def test_detail_view_by_url():
    at = run_app("app_pages/initiatives.py")
    at.query_params["id"] = "line-digital-window"
    at.run()
    assert at.title[0].value == "県公式LINEアカウント「群馬県デジタル窓口」"
    page_html = " ".join(h.proto.body for h in at.get("html"))
    assert "約80万人" in page_html
    assert "2023年10月時点" in page_html


def test_unknown_detail_id_is_a_warning_not_an_error():
    at = run_app("app_pages/initiatives.py")
    at.query_params["id"] = "no-such-initiative"
    at.run()
    assert not at.exception
    assert "見つかりません" in at.warning[0].value


def test_metrics_page_log_scale_from_url():
    at = run_app("app_pages/metrics.py", scale="対数", group="counts")
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    scales = [
        layer["encoding"]["x"]["scale"].get("type")
        for spec in specs
        for layer in spec["layer"][:1]
        if "x" in layer["encoding"]
    ]
    assert "log" in scales  # the 件数 group spans 6,000本 to 2件: more than 1000×


@pytest.fixture
def broken_data_dir(tmp_path, monkeypatch):
    copy = copy_repo_data(tmp_path / "data")
    (copy / "metrics.parquet").write_bytes(b"broken")
    monkeypatch.setenv("DXDASH_DATA_DIR", str(copy))
    return copy


def test_bad_data_shows_japanese_error_not_traceback(broken_data_dir):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    shown = at.error[0].value.replace("\\", "")  # data text is Markdown-escaped
    assert "metrics.parquet: Parquetファイルとして読めません" in shown


def test_last_good_data_keeps_serving_after_a_bad_update(tmp_path, monkeypatch):
    copy = copy_repo_data(tmp_path / "data")
    monkeypatch.setenv("DXDASH_DATA_DIR", str(copy))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.error
    (copy / "events.parquet").write_bytes(b"half-written")
    at.run()
    assert not at.exception
    assert "前回の正しいデータを表示しています" in at.error[0].value
    assert "events.parquet" in at.error[0].value.replace("\\", "")
    assert at.title[0].value == "群馬県 DX推進実績"
    assert len(at.get("vega_lite_chart")) == 2


def test_table_alternatives_are_built_only_when_opened():
    """表で見る is lazy: a closed expander sends no table; opening it draws the chart's rows."""
    at = run_app()
    assert [e.label for e in at.expander].count("表で見る・ダウンロード") == 2
    assert [e.label for e in at.expander].count("リンク・埋め込み") == 2
    assert not at.dataframe
    assert not at.code  # the share panels are lazy too
    at.session_state["overview_usage_chart_table"] = True  # what clicking the expander sets
    at.run()
    assert len(at.dataframe) == 1
    assert "約80万人" in set(dataframe_values(at, "数値（報告書の表記）"))
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"CSV", "Excel", "画像（PNG）", "画像（SVG）"} <= set(labels)


def _chart_places(at: AppTest) -> dict[str, int]:
    """Each chart's key → the position of its section in the page's main block."""
    places = {}
    for index, node in at.main.children.items():
        for chart in node.get("vega_lite_chart") if hasattr(node, "get") else []:
            places[chart.proto.id.rsplit("-", 1)[-1]] = index
    return places


def _headings(at: AppTest) -> list[str]:
    """The page's section headings (h3 and takeaway, one st.html each: blocks.section_heading)."""
    return [h.proto.body for h in at.get("html") if h.proto.body.startswith("<h3")]


def test_metrics_has_a_tab_per_group_and_draws_only_the_open_one(dataset):
    """利用実績 shows one group at a time: a tab per group (the story's titles), the open one
    from ?group= (the first without), and only its section drawn: one chart per filter change."""
    story = build_story(dataset, Filters(), get_locale("ja"))
    titles = [story[key].title for key in GROUP_KEYS]
    for group, key in [
        (None, "group.people"),
        ("money", "group.money"),
        ("ＲＡＴＥＳ", "group.rates"),
    ]:
        at = run_app("app_pages/metrics.py", **({"group": group} if group else {}))
        assert [tab.label for tab in at.tabs] == titles
        assert [chart.key for chart in at.get("vega_lite_chart")] == [
            f"metrics_chart_{key.removeprefix('group.')}"
        ]
        headings = _headings(at)
        assert len(headings) == 1
        anchor = f'id="dx-chart-{key.replace(".", "-")}" tabindex="-1"'
        assert headings[0].startswith(
            f'<h3 class="dx-section-title" {anchor}>{story[key].title}</h3>'
        )
        counts = next(
            h.proto.body for h in at.get("html") if "グループごとの数値の件数" in h.proto.body
        )
        assert f"{story[key].title} {story[key].total}件" in counts


def test_metrics_chart_keeps_its_place_under_a_filter():
    """The open tab's chart keeps its key and position when a filter changes its rows, so the
    browser updates it in place instead of embedding it anew."""
    everything = _chart_places(run_app("app_pages/metrics.py"))
    health = _chart_places(run_app("app_pages/metrics.py", field=["健康"]))
    assert list(everything) == ["metrics_chart_people"]
    assert health == everything


def test_a_group_the_filter_leaves_out_keeps_its_chart_on_standby():
    """Once drawn, the open group's chart stays in its slot when a filter empties the group:
    hidden (its heading carries blocks.STANDBY_CHART_CLASS, which inject_css uses) and with no rows,
    under the group's message, so bringing the group back gives the same chart its rows instead of
    embedding a new Vega view."""
    at = run_app("app_pages/metrics.py", group="rates")  # 健康 has no 割合
    everything = _chart_places(at)
    at.session_state["field"] = ["健康"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert _chart_places(at) == everything  # the chart in its place, hidden
    assert [len(frame) for frame in chart_frames(at)] == [0]
    assert [h for h in _headings(at) if blocks.STANDBY_CHART_CLASS in h]
    assert "この絞り込みに該当する、このグループの数値はありません。" in [i.value for i in at.info]
    at.session_state["field"] = []
    at.run()
    assert _chart_places(at) == everything
    assert all(len(frame) for frame in chart_frames(at))
    assert _headings(at)
    assert not [h for h in _headings(at) if blocks.STANDBY_CHART_CLASS in h]
