"""数値の定義 (/figure): one figure's page (?id=…) — what it counts, as-of, source, history, data —
or, with no id, every figure of the data, each linked to its page."""

import streamlit as st

from dxdash.data.definitions import Definitions, load_definitions
from dxdash.data.validation import DataError
from dxdash.opendata import page_tables
from dxdash.render.markup import escape_markdown
from dxdash.render.streamlit import figure_page, language, loading
from dxdash.story.figure_links import index_href
from dxdash.story.figure_page import build_figure_page, figure_index
from dxdash.story.url_state import DETAIL_PARAM, shown_value

locale = language.locale()
dataset = loading.get_dataset()
try:
    definitions = load_definitions()
except DataError as problem:  # the figures are still shown from the data, and the file named
    st.error(
        locale._("数値の定義ファイルを読めません。数値はデータのまま表示しています。")
        + "\n\n"
        + "\n".join(f"- {escape_markdown(p)}" for p in problem.problems),
        icon=":material/error:",
    )
    definitions = Definitions((), {})

asked = st.query_params.get(DETAIL_PARAM, "")
page = build_figure_page(dataset, definitions, asked, locale) if asked else None
if page is not None:
    figure_page.render_figure_page(
        page,
        locale,
        download=lambda: page_tables.figures_download(page.section.rows, locale),
        index_href=index_href(locale),
    )
    st.stop()
if asked:  # a link to a figure the data does not have: said, then every figure to choose from
    st.warning(
        locale._("数値「{id}」は見つかりません。下の一覧から選んでください。").format(
            id=shown_value(asked)
        ),
        icon=":material/warning:",
    )
figure_page.render_figure_index(figure_index(dataset, definitions, locale), locale)
