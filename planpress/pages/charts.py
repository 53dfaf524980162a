"""Static SVG charts of measures, drawn at build time: no JavaScript, nothing to load.

A chart is for people who can see it; everyone else gets the same figures from the data
table that always follows it, and from the chart's `<title>` and `<desc>`, which say what
it shows in words (what is measured, in what unit, the range of the figures, the targets).
Few points are drawn as bars, many as lines. Actual figures and targets differ in shape as
well as colour (solid bars or lines against dashed lines or hatched bars), and targets are
labelled with their values, so nothing depends on telling colours apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from planpress.plan.model import Direction, Measure

WIDTH = 560
HEIGHT = 320
LEFT = 64
RIGHT = 16
TOP = 60
BOTTOM = 44
FONT = 16
"""Text size in the chart's own units: the chart is drawn about as wide as its viewBox,
so this is close to the page's 16 px text (and it grows and shrinks with zoom)."""
MAX_BARS = 6
"""More points than this are drawn as a line chart."""

ACTUAL_COLOUR = "#1d70b8"
"""GOV.UK blue: 5.2:1 against white, above the 3:1 that graphics need (WCAG 1.4.11)."""
TARGET_COLOUR = "#0b0c0c"
AXIS_COLOUR = "#505a5f"
GRID_COLOUR = "#b1b4b6"


def format_number(value: float) -> str:
    """A figure as people write it: `1,200`, `17.98`, `8` (never `8.0` or `1.2e3`)."""
    if math.isclose(value, round(value)) and abs(value) < 1e15:
        return f"{round(value):,}"
    return format(value, ",.15g")


def format_quantity(value: float, unit: str) -> str:
    """`70%` for percentages, `400 health checks` for counts."""
    number = format_number(value)
    return f"{number}%" if unit.strip() == "%" else f"{number} {unit}"


def format_cell(value: float | None, unit: str) -> str:
    """A table cell: the number, with `%` for percentages; empty when there is no figure."""
    if value is None:
        return ""
    return f"{format_number(value)}%" if unit.strip() == "%" else format_number(value)


@dataclass(frozen=True)
class Scale:
    """The value axis: from `low` to `high` in `step`s, mapped onto the plot's height."""

    low: float
    high: float
    step: float

    def y(self, value: float) -> float:
        plot = HEIGHT - TOP - BOTTOM
        return TOP + plot - (value - self.low) / (self.high - self.low) * plot

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [self.low + i * self.step for i in range(count + 1)]


def nice_scale(values: Sequence[float]) -> Scale:
    """An axis from zero (or below, for negative figures) to a round number above the largest."""
    low = min(0.0, *values)
    high = max(0.0, *values)
    high += (high - low) * 0.12  # room for the labels above the tallest bar or point
    if high == low:
        high = low + 1
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return Scale(math.floor(low / step) * step, math.ceil(high / step) * step, step)


def chart_kind(measure: Measure) -> str:
    """`bar` for a few periods, `line` for a longer series."""
    return "bar" if len(measure.points) <= MAX_BARS else "line"


def _range_words(pairs: list[tuple[str, float]], unit: str, what: str) -> str:
    if not pairs:
        return ""
    if len(pairs) == 1:
        period, value = pairs[0]
        return f"The {what} for {period} is {format_quantity(value, unit)}."
    values = {v for _, v in pairs}
    if len(values) == 1:
        return f"The {what} is {format_quantity(pairs[0][1], unit)} in every period."
    low = min(pairs, key=lambda p: p[1])
    high = max(pairs, key=lambda p: p[1])
    first, last = pairs[0], pairs[-1]
    return (
        f"{what.capitalize()}s go from {format_quantity(first[1], unit)} in {first[0]} "
        f"to {format_quantity(last[1], unit)} in {last[0]}, "
        f"lowest {format_quantity(low[1], unit)} ({low[0]}), highest {format_quantity(high[1], unit)} ({high[0]})."
    )


def chart_title(measure: Measure) -> str:
    """The chart's name: what is measured and in what unit."""
    return f"{measure.title} ({measure.unit_label})"


def chart_description(measure: Measure) -> str:
    """What the chart shows, in words: kind, periods, range of figures, targets, direction."""
    points = measure.points
    periods = (
        f"for {points[0].period}"
        if len(points) == 1
        else f"for {len(points)} periods from {points[0].period} to {points[-1].period}"
    )
    actuals = [(p.period, p.actual) for p in points if p.actual is not None]
    targets = [(p.period, p.target) for p in points if p.target is not None]
    parts = [
        f"{chart_kind(measure).capitalize()} chart of {measure.title}, in {measure.unit_label}, {periods}."
    ]
    parts.append(_range_words(actuals, measure.unit, "actual figure") or "There are no actual figures yet.")
    parts.append(_range_words(targets, measure.unit, "target") or "There are no targets.")
    if measure.direction is Direction.LOWER_IS_BETTER:
        parts.append("Lower is better.")
    elif measure.direction is Direction.HIGHER_IS_BETTER:
        parts.append("Higher is better.")
    parts.append("The table after the chart gives every figure.")
    return " ".join(parts)


def _text(
    x: float,
    y: float,
    content: str,
    anchor: str = "middle",
    css: str = "",
    weight: str = "",
    fill: str = "#0b0c0c",
) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}"{bold}'
        f' class="{css}" fill="{fill}">{escape(content)}</text>'
    )


def _label_every(count: int, slot: float, labels: Sequence[str]) -> int:
    """Show every n-th period label so that they do not overlap."""
    longest = max((len(label) for label in labels), default=1) * FONT * 0.6 + 8
    return max(1, math.ceil(longest / slot)) if slot > 0 else count


def measure_chart(measure: Measure, chart_id: str) -> str:
    """The chart of one measure as inline SVG, named by its `<title>` and `<desc>`."""
    points = measure.points
    values = [v for p in points for v in (p.target, p.actual) if v is not None]
    scale = nice_scale(values)
    plot_w = WIDTH - LEFT - RIGHT
    slot = plot_w / len(points)
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    kind = chart_kind(measure)
    has_actual = any(p.actual is not None for p in points)
    has_target = any(p.target is not None for p in points)
    parts = [
        f'<svg class="pp-chart pp-chart--{kind}" role="img" aria-labelledby="{title_id} {desc_id}"'
        f' viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(chart_title(measure))}</title>',
        f'<desc id="{desc_id}">{escape(chart_description(measure))}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="8" height="8" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8"'
        f' stroke="{AXIS_COLOUR}" stroke-width="3"/></pattern></defs>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    # grid and value axis
    for tick in scale.ticks():
        y = scale.y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="{GRID_COLOUR}"'
            ' stroke-width="1"/>'
        )
        parts.append(_text(LEFT - 8, y + FONT / 3, format_cell(tick, measure.unit), "end", "pp-chart__tick"))
    zero = scale.y(max(scale.low, 0.0))
    parts.append(
        f'<line x1="{LEFT}" y1="{zero:.1f}" x2="{WIDTH - RIGHT}" y2="{zero:.1f}" stroke="{AXIS_COLOUR}"'
        ' stroke-width="2"/>'
    )
    # period axis
    every = _label_every(len(points), slot, [p.period for p in points])
    for i, point in enumerate(points):
        if i % every == 0 or (i == len(points) - 1 and every == 1):
            x = LEFT + slot * (i + 0.5)
            parts.append(_text(x, HEIGHT - BOTTOM + FONT + 10, point.period, css="pp-chart__period"))
    parts.extend(_bars(measure, scale, slot, chart_id) if kind == "bar" else _lines(measure, scale, slot))
    parts.extend(_legend(has_actual, has_target, kind, chart_id))
    parts.append("</svg>")
    return "".join(parts)


def _bars(measure: Measure, scale: Scale, slot: float, chart_id: str) -> list[str]:
    """Actual figures as solid bars and targets as dashed lines; targets alone as hatched bars."""
    parts: list[str] = []
    unit = measure.unit
    has_actual = any(p.actual is not None for p in measure.points)
    base = scale.y(max(scale.low, 0.0))
    width = min(slot * 0.5, 120)
    for i, point in enumerate(measure.points):
        centre = LEFT + slot * (i + 0.5)
        highest = base  # the top of what is drawn for this period so far
        if has_actual and point.actual is not None:
            top = scale.y(point.actual)
            y, height = min(top, base), abs(base - top)
            parts.append(
                f'<rect class="pp-chart__actual" x="{centre - width / 2:.1f}" y="{y:.1f}" width="{width:.1f}"'
                f' height="{height:.1f}" fill="{ACTUAL_COLOUR}"/>'
            )
            # The figure goes inside the top of its bar, or above it: wherever the target
            # line does not cross it.
            target_y = scale.y(point.target) if point.target is not None else None
            inside = height > FONT + 12 and not _crosses(target_y, top + 6, top + FONT + 8)
            if not inside and _crosses(target_y, top - FONT - 8, top - 2):
                inside = height > FONT + 12
            parts.append(
                _text(
                    centre,
                    top + FONT + 6 if inside else top - 6,
                    format_cell(point.actual, unit),
                    css="pp-chart__value",
                    weight="bold",
                    fill="#ffffff" if inside else "#0b0c0c",
                )
            )
            highest = top if inside else top - FONT - 8
        if point.target is None:
            continue
        y = scale.y(point.target)
        label = f"Target {format_cell(point.target, unit)}"
        if has_actual:
            half = width / 2 + 10
            parts.append(
                f'<line class="pp-chart__target" x1="{centre - half:.1f}" y1="{y:.1f}" x2="{centre + half:.1f}"'
                f' y2="{y:.1f}" stroke="{TARGET_COLOUR}" stroke-width="3" stroke-dasharray="8 4"/>'
            )
            if len(label) * FONT * 0.6 <= slot / 2 - half - 4:
                # Beside the end of its line, before the next period: not over this bar.
                parts.append(_text(centre + half + 4, y + FONT / 3, label, "start", "pp-chart__value"))
            else:
                # Above the line and above this period's bar and figure.
                parts.append(_text(centre, min(y, highest) - 8, label, css="pp-chart__value"))
        else:
            y0, height = min(y, base), abs(base - y)
            parts.append(
                f'<rect class="pp-chart__target" x="{centre - width / 2:.1f}" y="{y0:.1f}" width="{width:.1f}"'
                f' height="{height:.1f}" fill="url(#{chart_id}-hatch)" stroke="{TARGET_COLOUR}"'
                ' stroke-width="2" stroke-dasharray="8 4"/>'
            )
            parts.append(_text(centre, y - 8, label, css="pp-chart__value"))
    return parts


def _crosses(line_y: float | None, top: float, bottom: float) -> bool:
    """Whether a horizontal line at `line_y` runs through the band from `top` to `bottom`."""
    return line_y is not None and top - 2 <= line_y <= bottom + 2


def _lines(measure: Measure, scale: Scale, slot: float) -> list[str]:
    """Actual figures as a solid line with dots, targets as a dashed line with squares."""
    parts: list[str] = []
    unit = measure.unit
    series = (
        ("actual", [p.actual for p in measure.points], ACTUAL_COLOUR, ""),
        ("target", [p.target for p in measure.points], TARGET_COLOUR, ' stroke-dasharray="8 4"'),
    )
    for name, values, colour, dash in series:
        segment: list[str] = []
        segments: list[list[str]] = []
        for i, value in enumerate(values):
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{LEFT + slot * (i + 0.5):.1f},{scale.y(value):.1f}")
        if segment:
            segments.append(segment)
        for points in segments:
            if len(points) > 1:
                parts.append(
                    f'<polyline class="pp-chart__{name}" points="{" ".join(points)}" fill="none"'
                    f' stroke="{colour}" stroke-width="3"{dash}/>'
                )
        last = None
        for i, value in enumerate(values):
            if value is None:
                continue
            x, y = LEFT + slot * (i + 0.5), scale.y(value)
            if name == "actual":
                parts.append(
                    f'<circle class="pp-chart__actual" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'
                )
            else:
                parts.append(
                    f'<rect class="pp-chart__target" x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10"'
                    f' fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
                )
            last = (x, y, value)
        if last is not None:
            x, y, value = last
            label = format_cell(value, unit) if name == "actual" else f"Target {format_cell(value, unit)}"
            parts.append(
                _text(x, y - 12, label, "end" if x > WIDTH / 2 else "start", "pp-chart__value", "bold")
            )
    return parts


def _legend(has_actual: bool, has_target: bool, kind: str, chart_id: str) -> list[str]:
    """A key at the top: what the solid and the dashed marks mean."""
    parts: list[str] = []
    x = LEFT
    y = 24
    if has_actual:
        if kind == "bar":
            parts.append(f'<rect x="{x}" y="{y - 12}" width="16" height="16" fill="{ACTUAL_COLOUR}"/>')
        else:
            parts.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{ACTUAL_COLOUR}" stroke-width="3"/>'
                f'<circle cx="{x + 12}" cy="{y - 4}" r="5" fill="{ACTUAL_COLOUR}"/>'
            )
        parts.append(_text(x + 30, y + 1, "Actual", "start", "pp-chart__key"))
        x += 120
    if has_target:
        if kind == "bar" and not has_actual:
            parts.append(
                f'<rect x="{x}" y="{y - 12}" width="16" height="16" fill="url(#{chart_id}-hatch)"'
                f' stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="4 2"/>'
            )
        else:
            parts.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 24}" y2="{y - 4}" stroke="{TARGET_COLOUR}"'
                ' stroke-width="3" stroke-dasharray="8 4"/>'
            )
        parts.append(_text(x + 30, y + 1, "Target", "start", "pp-chart__key"))
    return parts
