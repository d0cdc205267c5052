"""The language travels as one Locale: no function in src/ takes it as a string, and the
Dataset does not carry one (#24)."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from dxdash.data.dataset import Dataset

SRC = Path(__file__).resolve().parents[1] / "src" / "dxdash"
LANGUAGE_NAMES = {"lang", "language", "lang_code", "language_code"}


def _string_language_parameters(path: Path, root: Path = SRC) -> list[str]:
    """Every parameter of a function in ``path`` named like a language and annotated ``str``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            annotation = ast.unparse(argument.annotation) if argument.annotation else ""
            if argument.arg.lstrip("_") in LANGUAGE_NAMES and "str" in annotation:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name}({argument.arg})")
    return found


def test_no_function_takes_the_language_as_a_string():
    found = [hit for path in sorted(SRC.rglob("*.py")) for hit in _string_language_parameters(path)]
    assert found == []


def test_the_scan_sees_a_language_string(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "def f(rows, *, lang: str = 'ja'):\n    pass\n\n\ndef g(locale, code: str):\n    pass\n",
        encoding="utf-8",
    )
    assert _string_language_parameters(module, tmp_path) == ["m.py:1 f(lang)"]


def test_the_dataset_carries_no_language():
    assert "lang" not in {field.name for field in dataclasses.fields(Dataset)}
