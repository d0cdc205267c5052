"""データ管理 (/admin): export, import with preview, versions and rollback — after login only."""

import streamlit as st

from dxdash.admin import ui as admin_ui
from dxdash.render.streamlit import language, loading

dataset = loading.get_dataset()
settings = admin_ui.config()

st.title(language._("データ管理"), anchor=False)
if not settings.enabled:
    admin_ui.show_how_to_enable()
    st.stop()
if not admin_ui.is_authenticated(settings):
    admin_ui.login_form(settings)
    st.stop()
admin_ui.admin_tools(dataset)
