"""What each figure counts, in Japanese and English (and やさしい日本語): data/source/definitions.yaml,
read and checked.

Definitions are reviewed text beside the other source files, not part of a data version: an
import that adds a figure keeps serving, and the figure's page says its definition is missing
(``definition_problems`` names it, and the committed data is checked to have none missing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from dxdash.data.dataset import REPO_ROOT
from dxdash.data.validation import DataError

DEFINITIONS_YAML = REPO_ROOT / "data" / "source" / "definitions.yaml"
LANGUAGES = ("ja", "en")  # every text of a definition is given in both
READINGS = (*LANGUAGES, "easy")  # and may be given in やさしい日本語 (else the Japanese is read)
FIGURE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the URL id: /figure?id=line-friends
MAX_ID_CHARS = 60


@dataclass(frozen=True)
class Definition:
    """One figure's definition: its URL id, the figure it defines, and texts by language."""

    id: str
    initiative_id: str
    metric: str
    counts: Mapping[str, str]  # what is counted or measured
    note: Mapping[str, str]  # how to read it (empty when the report gives nothing more)


@dataclass(frozen=True)
class Definitions:
    """Every figure's definition and every qualifier's meaning, with lookups both ways."""

    figures: tuple[Definition, ...]
    qualifiers: Mapping[str, Mapping[str, str]]  # 約 → {"ja": …, "en": …, "easy": …}
    _ids: dict[str, Definition] = field(init=False, repr=False, compare=False)
    _figures: dict[tuple[str, str], Definition] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids: dict[str, Definition] = {}
        figures: dict[tuple[str, str], Definition] = {}
        for entry in self.figures:  # the first entry wins a duplicate (parse refuses them)
            ids.setdefault(entry.id, entry)
            figures.setdefault((entry.initiative_id, entry.metric), entry)
        object.__setattr__(self, "_ids", ids)
        object.__setattr__(self, "_figures", figures)

    def by_id(self, figure_id: str) -> Definition | None:
        """The definition with this URL id, or None."""
        return self._ids.get(figure_id)

    def of(self, initiative_id: str, metric: str) -> Definition | None:
        """The definition of a figure (initiative or program id, metric), or None."""
        return self._figures.get((initiative_id, metric))


def _texts(value: Any, where: str, key: str, problems: list[str], required: bool) -> dict[str, str]:
    """A {ja, en[, easy]} mapping of one key, each text one line; problems name the entry and key."""
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: 「{key}」は ja と en の2つの文にしてください")
        return {}
    texts: dict[str, str] = {}
    for code in READINGS:
        text = value.get(code)
        if code not in LANGUAGES and text is None:
            continue  # やさしい日本語 is optional here (the Japanese is read); tests ask for it
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: 「{key}」の {code} がありません")
        elif "\n" in text.strip():
            problems.append(f"{where}: 「{key}」の {code} に改行があります（1行にしてください）")
        else:
            texts[code] = text.strip()
    unknown = sorted(set(value) - set(READINGS))
    if unknown:
        problems.append(
            f"{where}: 「{key}」に知らない言語 {', '.join(map(str, unknown))} があります"
        )
    return texts


def parse_definitions(document: Any, name: str = "definitions.yaml") -> Definitions:
    """Definitions from the YAML document; every malformed entry named (file, entry, key)."""
    problems: list[str] = []
    if not isinstance(document, dict) or not isinstance(document.get("figures"), list):
        raise DataError([f"{name}: 「figures:」の一覧がありません"])
    entries: list[Definition] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(document["figures"], start=1):
        where = f"{name} の {number}件目"
        if not isinstance(item, dict):
            problems.append(f"{where}: id・initiative_id・metric・counts を持つ項目にしてください")
            continue
        figure_id = item.get("id")
        if not isinstance(figure_id, str) or not FIGURE_ID.fullmatch(figure_id):
            problems.append(
                f"{where}: id {figure_id!r} は英小文字・数字・ハイフンにしてください（例 line-friends）"
            )
            continue
        where = f"{name} の {number}件目（id: {figure_id}）"
        if len(figure_id) > MAX_ID_CHARS:
            problems.append(f"{where}: id は{MAX_ID_CHARS}文字までにしてください")
        if figure_id in seen:
            problems.append(f"{where}: id が {seen[figure_id]}件目と同じです")
        seen.setdefault(figure_id, number)
        owner, metric = item.get("initiative_id"), item.get("metric")
        if not isinstance(owner, str) or not owner or not isinstance(metric, str) or not metric:
            problems.append(f"{where}: initiative_id と metric を書いてください")
            continue
        counts = _texts(item.get("counts"), where, "counts", problems, required=True)
        note = _texts(item.get("note"), where, "note", problems, required=False)
        unknown = sorted(set(item) - {"id", "initiative_id", "metric", "counts", "note"})
        if unknown:
            problems.append(f"{where}: 知らない項目 {', '.join(map(str, unknown))} があります")
        entries.append(Definition(figure_id, owner, metric, counts, note))
    qualifiers: dict[str, dict[str, str]] = {}
    for qualifier, texts in (document.get("qualifiers") or {}).items():
        where = f"{name} の qualifiers「{qualifier}」"
        qualifiers[str(qualifier)] = _texts(texts, where, "意味", problems, required=True)
    if problems:
        raise DataError(problems)
    return Definitions(tuple(entries), qualifiers)


def read_definitions(path: Path = DEFINITIONS_YAML) -> Definitions:
    """Read and parse a definitions file; a missing or unreadable file is a DataError."""
    try:
        document = yaml.load(  # libyaml's safe loader where PyYAML has it (10× faster)
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataError([f"{path.name}: 読めません: {exc}"]) from exc
    return parse_definitions(document, path.name)


@lru_cache(maxsize=4)
def _read_cached(path: Path, mtime_ns: int) -> Definitions:
    del mtime_ns  # part of the key: an edited file is read again
    return read_definitions(path)


def load_definitions(path: Path = DEFINITIONS_YAML) -> Definitions:
    """The definitions, read once per change of the file (shared read-only)."""
    try:
        mtime_ns = path.stat().st_mtime_ns
    except OSError as exc:
        raise DataError([f"{path.name}: ありません: {exc}"]) from exc
    return _read_cached(path, mtime_ns)


def definition_problems(
    definitions: Definitions, figures: Iterable[tuple[str, str]], qualifiers: Iterable[str]
) -> list[str]:
    """What the definitions lack for these figures (initiative, metric) and qualifiers, and
    definitions of figures the data does not have: one Japanese sentence each."""
    wanted = list(dict.fromkeys(figures))
    present = set(wanted)
    defined = {(d.initiative_id, d.metric): d for d in definitions.figures}
    problems = [
        f"数値「{metric}」（{owner}）の定義が definitions.yaml にありません"
        for owner, metric in wanted
        if (owner, metric) not in defined
    ]
    problems += [
        f"definitions.yaml の id {d.id}: 数値「{d.metric}」（{d.initiative_id}）はデータにありません"
        for key, d in defined.items()
        if key not in present
    ]
    problems += [
        f"definitions.yaml の qualifiers に「{q}」の意味がありません"
        for q in dict.fromkeys(qualifiers)
        if q not in definitions.qualifiers
    ]
    return problems
