"""Progress charts: every foot and method told apart the same way in every chart, one axis per
unit, legends that cover nothing, and a legend for the training days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from builders import measurement
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from footwork.domain.measures import KINDS, MeasureKind, Method
from footwork.domain.progress import DayTally, adherence, build_series
from footwork.domain.sides import Side
from footwork.services.chart_style import PAIN_UNIT, series_label, series_style
from footwork.services.charts import panels, progress_figure
from footwork.services.progress import Outcome, ProgressReport
from footwork.web.charts import measure_figures, outcome_figures

TODAY = date(2026, 3, 30)
L, R = Side.LEFT, Side.RIGHT
BIG_TOE = MeasureKind.BIG_TOE_EXTENSION


def _note(days_ago: int, kind: str, value: float, unit: str) -> Outcome:
    return Outcome(datetime(2026, 3, 29, 8) - timedelta(days=days_ago), kind, value, unit, "")


def _report() -> ProgressReport:
    """Both feet by goniometer, the right foot also by photo; pain, a lift and a run time."""
    readings = [
        measurement(BIG_TOE, side, value, method=method, taken_at=datetime(2026, 3, day, 9))
        for side, method, day, value in [
            (L, Method.GONIOMETER, 2, 44), (L, Method.GONIOMETER, 20, 52),
            (R, Method.GONIOMETER, 2, 48), (R, Method.GONIOMETER, 20, 55),
            (R, Method.PHOTO, 6, 50), (R, Method.PHOTO, 27, 58),
        ]
    ]  # fmt: skip
    notes = [_note(d, "pain", v, PAIN_UNIT) for d, v in ((25, 6), (14, 9.8), (1, 10))]
    notes += [_note(d, "squat-1rm", v, "kg") for d, v in ((24, 100), (2, 110))]
    notes += [_note(d, "5k-time", v, "min") for d, v in ((20, 27.5), (3, 26))]
    days = [TODAY - timedelta(days=n) for n in (0, 1, 2, 5, 9)]
    return ProgressReport("Sam", TODAY, build_series(readings), adherence(days, TODAY), days, notes)


def test_every_method_of_a_foot_has_its_own_marker_and_colour_for_every_measure():
    for kind, spec in KINDS.items():
        for side in Side:
            styles = [series_style(side, m) for m in spec.methods]
            assert len({s.colour for s in styles}) == len(styles), (kind, side)
            assert len({s.method.plotly_symbol for s in styles}) == len(styles), kind
            assert len({s.method.matplotlib_marker for s in styles}) == len(styles), kind
    left = {series_style(L, m).colour for m in Method}
    assert left.isdisjoint(series_style(R, m).colour for m in Method)


def test_the_web_chart_tells_the_right_foots_goniometer_from_its_photo():
    [fig] = measure_figures(_report())
    lines = {t["name"]: t for t in fig["data"] if t.get("mode") == "lines+markers"}
    gonio, photo = lines["right (goniometer)"], lines["right (photo)"]
    assert gonio["line"]["color"] != photo["line"]["color"]
    assert gonio["marker"]["symbol"] != photo["marker"]["symbol"]
    assert gonio["line"]["dash"] != photo["line"]["dash"]


def test_the_png_chart_draws_each_series_as_the_web_chart_does():
    report = _report()
    [web] = measure_figures(report)
    web_styles = {
        t["name"]: (t["line"]["color"], t["marker"]["symbol"])
        for t in web["data"]
        if t.get("mode") == "lines+markers"
    }
    ax = progress_figure(report).axes[0]
    png_lines = {
        line.get_label(): line for line in ax.get_lines() if not line.get_label().startswith("_")
    }
    for name, (colour, symbol) in web_styles.items():
        line = png_lines[name]
        assert line.get_color() == colour
        style = next(
            series_style(s.side, s.method)
            for s in report.series
            if series_label(s.side, s.method) == name
        )
        assert (line.get_marker(), symbol) == (
            style.method.matplotlib_marker,
            style.method.plotly_symbol,
        )


def test_kilograms_minutes_and_pain_never_share_an_axis():
    figures = outcome_figures(_report())
    units = [
        {t["hovertemplate"].split("<br>")[0].split(" ", 1)[1] for t in f["data"]} for f in figures
    ]
    assert units == [{PAIN_UNIT}, {"kg"}, {"min"}]
    pain = figures[0]["layout"]
    assert pain["yaxis"]["range"] == [0, 10.5] and "Pain" in pain["title"]["text"]
    titles = [p.title for p in panels(_report())]
    assert titles[-3:] == ["Pain (0 none to 10 worst)", "Your notes in kg", "Your notes in min"]


def test_no_legend_of_the_png_chart_covers_a_plot_area():
    fig = progress_figure(_report())
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)  # lay out as when saved
    legends = [a.get_legend() for a in fig.axes if a.get_legend() is not None]
    assert len(legends) == len(fig.axes)  # every panel explains its marks
    for ax in fig.axes:
        area = ax.get_window_extent(renderer)
        for legend in legends:
            box = legend.get_window_extent(renderer)
            assert not box.overlaps(area), (
                ax.get_title(loc="left"),
                [t.get_text() for t in legend.texts],
            )


def test_notes_in_another_unit_are_listed_but_not_charted():
    report = _report()
    report.outcomes.append(_note(4, "rope-climb", 3, "other"))
    assert [f["id"] for f in outcome_figures(report)] == [
        "chart-notes-pain",
        "chart-notes-kg",
        "chart-notes-min",
    ]


def test_the_training_days_have_a_legend():
    fig = progress_figure(_report())
    sessions = next(a for a in fig.axes if a.get_title(loc="left").startswith("Sessions"))
    legend = sessions.get_legend()
    assert isinstance(legend, Legend)
    labels = [t.get_text() for t in legend.texts]
    assert labels == ["done: the planned sets", "partial: some of them", "no session"]


@pytest.mark.parametrize("method", [Method.GONIOMETER, Method.PHOTO])
def test_a_single_method_chart_still_marks_its_points(method: Method):
    reading = measurement(BIG_TOE, R, 50, method=method, taken_at=datetime(2026, 3, 2, 9))
    report = ProgressReport("Sam", TODAY, build_series([reading]), adherence([], TODAY), [], [])
    [line] = [
        x
        for x in progress_figure(report).axes[0].get_lines()
        if isinstance(x, Line2D) and x.get_label() == f"right ({method.value})"
    ]
    assert line.get_marker() == series_style(R, method).method.matplotlib_marker


def test_a_partial_day_shows_as_a_half_bar_and_a_done_day_as_a_full_one():
    slot = ("outward-roll", L, None)
    report = _report()
    report.days = [
        DayTally(TODAY, {slot: 2}, {slot: 2}, 10),
        DayTally(TODAY - timedelta(days=1), {slot: 2}, {slot: 1}, 5),
    ]
    fig = progress_figure(report)
    sessions = next(a for a in fig.axes if a.get_title(loc="left").startswith("Sessions"))
    heights = [bar.get_height() for bar in sessions.patches]
    assert heights[-2:] == [0.55, 1.0] and set(heights[:-2]) == {0.15}
