"""群馬モデル (/gunma-model): the models by type and field; click a bar to filter by type."""

import streamlit as st

from dxdash.render.streamlit import initiatives, language, loading, sidebar
from dxdash.render.streamlit.sections import render_section
from dxdash.render.streamlit.story import current_story

_ = language._
dataset = loading.get_dataset()
story = current_story(dataset, sidebar.current_filters(dataset))

st.title(_("群馬モデル"), anchor=False)
# The report's count (計15件 …) comes from the data: the models section's note says it.
counted = story["models"].notes
st.markdown(
    story.locale.sentences(
        [
            _(
                "群馬モデルは ①**ワイズスペンディングな取組** と ②**他自治体の見本となる取組** "
                "の2類型。"
            ),
            *(note + ("." if story.locale.english else "。") for note in counted[:1]),
        ]
    )
)
for section in story.page("gunma_model"):
    render_section(
        section,
        story=story,
        key="gunma_model_chart",
        table_keys={"models.list": "gunma_model"},
        extra_note=_("棒をクリックするとその類型で絞り込みます"),
        on_select=lambda: initiatives.filter_model_from_chart("gunma_model_chart"),
    )
