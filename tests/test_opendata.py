"""Open data by デジタル庁「行政データにおける機械可読性に関するルール」: every page download and
every bundle file checked against the rules, read back by real readers (csv, pandas, openpyxl).

Each check is one rule of the text: the header is row 1, a single row, unique; numbers are
pure numbers (unit and qualifier in other columns); one date notation per column; no line
breaks, layout spaces or platform-dependent characters in cells; region codes beside place
names; blank (not 0) where nothing is stated; long format; encoding stated in the metadata.
"""

from __future__ import annotations

import ast
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dxdash import cli
from dxdash.data import places
from dxdash.data.dataset import REPO_ROOT
from dxdash.locale import get_locale
from dxdash.opendata import bundle as open_bundle
from dxdash.opendata import clean, columns, export, frames, page_tables
from dxdash.opendata.clean import clean_text, is_platform_dependent
from dxdash.opendata.columns import COLUMNS
from dxdash.story import content as localize
from dxdash.story import figures, tables

# The rule text's examples of 機種依存文字, plus the CP932/JIS mismatches (～ － ∥ ￠ ￡ ￢).
PLATFORM_DEPENDENT_EXAMPLES = (
    [chr(c) for c in range(0x2460, 0x2474)]  # ①-⑳
    + [chr(c) for c in range(0x2160, 0x216A)]  # Ⅰ-Ⅹ
    + [chr(c) for c in range(0x2170, 0x217A)]  # ⅰ-ⅹ
    + list("㈱㈲㈹㍻㍼㍽㍾㎡㎝㎏㎞㎎㌔㌢㍍№℡～－∥￠￡￢")
)
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
INTEGER = re.compile(r"-?\d+")
MONTH = re.compile(columns.MONTH_PATTERN)
CODE = re.compile(r"\d{6}")
NUMBER_LOOKING_DATE = re.compile(r"\d{4}\.\d{1,2}")  # 2020.4: a date that reads as a number
WIDE_HEADER = re.compile(r"(\d{4}年度|FY\d{4}|\d{4})")  # a year as a column: wide, not long
PLACE_HEADERS = {"市町村", "Municipality", "名称（市町村）"}
CODE_HEADERS = {"全国地方公共団体コード", "Local government code"}


def csv_rows(data: bytes) -> list[list[str]]:
    return open_bundle.csv_reader_rows(data)


def check_cells(header: list[str], rows: list[list[object]], types: dict[str, str]) -> None:
    """Every rule that can be read from the cells themselves; `types` by header name."""
    # One header row: non-empty, unique, single-line; every data row has the header's width.
    assert header, "no header row"
    assert all(isinstance(h, str) for h in header), header
    assert all(h.strip() for h in header), header
    assert len(set(header)) == len(header), f"duplicate headers: {header}"
    assert not any(WIDE_HEADER.fullmatch(h) for h in header), f"wide table: {header}"
    for row in rows:
        assert len(row) == len(header), row
    for number, name in enumerate(header):
        cells = [row[number] for row in rows]
        texts = [c for c in cells if isinstance(c, str) and c != ""]
        for text in [name, *texts]:
            assert not set(text) & {"\n", "\r", "\t"}, (name, text)
            assert "\u3000" not in text, (name, text)
            assert text == text.strip(), (name, text)
            assert "  " not in text, (name, text)
            assert not any(c in PLATFORM_DEPENDENT_EXAMPLES for c in text), (name, text)
            assert not any(is_platform_dependent(c) for c in text), (name, text)
            assert not NUMBER_LOOKING_DATE.fullmatch(text), (name, text)
        kind = types[name]
        if kind in ("integer", "number"):
            pattern = INTEGER if kind == "integer" else NUMBER
            bad = [c for c in cells if c not in ("", None) and not pattern.fullmatch(str(c))]
            assert bad == [], (name, bad)
        elif kind == "month":
            assert [c for c in texts if not MONTH.fullmatch(c)] == [], name
        elif kind == "code":
            assert [c for c in cells if c not in ("", None) and not CODE.fullmatch(str(c))] == []
    # A place name has its 全国地方公共団体コード beside it, valid and from municipalities.csv.
    place_headers = [h for h in header if h in PLACE_HEADERS]
    for place in place_headers:
        code_column = next(h for h in header if h in CODE_HEADERS)
        p, c = header.index(place), header.index(code_column)
        for row in rows:
            if row[p] not in ("", None):
                code = str(row[c])
                assert places.is_valid_code(code), (row[p], code)
                assert places.code_of(row[p]) == code


def check_csv(data: bytes, types: dict[str, str]) -> list[list[str]]:
    """The rules on a CSV download: UTF-8 with BOM, CRLF, then check_cells."""
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n")  # CRLF row ends, no bare line feeds
    rows = csv_rows(data)
    check_cells(rows[0], rows[1:], types)
    return rows


def check_xlsx(data: bytes, types: dict[str, str]) -> None:
    """The rules on an Excel download: one sheet, header in row 1, numbers stored as numbers."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = [str(h) for h in values[0]]
    rows = [["" if v is None else v for v in row] for row in values[1:]]
    check_cells(header, rows, types)
    for number, name in enumerate(header, start=1):
        if types[name] in ("integer", "number"):
            for cell in sheet.iter_cols(min_col=number, max_col=number, min_row=2).__next__():
                assert cell.value is None or cell.data_type == "n", (name, cell.value)
    assert not sheet.merged_cells.ranges


def types_of(frame: pd.DataFrame, lang: str) -> dict[str, str]:
    """Column types by header, from the column dictionary the metadata is written from."""
    by_label = {c.label(get_locale(lang)): c.type for c in COLUMNS.values()}
    return {name: by_label[name] for name in frame.columns}


# --- every page download -------------------------------------------------------------------


def page_downloads(dataset, lang: str) -> dict[str, pd.DataFrame]:
    """What each page's CSV/Excel buttons give, built as the pages build them."""
    shown = localize.localized(dataset, get_locale(lang))
    labelled = figures.with_labels(
        shown.metrics, shown.initiatives, shown.programs, get_locale(lang)
    )
    counts = tables.models_by_type_and_field(shown.initiatives)
    return {
        "figures": page_tables.figures_download(labelled, get_locale(lang)),
        "initiatives": page_tables.initiatives_download(
            shown.initiatives, shown.metrics, get_locale(lang)
        ),
        "events": page_tables.events_download(shown.events, get_locale(lang)),
        "awards": page_tables.events_download(
            shown.events.loc[shown.events["kind"] == "受賞"], get_locale(lang)
        ),
        "survey": page_tables.survey_download(shown.survey, get_locale(lang)),
        "launches": page_tables.launches_download(shown.initiatives, get_locale(lang)),
        "models": page_tables.models_download(shown.initiatives, get_locale(lang)),
        "model_counts": page_tables.model_counts_download(counts, get_locale(lang)),
    }


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_page_download_follows_the_rules_as_csv_and_xlsx(dataset, lang):
    for name, frame in page_downloads(dataset, lang).items():
        types = types_of(frame, lang)
        rows = check_csv(export.table_to_csv_bytes(frame), types)
        assert len(rows) == 1 + len(frame), name
        check_xlsx(export.table_to_xlsx_bytes(frame, name), types)


def test_english_downloads_have_the_same_columns_with_english_headers(dataset):
    ja, en = page_downloads(dataset, "ja"), page_downloads(dataset, "en")
    cjk = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for name in ja:
        assert len(ja[name].columns) == len(en[name].columns), name
        assert len(ja[name]) == len(en[name]), name
        assert not any(cjk.search(h) for h in en[name].columns), en[name].columns
        numeric = [c for c in ja[name].columns if types_of(ja[name], "ja")[c] != "string"]
        for column in numeric:  # numbers, dates and codes do not change with the language
            english = en[name].columns[list(ja[name].columns).index(column)]
            assert ja[name][column].tolist() == en[name][english].tolist(), (name, column)


def test_figures_download_keeps_the_report_figures_apart(dataset):
    labelled = figures.with_labels(
        dataset.metrics, dataset.initiatives, dataset.programs, get_locale("ja")
    )
    frame = page_tables.figures_download(labelled, get_locale("ja"))
    rows = frame.set_index(["施策・プログラムID", "指標"])
    line = rows.loc[("line-digital-window", "友だち登録数")]
    assert (line["値"], line["単位"], line["修飾語"]) == (800000, "人", "約")
    assert line["数値の表記（報告書）"] == "約80万人"
    assert line["時点（年月）"] == "2023-10"
    money = rows.loc[("g-walk", "医療費の削減効果（推計）")]
    assert (money["値"], money["単位"], money["数値の表記（報告書）"]) == (
        350000000,
        "円",
        "約3億5,000万円",
    )
    area = rows.loc[("green-screen", "整備スペースの面積")]
    assert (area["値"], area["単位"], area["数値の表記（報告書）"]) == (3300, "m2", "約3,300m2")
    pc = rows.loc[("one-pc-per-student", "県立高校の1人1台PC整備率")]
    assert (pc["時点（年月）"], pc["時点（年度）"], pc["時点の表記（報告書）"]) == (
        "2021-03",
        2020,
        "2020年度中",
    )
    survey = rows.loc[("one-pc-per-student", "ICTリテラシーが身についたと感じている高校生の割合")]
    assert survey["時点の表記（報告書）"] == "調査期間2022.12〜2023.2"


def test_blank_is_not_zero(dataset):
    """No qualifier, no 年度, no model: an empty cell, never 0 or "None"/"nan"."""
    rows = csv_rows(
        export.table_to_csv_bytes(
            page_tables.initiatives_download(dataset.initiatives, dataset.metrics, get_locale("ja"))
        )
    )
    header, line = rows[0], next(r for r in rows if r[0] == "line-digital-window")
    assert line[header.index("開始年度")] == ""
    assert line[header.index("開始年月")] == ""
    assert line[header.index("群馬モデルの番号")] == ""
    netsugen = next(r for r in rows if r[0] == "netsugen")
    assert netsugen[header.index("主な数値の値")] == ""
    for row in rows[1:]:
        assert not {"None", "nan", "NaN", "<NA>"} & set(row), row


def test_survey_is_long_one_row_per_question_and_fiscal_year(dataset):
    frame = page_tables.survey_download(dataset.survey, get_locale("ja"))
    assert frame.columns.tolist() == ["設問", "年度", "点数（点）"]
    assert len(frame) == 6
    assert not frame.duplicated(["設問", "年度"]).any()
    scores = {(r["設問"], r["年度"]): r["点数（点）"] for r in frame.to_dict("records")}
    assert scores[("教育の充実を図るためにデジタルの活用を進める取組", 2022)] == 52.1


def test_events_give_the_code_beside_the_municipality(dataset):
    for lang in ("ja", "en"):
        shown = localize.localized(dataset, get_locale(lang))
        frame = page_tables.events_download(shown.events, get_locale(lang))
        code = frame.columns[
            list(frame.columns).index(COLUMNS["municipality"].label(get_locale(lang))) - 1
        ]
        assert code == COLUMNS["municipality_code"].label(get_locale(lang))
        placed = frame.dropna(subset=[COLUMNS["municipality"].label(get_locale(lang))])
        assert sorted(set(placed[code])) == ["102016", "104256"]  # 前橋市, 嬬恋村
    assert open_bundle.unknown_places(dataset) == []


def test_every_page_table_download_goes_through_opendata():
    """Each chart_section / table_block / download_buttons call passes an opendata builder.

    Story sections are drawn by render/streamlit/sections.py, whose builders look the section's
    open-data function up in sections.DOWNLOADS (checked below to be opendata's own).
    """
    calls = 0
    for path in [
        *sorted((REPO_ROOT / "app_pages").glob("*.py")),
        *sorted((REPO_ROOT / "src/dxdash/render/streamlit").glob("*.py")),
    ]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            names = ("chart_section", "table_block", "download_buttons", "table_alternative")
            if name not in names:
                continue
            builder = next((k.value for k in node.keywords if k.arg == "download"), None)
            builder = builder or (node.args[0] if name == "download_buttons" else None)
            builder = builder or (node.args[2] if name == "table_alternative" else None)
            if path.name in ("blocks.py", "figure_page.py", "chart_share.py") and isinstance(
                builder, ast.Name
            ):
                continue  # the blocks' own wrappers pass their caller's builder through
            assert isinstance(builder, ast.Lambda), (path.name, node.lineno)
            via = "download_for(" if path.name == "sections.py" else "page_tables."
            assert via in ast.unparse(builder.body), (path.name, node.lineno)
            calls += 1
    assert calls >= 6  # a download per kind of table a page draws (detail and 推移 draw in a loop)


def test_every_story_download_is_an_opendata_table(dataset):
    """Each section and titled table of the story has its open-data builder, from opendata."""
    from dxdash.locale import get_locale
    from dxdash.render.streamlit import sections
    from dxdash.story.build import build_story
    from dxdash.story.filters import Filters

    assert {f.__module__ for f in sections.DOWNLOADS.values()} == {page_tables.__name__}
    story = build_story(dataset, Filters(), get_locale("ja"))
    for section in story:
        if section.table is not None and section.rows is not None and not section.empty:
            assert not sections.download_for(section.key, section.rows, get_locale("ja")).empty, (
                section.key
            )
        for table in section.tables:
            assert not sections.download_for(table.key, table.rows, get_locale("ja")).empty, (
                table.key
            )


# --- the bundle ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """The bundle as the CLI writes it, and the ZIP extracted next to it."""
    from dxdash.data.dataset import load_dataset

    directory = tmp_path_factory.mktemp("opendata")
    assert cli.main(["export-opendata", str(directory)]) == 0
    extracted = directory / "unzipped"
    with zipfile.ZipFile(directory / open_bundle.BUNDLE_ZIP) as archive:
        archive.extractall(extracted)
    return directory, extracted / open_bundle.BUNDLE_DIR, load_dataset()


def metadata_types(directory: Path) -> dict[tuple[str, str], str]:
    meta = pd.read_csv(directory / open_bundle.METADATA_FILE, encoding="utf-8-sig")
    kinds = {label: kind for kind, label in columns.TYPE_LABELS.items()}
    return {
        (f, c): kinds[t]
        for f, c, t in zip(meta["ファイル名"], meta["列名"], meta["型"], strict=True)
    }


def test_bundle_has_every_file_and_the_zip_holds_the_same_bytes(bundle):
    directory, extracted, _ = bundle
    names = {p.name for p in directory.iterdir() if p.is_file()} - {open_bundle.BUNDLE_ZIP}
    expected = {f.file for f in open_bundle.bundle_tables(bundle[2])}
    expected |= {open_bundle.METADATA_FILE, open_bundle.FILES_FILE, "README.txt", "LICENSE.txt"}
    assert names == expected
    for name in names:
        assert (extracted / name).read_bytes() == (directory / name).read_bytes()


def test_every_bundle_csv_follows_the_rules(bundle):
    directory, _, _ = bundle
    types = metadata_types(directory)
    for path in sorted(directory.glob("*.csv")):
        header = csv_rows(path.read_bytes())[0]
        check_csv(path.read_bytes(), {h: types[(path.name, h)] for h in header})


def test_bundle_loads_with_pandas_and_numbers_come_out_numeric(bundle):
    directory, _, _ = bundle
    types = metadata_types(directory)
    for path in sorted(directory.glob("*.csv")):
        frame = pd.read_csv(path, encoding="utf-8-sig")  # no other options
        assert len(frame) > 0, path.name
        for column in frame.columns:
            if types[(path.name, column)] in ("integer", "number"):
                assert pd.api.types.is_numeric_dtype(frame[column]), (path.name, column)
            elif frame[column].notna().any():  # an all-blank column has no type to check
                assert (
                    not pd.api.types.is_numeric_dtype(frame[column])
                    or types[(path.name, column)] == "code"
                ), (path.name, column)


def test_metadata_names_every_column_of_every_file(bundle):
    directory, _, _ = bundle
    meta = pd.read_csv(directory / open_bundle.METADATA_FILE, encoding="utf-8-sig")
    described = set(zip(meta["ファイル名"], meta["列名"], strict=True))
    actual = {
        (path.name, column)
        for path in directory.glob("*.csv")
        for column in csv_rows(path.read_bytes())[0]
    }
    assert described == actual
    assert meta["日本語ラベル"].notna().all()
    assert meta["英語ラベル"].notna().all()
    assert meta["説明"].notna().all()
    units = meta.set_index(["ファイル名", "列名"])["単位"]
    assert units[("survey.csv", "点数（点）")] == "点"
    allowed = meta.set_index(["ファイル名", "列名"])["許容値"]
    assert "m2" in allowed[("metrics.csv", "単位")].split(clean.LIST_SEPARATOR)
    assert "約" in allowed[("metrics.csv", "修飾語")].split(clean.LIST_SEPARATOR)


def test_files_table_states_encoding_source_update_and_licence(bundle):
    directory, _, dataset = bundle
    files = pd.read_csv(directory / open_bundle.FILES_FILE, encoding="utf-8-sig")
    csvs = {p.name for p in directory.glob("*.csv")} - {open_bundle.FILES_FILE}
    assert set(files["ファイル名"]) == csvs
    assert set(files["文字コード"]) == {"UTF-8（BOM付き）、改行CRLF"}
    assert set(files["更新日"]) == {"2024-03-01"}  # the base data is the report as published
    assert set(files["ライセンス"]) == {"公共データ利用規約（第1.0版）（PDL1.0）（CC BY 4.0 互換）"}
    assert set(files["出典URL"]) == {dataset.report["url"]}
    rows = dict(zip(files["ファイル名"], files["行数"], strict=True))
    assert rows["metrics.csv"] == len(dataset.metrics)
    assert rows["survey.csv"] == len(dataset.survey)


def test_readme_and_licence_state_encoding_licence_and_attribution(bundle):
    directory, _, _ = bundle
    readme = (directory / "README.txt").read_bytes()
    assert readme.startswith(b"\xef\xbb\xbf")
    text = readme.decode("utf-8-sig")
    assert "UTF-8（BOM付き）" in text
    assert "公共データ利用規約（第1.0版）（PDL1.0）" in text
    assert "CC BY 4.0" in text
    attribution = (
        "出典：群馬県「日本最先端クラスデジタル県の実現について\u2212DX推進実績\u2212」"
        "（2024年3月）を加工して作成"
    )
    assert attribution in text
    assert not any(is_platform_dependent(c) for c in text)
    licence = (directory / "LICENSE.txt").read_text(encoding="utf-8-sig")
    assert open_bundle.LICENCE_URL in licence
    assert attribution in licence


def test_bundle_figures_are_the_reports(bundle):
    directory, _, dataset = bundle
    metrics = pd.read_csv(directory / "metrics.csv", encoding="utf-8-sig")
    assert len(metrics) == len(dataset.metrics)
    for row, original in zip(
        metrics.to_dict("records"), dataset.metrics.to_dict("records"), strict=True
    ):
        assert row["値"] == pytest.approx(original["value"])
        assert row["数値の表記（報告書）"] == clean_text(original["value_text"])
        qualifier = original["qualifier"] if isinstance(original["qualifier"], str) else None
        assert (row["修飾語"] if isinstance(row["修飾語"], str) else None) == qualifier
    texts = pd.read_csv(directory / "initiative_texts.csv", encoding="utf-8-sig")
    lines = sum(len(s.splitlines()) for s in dataset.initiatives["summary"])
    comments = sum(len(c) for c in dataset.initiatives["comments"])
    assert len(texts) == lines + comments


def test_bundle_zip_is_deterministic(dataset):
    assert open_bundle.bundle_zip(dataset) == open_bundle.bundle_zip(dataset)


def test_export_opendata_reports_bad_data_and_writes_nothing(tmp_path, capsys):
    broken = tmp_path / "data"
    broken.mkdir()
    out = tmp_path / "out"
    assert cli.main(["export-opendata", str(out), "--data-dir", str(broken)]) == 1
    assert "問題があります" in capsys.readouterr().err
    assert not out.exists()


# --- municipalities and characters ---------------------------------------------------------


def test_municipality_codes_have_valid_check_digits():
    table = pd.read_csv(places.MUNICIPALITIES_CSV, dtype=str, encoding="utf-8")
    assert table.columns.tolist() == ["code", "name", "name_en"]
    assert len(table) == 36  # 群馬県 and its 35 municipalities
    for column in table.columns:
        assert table[column].is_unique, column
    assert all(places.is_valid_code(code) for code in table["code"])
    assert all(code.startswith("10") for code in table["code"])
    codes = dict(zip(table["name"], table["code"], strict=True))
    assert (codes["群馬県"], codes["前橋市"], codes["嬬恋村"]) == ("100005", "102016", "104256")
    suffixes = table["name"].str[-1].value_counts().to_dict()
    assert suffixes == {"市": 12, "町": 15, "村": 8, "県": 1}


@pytest.mark.parametrize(
    ("code", "valid"),
    [("100005", True), ("102016", True), ("104256", True), ("102017", False), ("10201", False)],
)
def test_check_digit(code, valid):
    assert places.is_valid_code(code) is valid


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("2023年度～", "2023年度〜"),
        ("群馬モデル②他自治体", "群馬モデル(2)他自治体"),
        ("約3,300㎡", "約3,300m2"),
        ("Ⅱ期", "II期"),
        ("㈱群馬", "(株)群馬"),
        ("事例集\u3000こども分野", "事例集 こども分野"),
        ("  一行目\n二行目  ", "一行目；二行目"),
        ("について－DX推進実績－", "について\u2212DX推進実績\u2212"),
        ("約80万人", "約80万人"),
    ],
)
def test_clean_text(text, clean):
    assert clean_text(text) == clean
    assert not any(is_platform_dependent(c) for c in clean_text(text))


def test_platform_dependent_characters_match_the_rule_examples():
    assert all(is_platform_dependent(c) for c in PLATFORM_DEPENDENT_EXAMPLES)
    assert not any(is_platform_dependent(c) for c in "約80万人〜（）「」、。・−A1%")


def test_the_data_grid_offers_no_csv_of_its_own():
    """st.dataframe's toolbar download would give the display table, which breaks the rules."""
    import tomllib

    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_a_figure_of_one_municipality_carries_its_code_and_name(dataset):
    """Figures over time (#16) may belong to a municipality: code and name in their own columns."""
    metrics = dataset.metrics.head(2).copy()
    metrics["municipality_code"] = ["102016", None]
    frame = frames.metrics_frame(metrics, dataset.initiatives, dataset.programs)
    assert frame["municipality_code"].iloc[0] == "102016"
    assert frame["municipality"].iloc[0] == "前橋市"
    assert frame[["municipality_code", "municipality"]].iloc[1].isna().all()
