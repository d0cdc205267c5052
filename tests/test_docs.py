"""Tests that keep the docs honest: every vocabulary, column and command they name is real."""

from __future__ import annotations

import re

import pytest

from dxdash.data import REPO_ROOT
from dxdash.schema import (
    EVENT_KINDS,
    FIELDS,
    GUNMA_MODEL_TYPES,
    METRIC_CATEGORIES,
    QUALIFIERS,
    REPORT_FIELDS,
    TABLE_SCHEMAS,
)

DATA_DOC = (REPO_ROOT / "docs" / "data.md").read_text(encoding="utf-8")
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "word",
    [*FIELDS, *REPORT_FIELDS, *GUNMA_MODEL_TYPES, *QUALIFIERS, *METRIC_CATEGORIES, *EVENT_KINDS],
)
def test_every_vocabulary_word_is_documented(word):
    assert word in DATA_DOC


@pytest.mark.parametrize(
    ("table", "column"),
    [(name, field.name) for name, schema in TABLE_SCHEMAS.items() for field in schema],
)
def test_every_column_is_documented(table, column):
    assert f"`{column}`" in DATA_DOC or column in DATA_DOC.split(f"### {table}.parquet")[1][:3000]


def _fenced_commands(text: str) -> list[str]:
    return re.findall(r"```bash\n(.*?)\n```", text, flags=re.S)


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in _fenced_commands(README) if "pytest" in c)
    assert test_command in CI_RUN.splitlines()


def test_ci_installs_the_browser_and_japanese_fonts():
    assert "apt-get update" in CI_RUN
    assert re.search(r"apt-get install -y .*chromium.*fonts-noto-cjk", CI_RUN)


def test_readme_run_command_starts_the_app():
    run_command = _fenced_commands(README)[0]
    assert run_command == "pip install -r requirements.txt && streamlit run app.py"


def test_test_files_have_unique_names():
    """pytest (rootdir mode, no __init__.py) cannot collect two test files with one basename."""
    names = [path.name for path in (REPO_ROOT / "tests").rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
