"""The numbers are sacred: the shipped data holds the report's figures exactly, with qualifiers."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from dxdash.data.dataset import REPO_ROOT

SEED = REPO_ROOT.parent / "shared" / "seeds" / "000_680ecdb83c792962.txt"


# (owner, metric, value, unit, qualifier, value_text, as_of)
FIGURES = [
    ("line-digital-window", "友だち登録数", 800_000, "人", "約", "約80万人", date(2023, 10, 1)),
    (
        "line-digital-window",
        "成人人口に占める登録者の割合",
        50,
        "%",
        "以上",
        "約半数以上",
        date(2023, 10, 1),
    ),
    ("vaccine-passport", "登録者数", 400_000, "人", "約", "約40万人", None),
    ("vaccine-passport", "構築費用", 6_700_000, "円", "程度", "670万円程度", None),
    ("vaccine-passport", "事業費総額の東京都比", 1 / 150, "", "約", "約1/150", None),
    ("vaccine-reservation", "予約受付", 1_800_000, "回", "約", "約180万回", date(2023, 12, 31)),
    ("g-walk", "インストール数", 54_000, "人", "約", "約5万4千人", None),
    ("g-walk", "医療費の削減効果（推計）", 350_000_000, "円", "約", "約3億5,000万円", None),
    ("youtube-tsulunos", "開設からの動画本数", 6_000, "本", "超", "6,000本超", None),
    ("youtube-tsulunos", "総再生数", 22_630_000, "回", "約", "約2,263万回", None),
    ("digital-evacuation-drill", "訓練参加回数", 230_000, "回", "超", "23万回超", None),
    (
        "digital-evacuation-drill",
        "「自宅や地域の危険性が確認出来た」と回答した割合",
        99,
        "%",
        None,
        "99%",
        None,
    ),
    (
        "digital-evacuation-drill",
        "「防災意識が高まった」と回答した割合",
        91,
        "%",
        None,
        "91%",
        None,
    ),
    ("pest-diagnosis-ai", "病害虫の画像診断精度", 80, "%", "以上", "80%以上", None),
    ("one-pc-per-student", "県立高校の1人1台PC整備率", 100, "%", None, "100%", date(2021, 3, 31)),
    (
        "one-pc-per-student",
        "ICTリテラシーが身についたと感じている高校生の割合",
        90,
        "%",
        "以上",
        "90%以上",
        None,
    ),
    (
        "digital-solution-lab",
        "県内中小製造業とのデジタル実装に向けた共同研究",
        20,
        "件",
        None,
        "20件",
        None,
    ),
    ("eg-share", "実証実験の車両台数", 20, "台", None, "20台", None),
    ("green-screen", "整備スペースの面積", 3_300, "㎡", "約", "約3,300㎡", None),
    (
        "cashless-facilities",
        "キャッシュレス決済を導入した文化・社会教育施設",
        8,
        "施設",
        None,
        "8施設",
        None,
    ),
    ("cashless-counters", "キャッシュレス決済を導入した窓口", 5, "窓口", None, "5窓口", None),
    ("dx-acceleration-program", "達成率", 89, "%", "見込", "89%", date(2023, 12, 31)),
    ("gunma-models", "群馬モデル件数", 15, "件", None, "15件", None),
    ("gunma-models", "群馬モデル①ワイズスペンディングな取組", 2, "件", None, "2件", None),
    ("gunma-models", "群馬モデル②他自治体の見本となる取組", 13, "件", None, "13件", None),
]


@pytest.mark.parametrize(
    ("owner", "metric", "value", "unit", "qualifier", "value_text", "as_of"),
    [pytest.param(*f, id=f"{f[0]}:{f[5]}") for f in FIGURES],
)
def test_figure_is_exactly_the_reports(
    dataset, owner, metric, value, unit, qualifier, value_text, as_of
):
    rows = dataset.metrics.loc[
        (dataset.metrics["initiative_id"] == owner) & (dataset.metrics["metric"] == metric)
    ]
    assert len(rows) == 1
    row = rows.iloc[0]
    assert row["value"] == pytest.approx(value, rel=1e-12)
    assert row["unit"] == unit
    assert (None if pd.isna(row["qualifier"]) else row["qualifier"]) == qualifier
    assert row["value_text"] == value_text
    assert (None if pd.isna(row["as_of"]) else row["as_of"]) == as_of
    assert row["source"]


def test_every_initiative_of_the_report_is_there(dataset):
    initiatives = dataset.initiatives
    assert len(initiatives) == 41
    assert initiatives["initiative_id"].is_unique
    models = initiatives.loc[initiatives["gunma_model"].notna()]
    assert len(models) == 15
    assert sorted(
        models.loc[models["gunma_model"] == "ワイズスペンディング", "gunma_model_no"]
    ) == [1, 2]
    assert sorted(models.loc[models["gunma_model"] == "他自治体の見本", "gunma_model_no"]) == list(
        range(1, 14)
    )


def test_survey_is_the_reports_table(dataset):
    scores = {(r.item[:6], r.fiscal_year): r.score for r in dataset.survey.itertuples()}
    assert scores == {
        ("行政手続きが", 2020): 42.3,
        ("行政手続きが", 2021): 44.3,
        ("行政手続きが", 2022): 44.6,
        ("教育の充実を", 2020): 45.8,
        ("教育の充実を", 2021): 51.2,
        ("教育の充実を", 2022): 52.1,
    }


def test_digiden_koshien_winners(dataset):
    awards = dataset.events.loc[dataset.events["event_id"].str.startswith("digiden-koshien")]
    assert sorted(
        zip(awards["award_category"], awards["award_result"], awards["municipality"], strict=True)
    ) == [
        ("アイデア部門", "優勝", "前橋市"),
        ("実装部門（中核市）", "準優勝", "前橋市"),
        ("実装部門（町・村）", "優勝", "嬬恋村"),
    ]


FIGURE_IN_TEXT = re.compile(
    r"約?[0-9][0-9,\.]*(?:億[0-9,]*)?(?:万[0-9,]*)?(?:千)?"
    r"(?:人|回|円|本|件|台|㎡|%|施設|窓口|時間|倍|日間|m)(?:超|程度|以上)?"
)
NOT_FIGURES = {"1人", "1台", "3回"}  # 「1人1台PC」, 「第3回 全日本eスポーツ実況王決定戦」


def test_every_figure_printed_in_the_report_is_in_the_data(dataset):
    if not SEED.exists():
        pytest.skip(f"the report text is not beside this checkout ({SEED})")
    printed = set(FIGURE_IN_TEXT.findall(SEED.read_text(encoding="utf-8"))) - NOT_FIGURES
    stored = set(dataset.metrics["value_text"])
    missing = sorted(p for p in printed if p not in stored)
    assert not missing, f"figures in the report but not in data/source: {missing}"
