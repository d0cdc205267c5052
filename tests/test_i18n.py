"""Japanese/English: no translation missing in either language, and every page works in English."""

from __future__ import annotations

import ast
import csv
import re

import pytest
from streamlit.testing.v1 import AppTest

from dxdash.data.dataset import REPO_ROOT, load_dataset
from dxdash.data.vocabulary import (
    EVENT_KINDS,
    FIELDS,
    GUNMA_MODEL_TYPES,
    METRIC_CATEGORIES,
    QUALIFIERS,
)
from dxdash.locale import catalog as i18n
from dxdash.locale import get_locale
from dxdash.render.slides import present
from dxdash.story import chart_links, figures, tables
from dxdash.story import content as localize
from tests.test_app_pages import PAGES as APP_PAGES

APP = str(REPO_ROOT / "app.py")
CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CODE = [
    REPO_ROOT / "app.py",
    *sorted((REPO_ROOT / "app_pages").glob("*.py")),
    *sorted((REPO_ROOT / "src" / "dxdash").rglob("*.py")),
]


def _msgids_in_code() -> set[str]:
    """Every literal passed to _() / language._() / i18n.gettext() in the app's code."""
    found = set()
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if (
                name in ("_", "gettext")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.add(first.value)
    return found


def _dynamic_msgids() -> set[str]:
    """Texts translated through variables: chart groups, slide titles, sections, table headers."""
    ids = {t for _, t, _, _ in figures.FIGURE_GROUPS} | {a for _, _, a, _ in figures.FIGURE_GROUPS}
    ids |= {t for t, _ in tables.EVALUATION_SECTIONS} | {
        s.title for s in (present.COVER_SLIDE, present.CLOSING_SLIDE)
    }
    ids |= {"線形", "対数", figures.EVALUATION_HEADLINE}
    ids |= set(tables.COLUMN_HEADERS.values())  # every display table's headers, by column id
    ids |= {chart_links.LOG_NOTE, *tables.CHANGE_KINDS}
    return ids


def _catalog_rows() -> list[dict[str, str]]:
    with i18n.UI_CATALOG.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_catalog_has_every_text_in_both_languages():
    catalog = {row["ja"]: row["en"] for row in _catalog_rows()}
    missing = sorted((_msgids_in_code() | _dynamic_msgids()) - set(catalog))
    assert missing == [], f"add these to {i18n.UI_CATALOG}: {missing}"
    empty = sorted(ja for ja, en in catalog.items() if not ja.strip() or not en.strip())
    assert empty == []


def test_catalog_has_no_duplicates_and_english_is_english():
    rows = _catalog_rows()
    assert len({r["ja"] for r in rows}) == len(rows)
    assert [r["en"] for r in rows if CJK.search(r["en"])] == []


def test_placeholders_match_in_both_languages():
    for row in _catalog_rows():
        assert set(re.findall(r"{\w+}", row["ja"])) == set(re.findall(r"{\w+}", row["en"])), row


def test_content_translation_covers_the_report():
    text = i18n.content()
    ds = load_dataset()
    assert set(text["initiatives"]) == set(ds.initiatives["initiative_id"])
    assert set(text["programs"]) == set(ds.programs["program_id"])
    assert set(text["events"]) == set(ds.events["event_id"])
    for row in ds.initiatives.to_dict("records"):
        entry = text["initiatives"][row["initiative_id"]]
        assert entry["name"]
        assert entry["short_name"]
        assert len(entry["summary"]) == len(row["summary"].splitlines())
        assert len(entry["comments"]) == len(row["comments"])
    for row in ds.metrics.to_dict("records"):
        section = "initiatives" if row["initiative_id"] in text["initiatives"] else "programs"
        metric = text[section][row["initiative_id"]]["metrics"][row["metric"]]
        assert metric["metric"]
        assert metric["figure"]
    for words, section in (
        (FIELDS, "fields"),
        (GUNMA_MODEL_TYPES, "gunma_model_types"),
        (METRIC_CATEGORIES, "metric_categories"),
        (EVENT_KINDS, "event_kinds"),
        (QUALIFIERS, "qualifiers"),
        (set(ds.metrics["unit"]), "units"),
    ):
        assert set(words) <= set(text[section]), section
    assert set(ds.survey["item"]) == set(text["survey"]["items"])


def test_localized_dataset_keeps_keys_and_numbers():
    ds = load_dataset()
    en = localize.localized(ds, get_locale("en"))
    assert list(en.initiatives["initiative_id"]) == list(ds.initiatives["initiative_id"])
    assert list(en.initiatives["field"]) == list(ds.initiatives["field"])  # filter keys stay
    assert en.metrics is ds.metrics  # figures are never re-typed
    assert not any(CJK.search(name) for name in en.initiatives["name"])
    assert en.source_note.startswith("Source: Gunma Prefecture")


def test_english_texts_keep_their_column_types_when_a_column_has_no_value(tmp_path):
    """Synthetic data has no 群馬モデル and no 市町村 events: those English columns are all
    missing, and must stay text (float64 made fillna("") warn, and a future pandas raises)."""
    from dxdash.data import synthetic

    assert synthetic.main([str(tmp_path / "data"), "--scale", "2"]) == 0
    ds = load_dataset(tmp_path / "data")
    en = localize.localized(ds, get_locale("en"))
    for name in ("initiatives", "events"):
        original, english = getattr(ds, name), getattr(en, name)
        changed = {
            c: english[c].dtype for c in original.columns if english[c].dtype != original[c].dtype
        }
        assert not changed, (name, changed)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("en", "en"), ("EN", "en"), ("ja", "ja"), ("easy", "easy"), (None, "ja"), ("fr", "ja")],
)
def test_normalize_reading(value, expected):
    assert i18n.normalize_reading(value) == expected


@pytest.mark.parametrize(
    ("fy", "lang", "expected"), [(2023, "ja", "2023年度"), (2023, "en", "FY2023")]
)
def test_fiscal_year_per_language(fy, lang, expected):
    assert get_locale(lang).fiscal_year(fy) == expected


PAGES = list(APP_PAGES)  # the page scripts test_app_pages runs, in the same order
# Pages that draw tables (数値の定義 lists its figures as links: tests/test_figure_page.py
# checks its English)
TABLE_PAGES = [page for page in PAGES if page != "app_pages/figure.py"]


def _visible_text(at: AppTest) -> list[str]:
    texts = []
    for kind in ("title", "subheader", "markdown", "caption", "info", "button"):
        texts += [
            str(getattr(e, "value", None) or getattr(e, "label", "")) for e in getattr(at, kind)
        ]
    texts += [re.sub(r"<[^>]+>", " ", h.proto.body) for h in at.get("html")]
    texts += [c.proto.spec for c in at.get("vega_lite_chart")]
    return texts


def _english_page(page: str | None = None) -> AppTest:
    """Run app.py with ?lang=en, switched to `page` when given."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_english_has_no_japanese_left(page):
    at = _english_page(page)
    leftovers = [t for t in _visible_text(at) if CJK.search(t)]
    assert leftovers == []


def test_english_numbers_and_years():
    at = _english_page()
    page = " ".join(_visible_text(at))
    assert "about 800,000 people" in page
    assert "89% (projected)" in page
    assert at.title[0].value == "Gunma Prefecture DX Achievements"


# Columns that stay as printed in English too: the report's own wording and headings.
AS_PRINTED = {"Figure (as printed)", "Source (report heading)"}


@pytest.mark.parametrize("page", TABLE_PAGES)
def test_english_tables_have_no_japanese_outside_the_printed_columns(page):
    """Every table, the 表で見る ones opened: units, qualifiers, notes and 分野 in English."""
    at = _english_page(page)
    for chart in at.get("vega_lite_chart"):
        at.session_state[f"{chart.key}_table"] = True  # open its lazy 表で見る expander
    at.run()
    assert not at.exception
    assert at.dataframe, "an opened table alternative draws a table"
    for frame in at.dataframe:
        for column in frame.value.columns:
            assert not CJK.search(str(column)), column
            if column not in AS_PRINTED:
                cells = [str(v) for v in frame.value[column] if CJK.search(str(v))]
                assert cells == [], (column, cells)
