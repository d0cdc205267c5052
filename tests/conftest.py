"""Fixtures shared by the unit tests: the report's data as the app loads it."""

from __future__ import annotations

import pytest

from dxdash import views
from dxdash.data import load_dataset


@pytest.fixture(scope="module")
def dataset():
    """The committed data (data/), loaded once per test module."""
    return load_dataset()


@pytest.fixture(scope="module")
def labelled(dataset):
    """Every figure with its display columns (views.with_labels), in Japanese."""
    return views.with_labels(dataset.metrics, dataset.initiatives, dataset.programs)
