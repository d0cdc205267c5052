"""The palette stays distinguishable under colour-blindness and all text passes WCAG AA."""

from __future__ import annotations

import itertools
import math

import pytest

from dxdash.charts import theme

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
SIMULATIONS = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
}
MIN_DELTA_E = 12.0  # CIE76 ΔE between any two 分野 colours, in every simulation


def _linear(hex_color: str) -> list[float]:
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _simulate(hex_color: str, matrix) -> tuple[float, float, float]:
    rgb = _linear(hex_color)
    return _lab(
        [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in matrix]
    )


@pytest.mark.parametrize("vision", list(SIMULATIONS))
def test_field_colours_stay_apart(vision):
    simulated = {k: _simulate(v, SIMULATIONS[vision]) for k, v in theme.FIELD_COLORS.items()}
    closest = min(
        (math.dist(simulated[a], simulated[b]), a, b)
        for a, b in itertools.combinations(simulated, 2)
    )
    assert closest[0] >= MIN_DELTA_E, closest


def _luminance(hex_color: str) -> float:
    r, g, b = _linear(hex_color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str = "#FFFFFF") -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("color", [theme.TEXT_COLOR, theme.MUTED_TEXT_COLOR, theme.ACCENT_COLOR])
def test_text_colours_pass_wcag_aa(color):
    assert contrast(color) >= 4.5


def test_every_field_has_one_fixed_colour():
    assert theme.field_domain()[: len(theme.FIELD_COLORS)] == list(theme.FIELD_COLORS)
    assert len(set(theme.FIELD_COLORS.values())) == len(theme.FIELD_COLORS)
