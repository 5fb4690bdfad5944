"""Plotly figures of the workbench: the projects' Gantt timeline and the plan targets' bullets.

Figures are built here and returned as JSON-able dicts; templates only place them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
from django.utils import translation
from django.utils.translation import gettext as _

from counties.charts import number_axis, to_json
from governance import calendars
from governance.periods import year_bounds
from governance.persian import format_percent, to_persian_digits
from governance.templatetags.tavazon import jdate
from projects.choices import ProjectStatus
from projects.models import FlagshipProject
from projects.progress import Status

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
STATUS_COLOURS: dict[str, str] = {
    Status.DELAYED: "#D55E00",
    Status.AT_RISK: "#E69F00",
    Status.ON_TRACK: "#009E73",
    Status.NOT_STARTED: "#999999",
    Status.DONE: "#0072B2",
}
NO_DATA = "#CFD8DC"
RLM = "\u200f"
_MS_PER_DAY = 86_400_000


def _short(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _two_lines(text: str, width: int = 22) -> str:
    """`text` on at most two lines of about `width` characters (Plotly's <br>), shortened with
    an ellipsis beyond: a bullet's title must fit the space beside its bar on a 390-px phone."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return "<br>".join(_short(line, width) for line in lines)


def _digits(text: str, language: str) -> str:
    return to_persian_digits(text) if language == "fa" else text


def _month_ticks(
    first: datetime.date, last: datetime.date, language: str
) -> tuple[list[str], list[str]]:
    """Ticks at the first day of each month of the profile's calendar (every other month on
    long ranges): «مهر ۱۴۰۵» under jalali, «مارس ۲۰۲۶» under gregorian, in Persian digits under
    fa; under en the Jalali month's key and its Gregorian month ('1405-07<br>Sep 2026')."""
    calendar = calendars.active_calendar()
    months = max(1, (last - first).days // 30)
    step = 1 if months <= 8 else 2 if months <= 16 else 3 if months <= 30 else 4
    values: list[str] = []
    texts: list[str] = []
    starts = calendars.month_starts(first, last + datetime.timedelta(days=1), calendar)
    for index, (year, month, day) in enumerate(starts):
        if day < first - datetime.timedelta(days=1) or index % step:
            continue
        values.append(day.isoformat())
        name = calendars.month_name(month, language, calendar)
        if language == "fa":
            texts.append(to_persian_digits(f"{name} {year}"))
        elif calendar == calendars.JALALI:
            gregorian = calendars.month_name(day.month, "en", calendars.GREGORIAN)
            texts.append(f"{year}-{month:02d}<br>{gregorian} {day.year}")
        else:
            texts.append(f"{name} {year}")
    return values, texts


def chart_labels() -> dict[str, str]:
    """The words the charts write (each status, "today", "progress", ...) in the active language."""
    return {
        **{choice.value: str(choice.label) for choice in ProjectStatus},
        "today": _("today"),
        "progress": _("progress"),
        "milestone": _("milestone"),
        "period": _("period"),
        "no_targets": _("No targets yet"),
    }


def year_gantt(
    projects: Sequence[FlagshipProject],
    *,
    year: int,
    today: datetime.date,
    labels: dict[str, str],
) -> dict[str, Any]:
    """`gantt` over the year `year` of the profile's calendar, in the active language (the
    workbench's timeline, and the county report's)."""
    first, last = year_bounds(year)
    return gantt(
        projects,
        today=today,
        first=first,
        last=last,
        labels=labels,
        language=translation.get_language() or "fa",
    )


def gantt(
    projects: Sequence[FlagshipProject],
    *,
    today: datetime.date,
    first: datetime.date,
    last: datetime.date,
    labels: dict[str, str],
    language: str,
) -> dict[str, Any]:
    """Projects as bars over their period, coloured by status, filled by progress; milestones
    as diamonds (hollow while open, filled when done); a line marks today.

    `projects` carry `.st` (projects.queries.with_states); `labels` maps each status value
    and the words "today", "progress", "milestone" to the active language. Every number and date
    is written here in `language` (Plotly would write Latin digits and Gregorian dates).
    """
    fig = go.Figure()
    names = [_short(p.title) for p in projects]
    # Unique y keys: two projects may share a title.
    keys = [f"{_digits(f'{i + 1}.', language)} {name}" for i, name in enumerate(names)]
    # Plotly's SVG text runs left to right: right-to-left marks keep a Persian hover line that
    # starts or ends with a number (a Jalali date, a percent) in reading order. A middle dot
    # would pass for the Persian zero '۰': Persian lines use the Persian comma.
    rlm, sep = (RLM, "، ") if language == "fa" else ("", " · ")
    _gantt_bars(fig, projects, keys, labels, language, rlm, sep)
    _gantt_milestones(fig, projects, keys, today, labels["milestone"], language, rlm, sep)
    # One invisible point per status present, so the legend explains the colours.
    for status in Status:
        if status in {p.st.status for p in projects}:  # type: ignore[attr-defined]
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker={"symbol": "square", "size": 12, "color": STATUS_COLOURS[status]},
                    name=labels[status],
                )
            )
    _gantt_today(fig, today, labels["today"])
    _gantt_layout(fig, projects, keys, first, last, language)
    return to_json(fig)


def _gantt_bars(
    fig: go.Figure,
    projects: Sequence[FlagshipProject],
    keys: list[str],
    labels: dict[str, str],
    language: str,
    rlm: str,
    sep: str,
) -> None:
    """Each project's period (a pale bar) and progress (a thin bar with its percent)."""
    starts = [p.period_start.isoformat() for p in projects]
    spans = [((p.period_end - p.period_start).days + 1) * _MS_PER_DAY for p in projects]
    colours = [STATUS_COLOURS[p.st.status] for p in projects]  # type: ignore[attr-defined]
    progress = [p.st.progress for p in projects]  # type: ignore[attr-defined]
    progress_text = [format_percent(pct, 0, language) for pct in progress]
    with translation.override(language):
        hover = [
            (
                labels[p.st.status],  # type: ignore[attr-defined]
                text,
                f"{jdate(p.period_start)} – {jdate(p.period_end)}",
            )
            for p, text in zip(projects, progress_text, strict=True)
        ]
    hovertemplate = (
        f"%{{y}}<br>{rlm}%{{customdata[0]}}{sep}%{{customdata[1]}}{rlm}"
        f"<br>{rlm}%{{customdata[2]}}{rlm}<extra></extra>"
    )
    # Both bars of a project lie on its row from its start, and hover alike.
    row: dict[str, Any] = {
        "orientation": "h",
        "y": keys,
        "base": starts,
        "customdata": hover,
        "hovertemplate": hovertemplate,
        "showlegend": False,
    }
    fig.add_trace(
        go.Bar(
            name=labels["period"],
            x=spans,
            marker={"color": colours, "opacity": 0.35, "line": {"color": colours, "width": 1.5}},
            **row,
        )
    )
    fig.add_trace(
        go.Bar(
            name=labels["progress"],
            x=[span * pct / 100 for span, pct in zip(spans, progress, strict=True)],
            marker={"color": colours},
            width=0.35,
            text=progress_text,
            textposition="outside",
            **row,
        )
    )


def _gantt_milestones(
    fig: go.Figure,
    projects: Sequence[FlagshipProject],
    keys: list[str],
    today: datetime.date,
    name: str,
    language: str,
    rlm: str,
    sep: str,
) -> None:
    """The milestones as diamonds on their project's row: filled when done, red when late."""
    ms_x, ms_y, ms_symbol, ms_colour, ms_text, ms_date = [], [], [], [], [], []
    for key, project in zip(keys, projects, strict=True):
        for milestone in project.milestones.all():
            ms_x.append(milestone.planned_date.isoformat())
            ms_y.append(key)
            done = milestone.done_date is not None
            ms_symbol.append("diamond" if done else "diamond-open")
            late = not done and milestone.planned_date < today
            ms_colour.append(STATUS_COLOURS[Status.DELAYED] if late else "#333333")
            ms_text.append(_short(milestone.title, 50))
            ms_date.append(milestone.planned_date)
    with translation.override(language):
        ms_day_text = [jdate(day) for day in ms_date]
    if ms_x:
        fig.add_trace(
            go.Scatter(
                name=name,
                x=ms_x,
                y=ms_y,
                mode="markers",
                marker={"symbol": ms_symbol, "size": 11, "color": ms_colour, "line": {"width": 2}},
                text=ms_text,
                customdata=ms_day_text,
                hovertemplate=f"{rlm}%{{text}}{sep}%{{customdata}}{rlm}<extra></extra>",
                showlegend=False,
            )
        )


def _gantt_today(fig: go.Figure, today: datetime.date, label: str) -> None:
    """A dotted line at today, labelled."""
    fig.add_shape(
        type="line",
        x0=today.isoformat(),
        x1=today.isoformat(),
        y0=0,
        y1=1,
        yref="paper",
        line={"color": "#CC79A7", "width": 2, "dash": "dot"},
    )
    fig.add_annotation(
        x=today.isoformat(),
        y=0,
        yref="paper",
        yanchor="bottom",
        xanchor="left",
        text=label,
        showarrow=False,
        font={"color": "#A0527E"},
        bgcolor="rgba(255,255,255,0.8)",
    )


def _gantt_layout(
    fig: go.Figure,
    projects: Sequence[FlagshipProject],
    keys: list[str],
    first: datetime.date,
    last: datetime.date,
    language: str,
) -> None:
    """The time axis (the projects' span, clipped to 200 days around [first, last]; month ticks
    of the profile's calendar under Persian) and room for the labels."""
    lo = min([first, *[p.period_start for p in projects]]) if projects else first
    hi = max([last, *[p.period_end for p in projects]]) if projects else last
    lo, hi = (
        max(lo, first - datetime.timedelta(days=200)),
        min(hi, last + datetime.timedelta(days=200)),
    )
    xaxis: dict[str, Any] = {
        "type": "date",
        "range": [
            (lo - datetime.timedelta(days=5)).isoformat(),
            (hi + datetime.timedelta(days=25)).isoformat(),
        ],
        "gridcolor": "#eeeeee",
        "tickangle": 0,
    }
    if language == "fa":
        # Plotly knows only the Gregorian calendar, in English: ticks at the first day of each
        # month of the profile's calendar, named in Persian.
        xaxis["tickvals"], xaxis["ticktext"] = _month_ticks(lo, hi, language)
    fig.update_layout(
        barmode="overlay",
        height=178 + 46 * max(len(projects), 1),
        # Plotly's automargin mismeasures right-to-left labels on an RTL page: size it here.
        # The top margin holds the legend below plotly.js's toolbar (about 28 px), not under it.
        margin={
            "l": 16 + int(6.8 * max((len(k) for k in keys), default=4)),
            "r": 10,
            "t": 68,
            "b": 30,
        },
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="#ffffff",
        font={"family": "Vazirmatn, sans-serif", "size": 12},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        xaxis=xaxis,
        yaxis={
            "autorange": "reversed",
            "automargin": False,
        },
    )


def target_bullets(rows: Sequence[Any], *, labels: dict[str, str]) -> dict[str, Any]:
    """One bullet per plan target: progress from baseline to target (percent), coloured green
    when on pace with the time to its deadline, orange when behind, grey without data.

    The percent is an annotation beside each bullet, not the indicator's own number, and the
    ticks are given as texts: Plotly would write both in Latin digits under Persian.
    """
    language = translation.get_language()
    fig = go.Figure()
    count = max(len(rows), 1)
    gap = 0.35 / count
    for index, row in enumerate(rows):
        top = 1 - index / count
        bottom = top - 1 / count + gap
        value = row.progress if row.progress is not None else 0
        colour = (
            NO_DATA
            if row.on_track is None
            else STATUS_COLOURS[Status.ON_TRACK]
            if row.on_track
            else STATUS_COLOURS[Status.AT_RISK]
        )
        shown = max(min(value, 150), -50)  # the annotation gives the exact percent
        lo, hi = min(0, shown), max(100, shown)
        fig.add_trace(
            go.Indicator(
                mode="gauge",
                value=shown,
                domain={"x": [0.42, 0.88], "y": [max(bottom, 0), top]},
                title={"text": _two_lines(row.indicator.name), "font": {"size": 12}},
                gauge={
                    "shape": "bullet",
                    "axis": {"range": [lo, hi], **number_axis(lo, hi, language, count=3)},
                    "bar": {"color": colour, "thickness": 0.6},
                    "threshold": {
                        "line": {"color": "#333333", "width": 2},
                        "thickness": 0.9,
                        "value": 100,
                    },
                    "bgcolor": "#f1f3f5",
                },
            )
        )
        fig.add_annotation(
            text="—" if row.progress is None else format_percent(row.progress, 0, language),
            x=0.9,
            xanchor="left",
            xref="paper",
            y=(max(bottom, 0) + top) / 2,
            yanchor="middle",
            yref="paper",
            showarrow=False,
            font={"size": 16},
        )
    fig.update_layout(
        height=60 + 70 * count,
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "Vazirmatn, sans-serif"},
    )
    if not rows:
        fig.add_annotation(text=labels["no_targets"], showarrow=False, x=0.5, y=0.5)
    return to_json(fig)
