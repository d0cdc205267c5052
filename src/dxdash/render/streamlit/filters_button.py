"""The sidebar's open button, where the sidebar starts collapsed (a phone): 「絞り込み（2）」.

Streamlit draws that button as an icon named "Expand sidebar". On a phone the sidebar starts
collapsed (page config ``initial_sidebar_state="auto"``), so the filters are behind it: the
button says so, and how many filters are active, in the page's language. A components-v2
script (in the page itself, no iframe) sets the text as a CSS variable on the button, which
its ::after shows (blocks.inject_css), and the button's accessible name to the same words
(WCAG 2.5.3: the name contains the visible label); a MutationObserver renames the button each time
Streamlit draws it anew (it does whenever the sidebar closes). Pinned by
tests/browser/test_mobile.py, since it relies on Streamlit's data-testid.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dxdash.locale import Locale
from dxdash.story.filters import Filters

EXPAND_BUTTON = '[data-testid="stExpandSidebarButton"]'  # Streamlit 1.67's open button
LABEL_VARIABLE = "--dx-filters-label"  # the CSS variable its ::after shows
CONTAINER_KEY = "dx_filters_button"  # hidden like the page-language script (inject_css)

FILTERS_BUTTON_JS = """
export default function (component) {
  const label = component.data && component.data.label;
  if (typeof label !== "string") return;
  window.dxFiltersLabel = label;
  // On the button itself, not on <html>: a custom property or attribute set on the root makes
  // the browser restyle the whole page on every filter change.
  const rename = () => {
    for (const button of document.querySelectorAll('BUTTON')) {
      if (button.getAttribute("aria-label") !== window.dxFiltersLabel) {
        button.setAttribute("aria-label", window.dxFiltersLabel);
        button.style.setProperty("VARIABLE", JSON.stringify(window.dxFiltersLabel));
      }
    }
  };
  rename();
  if (!window.dxFiltersButtonObserver) {
    window.dxFiltersButtonObserver = new MutationObserver(rename);
    window.dxFiltersButtonObserver.observe(document.body, {childList: true, subtree: true});
  }
}
""".replace("VARIABLE", LABEL_VARIABLE).replace("BUTTON", EXPAND_BUTTON)

_component: Any = None


def filters_label(filters: Filters, locale: Locale) -> str:
    """「絞り込み」, or 「絞り込み（2）」 with two filters active ("Filters (2)")."""
    count = filters.active_count
    if not count:
        return locale._("絞り込み")
    return locale._("絞り込み（{count}）").format(count=count)


def label_filters_button(filters: Filters, locale: Locale) -> None:
    """Name the sidebar's open button after the filters behind it (see the module's note)."""
    global _component
    if _component is None:
        _component = st.components.v2.component("dxdash_filters_button", js=FILTERS_BUTTON_JS)
    with st.container(key=CONTAINER_KEY):
        _component(data={"label": filters_label(filters, locale)}, key="dx_filters_button_script")
