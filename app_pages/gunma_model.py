"""群馬モデル (/gunma-model): the 15 models by type and field; click a bar to filter by type."""

import streamlit as st

from dxdash.charts import builders as charts
from dxdash.render import opendata
from dxdash.render.streamlit import ui
from dxdash.story import views
from dxdash.story.filters import filter_initiatives

_ = ui._
lang = ui.lang()
dataset = ui.get_dataset()
filters = ui.current_filters(dataset)

st.title(_("群馬モデル"), anchor=False)
st.markdown(
    _(
        "群馬モデルは ①**ワイズスペンディングな取組** と ②**他自治体の見本となる取組** の2類型。"
        "報告書では計15件（2件＋13件）。"
    )
)
shown = filter_initiatives(dataset.initiatives, filters)
counts = views.models_by_type_and_field(shown)
if counts.empty:
    ui.empty_result()
    st.stop()

ui.chart_section(
    dataset=dataset,
    title=_("類型と分野"),
    message=views.models_takeaway(counts, lang),
    chart=ui.chart_spec(
        ("models", dataset.version, filters, lang),
        lambda: charts.build_models_chart(counts, lang=lang),
    ),
    table=counts.rename(columns={"gunma_model": "類型", "field": "分野", "count": "件数"}),
    download=lambda: opendata.model_counts_download(counts, lang),
    key="gunma_model_chart",
    alt_text=_("群馬モデルの類型別・分野別件数の積み上げ横棒グラフ"),
    note=_("棒をクリックするとその類型で絞り込みます"),
    on_select=lambda: ui.filter_model_from_chart("gunma_model_chart"),
)

st.subheader(_("群馬モデル一覧"), anchor=False)
st.markdown(_("行を選ぶと施策の詳細を開きます。"))
models = views.models_table(shown)
ui.initiatives_dataframe(models, key="gunma_model_table")
ui.download_buttons(
    lambda: opendata.models_download(shown, lang),
    stem=_("群馬モデル一覧"),
    key="gunma_model_download",
)
ui.source_caption(dataset, _("3.(2) 群馬モデルの創出"))
