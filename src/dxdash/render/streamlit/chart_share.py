"""Each chart's link, embed code and data (the 「リンク・埋め込み」 panel), and a permalink's scroll.

The links are the story's (dxdash.story.chart_links): this module reads what only the session
knows — the page's URL, the snapshot shown, the 利用実績 scale — and draws them.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dxdash.data import snapshots
from dxdash.opendata import page_tables
from dxdash.render.streamlit import blocks
from dxdash.render.streamlit.language import _
from dxdash.story import chart_links, url_state
from dxdash.story.model import Section, Story

SCALE_STATE_KEY = "_scale"  # the 利用実績 page's chosen scale (render.streamlit.sidebar)

SCROLL_JS = """
export default function (component) {
  const target = component.data && component.data.target;
  const done = (window.__dxScrolledTo = window.__dxScrolledTo || new Set());
  if (!target || done.has(target)) return;  // once per page load: later reruns leave the reader be
  done.add(target);
  const started = Date.now();
  const scroll = () => {
    const heading = document.getElementById(target);
    if (!heading) return false;
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });  // keyboard and screen readers start at the chart
    document.documentElement.dataset.dxScrolledTo = target;  // tests wait for this
    return true;
  };
  const tick = () => {
    const idle = document.querySelector("[data-test-script-state='notRunning']");
    if (idle && scroll()) {
      setTimeout(scroll, 500);  // again once the charts above have their height
      return;
    }
    if (Date.now() - started < 15000) setTimeout(tick, 100);
  };
  tick();
}
"""

_scroll_component: Any = None


def scroll_to_chart(key: str) -> None:
    """Open the page at chart ``key`` (a permalink's ?chart=): a components-v2 script in the page."""
    global _scroll_component
    if _scroll_component is None:
        _scroll_component = st.components.v2.component("dxdash_scroll_to_chart", js=SCROLL_JS)
    with st.container(key="dx_scroll_chart"):
        _scroll_component(data={"target": chart_links.anchor_id(key)}, key="dx_scroll_chart_js")


def permalink(
    section: Section, story: Story, *, embed: bool = False, scale: str | None = None
) -> str:
    """The absolute URL of a chart on its page (or of its chart-only view) as this session sees
    it: its filters, language and snapshot, and the 利用実績 scale (the session's, or ``scale``)."""
    root = chart_links.app_root(st.context.url, chart_links.CHART_PAGES[section.key])
    return chart_links.chart_url(
        root,
        section.key,
        embed=embed,
        filters=story.filters,
        locale=story.locale,
        snapshot=st.query_params.get(snapshots.SNAPSHOT_PARAM) or "",
        scale=scale or st.session_state.get(SCALE_STATE_KEY) or url_state.DEFAULT_SCALE,
    )


@st.fragment
def share_panel(
    section: Section, story: Story, spec: dict, download: page_tables.DownloadBuilder, *, key: str
) -> None:
    """A chart's 「リンク・埋め込み」 expander: its permalink, its <iframe> code and its CSV.

    Lazy as 表で見る is (blocks.table_alternative): nothing is sent while it is closed.
    """
    panel = st.expander(_("リンク・埋め込み"), key=f"{key}_share", on_change="rerun")
    if not panel.open:
        return
    with panel:
        st.markdown(_("このグラフへのリンク（今の絞り込みと言語のまま開きます）"))
        st.code(permalink(section, story), language=None, wrap_lines=True)
        st.markdown(
            _(
                "埋め込みコード：ほかのページにこのグラフだけを表示します"
                "（題名・要点・時点・出典つき）"
            )
        )
        source = permalink(section, story, embed=True)
        st.code(
            chart_links.embed_code(
                source, title=section.title, height=chart_links.embed_height(spec)
            ),
            language="html",
            wrap_lines=True,
        )
        st.link_button(
            _("埋め込み表示を開く"), source, icon=":material/open_in_new:", type="tertiary"
        )
        blocks.download_buttons(download, stem=section.title, key=f"{key}_share")
