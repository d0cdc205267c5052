"""The slides' logical canvas: its sizes in canvas pixels, its type sizes and chart scale."""

from __future__ import annotations

# The logical canvas every slide is laid out on (reveal.js's way): 720 canvas pixels tall and
# 1280 wide on a 16:9 screen or wider, 960 wide on a narrower one (16:10, 4:3, a phone held
# upright). Everything is sized in canvas pixels (`U`: one canvas pixel is `--u` screen pixels)
# and the canvas is scaled to the screen, letterboxed: the same slide, larger or smaller. Two
# widths, not one: a 16:9 slide letterboxed on a 4:3 projector would lose a quarter of its
# height, and its text would fall under a readable share of the screen.
CANVAS_HEIGHT = 720
CANVAS_WIDTHS = {"wide": 1280, "standard": 960}
WIDE_FROM_ASPECT = "17/10"  # 16:9 (1.78) takes the wide canvas; 16:10 (1.6) the standard one
PAD_TOP, PAD_SIDE, NAV_HEIGHT = 20, 40, 76
SLIDE_HEIGHT = CANVAS_HEIGHT - PAD_TOP - NAV_HEIGHT  # title to source, above the navigation
TITLE_PX, TAKEAWAY_PX, BODY_PX = 44, 28, 24  # body 24 of 720: 3.3% of the screen's height
LINE = 1.3  # line height of body text
# Charts are drawn for the canvas (an SVG image scaled with it): chart text ≥ 20 canvas px.
CHART_SCALE = 1.45
