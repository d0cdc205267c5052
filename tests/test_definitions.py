"""Figure definitions: the committed file defines every figure and qualifier, in both languages;
a malformed file is refused with the entry and key named."""

from __future__ import annotations

import pytest

from dxdash.data.dataset import load_dataset
from dxdash.data.definitions import (
    DEFINITIONS_YAML,
    definition_problems,
    load_definitions,
    parse_definitions,
    read_definitions,
)
from dxdash.data.validation import DataError
from dxdash.data.vocabulary import QUALIFIERS
from dxdash.locale import get_locale


def _entry(**overrides):
    entry = {
        "id": "line-friends",
        "initiative_id": "line-digital-window",
        "metric": "友だち登録数",
        "counts": {"ja": "登録した人の数です。", "en": "The number of people who registered."},
    }
    entry.update(overrides)
    return {key: value for key, value in entry.items() if value is not None}


def test_the_committed_file_defines_every_figure_and_qualifier_of_the_data():
    metrics = load_dataset().metrics
    problems = definition_problems(
        read_definitions(),
        zip(metrics["initiative_id"], metrics["metric"], strict=True),
        QUALIFIERS,
    )
    assert problems == []


def test_every_committed_definition_is_given_in_both_languages_and_in_easy_japanese():
    definitions = read_definitions()
    for entry in definitions.figures:
        assert set(entry.counts) == {"ja", "en", "easy"}, entry.id
        assert set(entry.note) in (set(), {"ja", "en", "easy"}), entry.id
        assert entry.counts["ja"].endswith("。"), entry.id
        assert entry.counts["en"].rstrip('"”').endswith("."), entry.id
        assert entry.counts["easy"].endswith("。"), entry.id
        assert entry.counts["easy"] != entry.counts["ja"], entry.id
    for qualifier, texts in definitions.qualifiers.items():
        assert set(texts) == {"ja", "en", "easy"}, qualifier


def test_easy_japanese_is_optional_in_an_edited_file_and_then_reads_the_japanese():
    parsed = parse_definitions({"figures": [_entry()]})
    assert get_locale("easy").pick(parsed.figures[0].counts) == parsed.figures[0].counts["ja"]


def test_load_definitions_reads_once_per_change(tmp_path):
    path = tmp_path / "definitions.yaml"
    path.write_text(DEFINITIONS_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    first = load_definitions(path)
    assert load_definitions(path) is first


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([_entry(id="Line Friends")], "id 'Line Friends' は英小文字・数字・ハイフンにしてください"),
        ([_entry(), _entry(metric="他")], "2件目（id: line-friends）: id が 1件目と同じです"),
        (
            [_entry(counts={"ja": "数です。"})],
            "1件目（id: line-friends）: 「counts」の en がありません",
        ),
        ([_entry(counts="数です。")], "「counts」は ja と en の2つの文にしてください"),
        ([_entry(counts={"ja": "一\n二", "en": "x."})], "「counts」の ja に改行があります"),
        ([_entry(note={"ja": "注です。"})], "「note」の en がありません"),
        ([_entry(metric="")], "initiative_id と metric を書いてください"),
        ([_entry(extra=1)], "知らない項目 extra があります"),
        (["line-friends"], "1件目: id・initiative_id・metric・counts を持つ項目にしてください"),
    ],
)
def test_a_malformed_entry_is_named(entries, message):
    with pytest.raises(DataError) as raised:
        parse_definitions({"figures": entries})
    assert any(message in problem for problem in raised.value.problems), raised.value.problems


def test_a_file_without_figures_is_refused():
    with pytest.raises(DataError, match="figures"):
        parse_definitions({"qualifiers": {}})


def test_an_unreadable_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "definitions.yaml"
    path.write_text("figures: [\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"definitions\.yaml: 読めません"):
        read_definitions(path)


def test_problems_name_missing_and_stale_definitions_and_qualifiers():
    definitions = parse_definitions(
        {"figures": [_entry()], "qualifiers": {"約": {"ja": "おおよそ。", "en": "About."}}}
    )
    problems = definition_problems(definitions, [("g-walk", "インストール数")], ["約", "超"])
    assert problems == [
        "数値「インストール数」（g-walk）の定義が definitions.yaml にありません",
        "definitions.yaml の id line-friends: 数値「友だち登録数」（line-digital-window）はデータにありません",
        "definitions.yaml の qualifiers に「超」の意味がありません",
    ]


def test_lookups_by_id_and_by_figure():
    definitions = parse_definitions({"figures": [_entry()]})
    assert definitions.by_id("line-friends").metric == "友だち登録数"
    assert definitions.of("line-digital-window", "友だち登録数").id == "line-friends"
    assert definitions.by_id("nothing") is None
    assert definitions.of("line-digital-window", "他") is None
