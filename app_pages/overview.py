"""概要 (/): how far Gunma's DX has come, in five seconds — headline KPIs, then two charts."""

import streamlit as st

from dxdash import charts, ui, views
from dxdash.filters import filter_initiatives, filter_metrics

dataset = ui.get_dataset()
filters = ui.current_filters(dataset)

st.title("群馬県 DX推進実績", anchor=False)
st.caption("「日本最先端クラスのデジタル県」の実現に向けた取組の成果（2024年3月公表資料より）")

ui.kpi_cards(views.headline_program_kpis(dataset.metrics, dataset.events), hero=True)

shown = filter_initiatives(dataset.initiatives, filters)
labelled = views.with_labels(
    filter_metrics(dataset.metrics, dataset.initiatives, shown, filters),
    dataset.initiatives,
    dataset.programs,
)
ui.kpi_cards(views.headline_usage(labelled), columns=3)

usage = views.usage_figures(labelled)
rates = views.rate_figures(labelled)
if usage.empty:
    st.subheader("どれだけ使われているか", anchor=False)
    ui.empty_result()
else:
    ui.chart_section(
        dataset=dataset,
        title="どれだけ使われているか",
        message=views.usage_takeaway(usage),
        chart=charts.build_usage_chart(usage),
        table=ui.figure_table(usage),
        key="overview_usage_chart",
        note=views.as_of_note(usage),
        alt_text="施策ごとの利用者数・利用回数の横棒グラフ",
        on_select=lambda: ui.open_initiative_from_chart("overview_usage_chart"),
    )
if rates.empty:
    st.subheader("達成率と利用者の評価", anchor=False)
    ui.empty_result()
else:
    ui.chart_section(
        dataset=dataset,
        title="達成率と利用者の評価",
        message=views.rate_takeaway(rates),
        chart=charts.build_rate_chart(rates),
        table=ui.figure_table(rates),
        key="overview_rate_chart",
        note=views.as_of_note(rates),
        alt_text="達成率・割合の横棒グラフ（0〜100%）",
        on_select=lambda: ui.open_initiative_from_chart("overview_rate_chart"),
    )
ui.follow_pending_initiative()
