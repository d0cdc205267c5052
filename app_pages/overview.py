"""概要 (/): how far Gunma's DX has come, in five seconds — headline KPIs, then two charts."""

import streamlit as st

from dxdash.charts import builders as charts
from dxdash.render import opendata
from dxdash.render.streamlit import ui
from dxdash.story import views

_ = ui._
lang = ui.lang()
dataset = ui.get_dataset()
filters = ui.current_filters(dataset)

st.title(_("群馬県 DX推進実績"), anchor=False)
st.caption(_("「日本最先端クラスのデジタル県」の実現に向けた取組の成果（2024年3月公表資料より）"))

ui.kpi_cards(ui.program_kpis(dataset, dataset.version, lang), hero=True)
figures = ui.overview_figures(dataset, dataset.version, filters, lang)
ui.kpi_cards(figures["headline"], columns=3)

usage, rates = figures["usage"], figures["rates"]
if usage.empty:
    st.subheader(_("どれだけ使われているか"), anchor=False)
    ui.empty_result()
else:
    ui.chart_section(
        dataset=dataset,
        title=_("どれだけ使われているか"),
        message=views.usage_takeaway(usage, lang),
        chart=ui.chart_spec(
            ("overview_usage", dataset.version, filters, lang),
            lambda: charts.build_usage_chart(usage, lang=lang),
        ),
        table=ui.figure_table(usage),
        download=lambda: opendata.figures_download(usage, lang),
        key="overview_usage_chart",
        note=views.as_of_note(usage, lang)
        + views.capped_note(len(usage), figures["usage_total"], lang),
        alt_text=_("施策ごとの利用者数・利用回数の横棒グラフ"),
        on_select=lambda: ui.open_initiative_from_chart("overview_usage_chart"),
    )
if rates.empty:
    st.subheader(_("達成率と利用者の評価"), anchor=False)
    ui.empty_result()
else:
    ui.chart_section(
        dataset=dataset,
        title=_("達成率と利用者の評価"),
        message=views.rate_takeaway(rates, lang),
        chart=ui.chart_spec(
            ("overview_rates", dataset.version, filters, lang),
            lambda: charts.build_rate_chart(rates, lang=lang),
        ),
        table=ui.figure_table(rates),
        download=lambda: opendata.figures_download(rates, lang),
        key="overview_rate_chart",
        note=views.as_of_note(rates, lang)
        + views.capped_note(len(rates), figures["rates_total"], lang),
        alt_text=_("達成率・割合の横棒グラフ（0〜100%）"),
        on_select=lambda: ui.open_initiative_from_chart("overview_rate_chart"),
    )
ui.opendata_download()
ui.follow_pending_initiative()
