"""The planning page's chart: services per ORP as horizontal stacked bars, by how they reach it
(drawn as SVG by ``planning/_reach.html``)."""

import dataclasses

from directory.planning.coverage import Reach
from directory.planning.tables import ReachRow

CHART_WIDTH = 420
CHART_LABEL_WIDTH = 140
CHART_VALUE_WIDTH = 30
CHART_ROW_HEIGHT = 28
CHART_BAR_HEIGHT = 20
CHART_TOP = 8
CHART_LABEL_CHARS = 16


# Told apart by more than colour: solid, hatched (pattern defined in the template), light.
CHART_FILLS = {
    Reach.PREMISES: "#073763",
    Reach.OUTREACH: "url(#planning-hatch)",
    Reach.AREA: "#c9ced4",
}


@dataclasses.dataclass(frozen=True)
class Segment:
    mode: Reach
    fill: str
    x: float
    width: float
    value: int


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    y: int
    text_y: int
    segments: list[Segment]
    total: int
    total_x: float


def geometry(rows: list[ReachRow]) -> dict:
    """Geometry of a horizontal stacked bar chart of services per ORP (SVG user units)."""
    scale_width = CHART_WIDTH - CHART_LABEL_WIDTH - CHART_VALUE_WIDTH
    largest = max((row.total for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        y = CHART_TOP + index * CHART_ROW_HEIGHT
        x = float(CHART_LABEL_WIDTH)
        segments = []
        values = (
            (Reach.PREMISES, row.premises),
            (Reach.OUTREACH, row.outreach),
            (Reach.AREA, row.area),
        )
        for mode, value in values:
            width = round(scale_width * value / largest, 1)
            if value:
                segments.append(
                    Segment(mode=mode, fill=CHART_FILLS[mode], x=x, width=width, value=value)
                )
            x += width
        label = row.orp.name
        if len(label) > CHART_LABEL_CHARS:
            label = label[: CHART_LABEL_CHARS - 1] + "…"
        bars.append(
            Bar(
                label=label,
                y=y,
                text_y=y + CHART_BAR_HEIGHT - 5,
                segments=segments,
                total=row.total,
                total_x=round(x + 6, 1),
            )
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_TOP * 2 + len(rows) * CHART_ROW_HEIGHT,
        "bar_height": CHART_BAR_HEIGHT,
        "label_x": 0,
        "axis_x": CHART_LABEL_WIDTH,
        "bars": bars,
    }
