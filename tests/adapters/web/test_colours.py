"""The pages' colours meet WCAG AA contrast: text 4.5:1 on the backgrounds it is shown on, the
chart's colours and the focus ring 3:1 (read from the shipped stylesheet and the chart's table)."""

from __future__ import annotations

import re
from importlib.resources import files

import pytest

from clearline.adapters.web.operator_page import _COLOURS as CHART_COLOURS

CSS = (files("clearline.adapters.web") / "static" / "clearline.css").read_text()
VARIABLES = dict(re.findall(r"--([a-z]+):\s*(#[0-9a-f]{6})", CSS))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours."""
    lighter, darker = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        (text, background)
        for text in ("ink", "muted", "accent", "bad", "good")
        for background in ("paper", "soft")
    ]
    + [("paper", "accent")],  # the header and the buttons
)
def test_text_colours_have_4_5_to_1(text: str, background: str) -> None:
    assert contrast(VARIABLES[text], VARIABLES[background]) >= 4.5


@pytest.mark.parametrize("action", sorted(CHART_COLOURS))
def test_chart_colours_have_3_to_1_on_white(action: str) -> None:
    assert contrast(CHART_COLOURS[action], VARIABLES["paper"]) >= 3.0


def test_the_focus_ring_has_3_to_1_on_the_page_and_its_cards() -> None:
    ring = re.search(r"^:focus-visible \{ outline: 3px solid (#[0-9a-f]{6})", CSS, re.M)
    assert ring is not None
    for background in ("paper", "soft"):
        assert contrast(ring.group(1), VARIABLES[background]) >= 3.0
