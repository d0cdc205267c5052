"""推進経過 (/history): the organisation's milestones and initiative launches by 年度 and field."""

import streamlit as st

from dxdash.charts import builders as charts
from dxdash.render import opendata
from dxdash.render.streamlit import ui
from dxdash.story import views
from dxdash.story.filters import filter_events, filter_initiatives

_ = ui._
lang = ui.lang()
dataset = ui.get_dataset()
filters = ui.current_filters(dataset)

st.title(_("推進経過"), anchor=False)
shown = filter_initiatives(dataset.initiatives, filters)
events = filter_events(dataset.events, shown, filters)
launches = views.launches_by_year(shown)

if launches.empty:
    st.subheader(_("開始年度別の施策"), anchor=False)
    ui.empty_result()
else:
    ui.chart_section(
        dataset=dataset,
        title=_("開始年度別の施策"),
        message=views.launches_takeaway(launches, lang),
        chart=ui.chart_spec(
            ("launches", dataset.version, filters, lang),
            lambda: charts.build_launches_chart(launches, lang=lang),
        ),
        table=views.launches_table(shown, lang),
        download=lambda: opendata.launches_download(shown, lang),
        key="history_launches_chart",
        alt_text=_("開始年度別・分野別の施策数の積み上げ縦棒グラフ"),
        note=_("棒をクリックするとその年度で絞り込みます。開始年度の記載がない施策は含みません"),
        on_select=lambda: ui.filter_year_from_chart("history_launches_chart"),
    )

if events.loc[events["date"].notna()].empty:
    st.subheader(_("推進経過と外部評価"), anchor=False)
    ui.empty_result()
else:
    ui.chart_section(
        dataset=dataset,
        title=_("推進経過と外部評価"),
        message=views.timeline_takeaway(events, lang),
        chart=ui.chart_spec(
            ("timeline", dataset.version, filters, lang),
            lambda: charts.build_timeline_chart(events, lang=lang),
        ),
        table=views.events_table(events, lang=lang),
        download=lambda: opendata.events_download(events, lang),
        key="history_timeline_chart",
        alt_text=_("組織・計画・受賞・会議開催などの出来事を年月で並べた年表"),
        note=_("年月の記載がない出来事は表にのみ表示"),
    )
