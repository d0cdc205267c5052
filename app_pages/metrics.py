"""利用実績 (/metrics): every figure by initiative, grouped by what it counts."""

import streamlit as st

from dxdash.charts import builders as charts
from dxdash.render import opendata
from dxdash.render.streamlit import ui
from dxdash.story import views

_ = ui._
lang = ui.lang()
dataset = ui.get_dataset()
filters = ui.current_filters(dataset)

st.title(_("利用実績"), anchor=False)
st.markdown(
    _("報告書のすべての数値を、数えているもの（人数・回数・金額・割合など）ごとに並べています。")
)
scale = ui.scale_control()  # ?scale=対数 (also Log/log); an unknown value is named on the page

labelled, totals = ui.metric_groups(dataset, dataset.version, filters, lang)
groups = {group.key: group for group in views.figure_groups(labelled)}
if not groups:
    ui.empty_result()
for key, *_rest in views.FIGURE_GROUPS:  # every group keeps its place: charts update in place
    group = groups.get(key)
    if group is None:
        ui.chart_slot(f"metrics_chart_{key}")
        continue
    log = scale == "対数" and group.spread >= views.LOG_SPREAD
    title = _(group.title)
    ui.chart_section(
        dataset=dataset,
        title=title,
        message=views.group_takeaway(group, lang),
        chart=ui.chart_spec(
            ("metrics", group.key, log, dataset.version, filters, lang),
            lambda group=group, title=title, log=log: charts.build_figure_bars(
                group.figures,
                title=title,
                axis_title=_(group.axis_title),
                log=log,
                percent=group.percent,
                lang=lang,
            ),
        ),
        table=ui.figure_table(group.figures),
        download=lambda group=group: opendata.figures_download(group.figures, lang),
        key=f"metrics_chart_{group.key}",
        alt_text=_("{title}の横棒グラフ").format(title=title),
        note=views.as_of_note(group.figures, lang)
        + (_("／目盛り：対数") if log else "")
        + views.capped_note(len(group.figures), totals[group.key], lang),
        on_select=lambda key=f"metrics_chart_{group.key}": ui.open_initiative_from_chart(key),
    )
moving, moving_total = ui.moving_figures(dataset, dataset.version, filters, lang)
ui.history_sections(dataset, moving, lang, key="metrics", total=moving_total, places=False)
ui.follow_pending_initiative()
