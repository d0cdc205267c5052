"""外部評価 (/evaluation): the happiness survey by 年度, awards, meetings hosted, listings."""

import streamlit as st

from dxdash.charts import builders as charts
from dxdash.render import opendata
from dxdash.render.streamlit import ui
from dxdash.story import views
from dxdash.story.filters import filter_events, filter_initiatives, filter_survey

_ = ui._
lang = ui.lang()
dataset = ui.get_dataset()
filters = ui.current_filters(dataset)

st.title(_("外部評価"), anchor=False)
shown = filter_initiatives(dataset.initiatives, filters)
survey = filter_survey(dataset.survey, filters)
events = filter_events(dataset.events, shown, filters)

survey, survey_items = views.select_survey_items(survey)
if survey.empty:
    st.subheader(_("県民幸福度アンケート"), anchor=False)
    ui.empty_result()
else:
    ui.chart_section(
        dataset=dataset,
        title=_("県民幸福度アンケート（デジタル関連の設問）"),
        message=views.survey_takeaway(survey, lang),
        chart=ui.chart_spec(
            ("survey", dataset.version, filters, lang),
            lambda: charts.build_survey_chart(survey, lang=lang),
        ),
        table=views.survey_table(survey, lang),
        download=lambda: opendata.survey_download(survey, lang),
        key="evaluation_survey_chart",
        alt_text=_("県民幸福度アンケートの年度別推移の折れ線グラフ（2設問）"),
        note=str(survey["method"].iloc[0])
        + views.capped_note(survey["item"].nunique(), survey_items, lang),
    )

for title, kinds in views.EVALUATION_SECTIONS:
    st.subheader(_(title), anchor=False)
    rows = views.events_table(events, kinds, lang=lang)
    if rows.empty:
        st.info(_("該当する出来事はありません。"), icon=":material/info:")
    else:
        ui.table_block(
            rows,
            download=lambda kinds=kinds: opendata.events_download(
                events.loc[events["kind"].isin(kinds)], lang
            ),
            stem=_(title),
            key=f"evaluation_{kinds[0]}",
        )
ui.source_caption(dataset, _("3.(3) 外部評価"))
