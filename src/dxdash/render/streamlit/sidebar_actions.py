"""The sidebar's buttons under the filters: presentation, handout PDF, saving a snapshot, and
clearing every filter."""

from __future__ import annotations

import streamlit as st

from dxdash.data.dataset import Dataset
from dxdash.opendata import export
from dxdash.render.pdf import handout
from dxdash.render.streamlit import sidebar, snapshot_controls
from dxdash.render.streamlit.language import _, locale
from dxdash.render.streamlit.story import current_story
from dxdash.story import url_state
from dxdash.story.filters import Filters


def start_presentation() -> None:
    """Button callback: open the slide deck at slide 1 with the current filters."""
    st.query_params[url_state.PRESENT_PARAM] = "1"
    st.query_params[url_state.SLIDE_PARAM] = "1"


def sidebar_actions(dataset: Dataset, filters: Filters) -> None:
    """Draw the sidebar's buttons for the view ``filters`` select (after the filters)."""
    bounds = sidebar.fiscal_year_bounds(dataset)
    with st.sidebar:
        st.button(
            _("プレゼンテーション"),
            key="sidebar_present",
            on_click=start_presentation,
            icon=":material/slideshow:",
            help=_("この絞り込みのまま、投影用のスライドで表示します（?present=1）"),
            width="stretch",
        )
        handout_notice = _(
            "配布資料を作成できませんでした。絞り込みを変えてもう一度試すか、管理者に連絡してください。"
        )
        reading = locale()  # now: the deferred callable below runs outside this script run
        st.download_button(
            _("配布資料（PDF）"),
            data=lambda: handout.build_handout_or_notice(
                current_story(dataset, filters, reading),  # the page's story, in its reading
                base_url=st.context.url or "http://localhost:8501/",
                notice=handout_notice,  # the PDF says so when a handout cannot be made
            ),
            file_name=export.download_file_name(handout.handout_file_stem(filters, reading), "pdf"),
            mime="application/pdf",
            key="sidebar_handout",
            icon=":material/picture_as_pdf:",
            help=_("今の絞り込みのA4横の配布資料（表紙・QRコード・各数値の時点と出典つき）"),
            on_click="ignore",
            width="stretch",
        )
        st.button(
            _("会議用スナップショットを保存"),
            key="sidebar_snapshot",
            on_click=snapshot_controls.save_snapshot,
            icon=":material/push_pin:",
            help=_(
                "今のデータ版と絞り込みを固定したリンク（?snapshot=…）を作ります。データ更新後も同じ数値を表示できます"
            ),
            width="stretch",
        )
        st.button(
            _("すべて解除"),
            key="sidebar_reset",
            on_click=sidebar.reset_filters,
            args=(bounds,),
            disabled=not filters.is_active,
            width="stretch",
        )
