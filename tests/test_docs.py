"""Tests that keep the docs honest: every vocabulary, column and command they name is real."""

from __future__ import annotations

import re

import pytest

from dxdash.data.dataset import REPO_ROOT
from dxdash.data.schema import TABLE_SCHEMAS
from dxdash.data.vocabulary import (
    EVENT_KINDS,
    FIELDS,
    GUNMA_MODEL_TYPES,
    METRIC_CATEGORIES,
    QUALIFIERS,
    REPORT_FIELDS,
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


def _readme_section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def _ci_commands() -> list[str]:
    """.ci/run's commands: every line that is not blank, a comment or shell set-up."""
    lines = [line.strip() for line in CI_RUN.splitlines()]
    setup = ("set -euo pipefail", 'cd "$(dirname "$0")/.."')
    return [line for line in lines if line and not line.startswith("#") and line not in setup]


def test_ci_runs_exactly_the_readme_test_command():
    """CI runs the README's test command itself, so a green CI means a newcomer's run passes."""
    test_command = _fenced_commands(_readme_section("Run the tests"))[0]
    assert test_command == "scripts/test"
    commands = _ci_commands()
    assert commands[0] == test_command
    # Nothing else in CI may install what the tests need (the test command must do it all).
    for command in commands[1:]:
        assert command.startswith("python -m ruff "), command
        assert not re.search(r"apt-get|npm|pip install|playwright install", command), command


def test_test_command_installs_what_the_tests_need():
    script = (REPO_ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert (REPO_ROOT / "scripts" / "test").stat().st_mode & 0o111, "scripts/test is executable"
    assert re.search(r"packages=\(fonts-noto-cjk nginx poppler-utils\)", script)
    assert "packages=(chromium " in script
    assert "apt-get update" in script
    assert "npm ci" in script
    assert "-m pip install -q -r requirements-dev.txt" in script
    assert re.search(r"-m pytest --with-browser\b", script)


def test_readme_run_command_starts_the_app():
    run_command = _fenced_commands(README)[0]
    assert run_command == "pip install -r requirements.txt && streamlit run app.py"


def test_test_files_have_unique_names():
    """pytest (rootdir mode, no __init__.py) cannot collect two test files with one basename."""
    names = [path.name for path in (REPO_ROOT / "tests").rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def _layout_table() -> dict[str, str]:
    """README's Layout table: path → what lives there."""
    section = README.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, flags=re.M)
    return dict(rows)


def test_readme_layout_names_every_package_and_module():
    """The Layout table matches the tree: each package of src/dxdash has a row naming its modules."""
    layout = _layout_table()
    source = REPO_ROOT / "src" / "dxdash"
    packages = sorted(p for p in source.rglob("__init__.py"))
    for init in packages:
        package = init.parent.relative_to(REPO_ROOT).as_posix() + "/"
        assert package in layout, f"README Layout has no row for {package}"
        modules = [m.stem for m in init.parent.glob("*.py") if m.stem != "__init__"]
        for module in modules:
            assert f"`{module}`" in layout[package], f"{package}{module}.py is not in README Layout"
    for path in layout:
        assert (REPO_ROOT / path.rstrip("/")).exists(), (
            f"README Layout names {path}, not in the tree"
        )
