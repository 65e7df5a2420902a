"""The report's charts, drawn on the server as SVG with pygal, with no script in them.

pygal writes a <script> of its own config even with `js=[]`, and a "generated on" comment; a filter
takes both out, and puts a <title> and <desc> first so the SVG names itself to a screen reader. The
SVG keeps pygal's <style>: it is served as its own image (views.py) under a policy that allows that
style and nothing else, never inlined into a page whose policy forbids inline styles.
"""
from datetime import date
import pygal
from pygal.style import Style

from transparency.report import Table, describe, month_name

WIDTH, HEIGHT = 400, 360  # drawn small with large type, so a phone's 340 px keeps the text readable (13 px)
# Colour-blind-safe (Okabe and Ito's blue, vermilion, bluish green, reddish purple, darkened to 3:1 on white).
COLOURS = ("#0a5f99", "#b34700", "#00785a", "#a3477f")
STYLE = Style(
    background="#ffffff", plot_background="#ffffff", foreground="#1b2530", foreground_strong="#1b2530",
    foreground_subtle="#c9d2d9", colors=COLOURS, opacity="1", opacity_hover="1", transition="0s",
    font_family='system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif',
    label_font_size=15, major_label_font_size=15, legend_font_size=16, title_font_size=17,
    value_font_size=14, tooltip_font_size=14, no_data_font_size=20)


def y_ticks(highest: int) -> list[int]:
    """Whole-number guide lines from 0 to at least `highest`, five or so of them (counts have no fractions)."""
    step = max(1, -(-highest // 5))
    return list(range(0, max(highest, 1) + step, step))


def _strip_and_label(title: str, description: str):
    """An xml filter: drop every script and comment, and name the chart with a <title> and <desc>."""
    def apply(root):
        for parent in list(root.iter()):
            for child in list(parent):
                if not isinstance(child.tag, str) or child.tag.rsplit("}", 1)[-1] == "script":  # comments have no name
                    parent.remove(child)
        for tag, text in (("desc", description), ("title", title)):
            element = root.makeelement(tag, {"id": f"chart-{tag}"})
            element.text = text
            root.insert(0, element)
        root.set("role", "img")
        root.set("aria-labelledby", "chart-title chart-desc")
        return root
    return apply


def chart_title(table: Table, months: tuple[date, ...]) -> str:
    """'Practitioners, December 2025 to November 2026': the chart's name and span."""
    return f"{table.section.title}, {month_name(months[0])} to {month_name(months[-1])}"


def chart_svg(table: Table, months: tuple[date, ...]) -> str:
    """The section's figures as a bar chart (a line chart for counts at each month's end), as SVG text."""
    rows = table.collected
    ticks = y_ticks(max((max(row.values) for row in rows), default=0))
    kind = pygal.Line if table.section.stock else pygal.Bar
    chart = kind(
        style=STYLE, width=WIDTH, height=HEIGHT, js=[], disable_xml_declaration=True, no_prefix=True, explicit_size=True,
        legend_at_bottom=True, legend_at_bottom_columns=1, truncate_legend=-1, truncate_label=-1,
        y_labels=ticks, range=(0, ticks[-1]), show_minor_y_labels=True, x_label_rotation=0,
        x_labels_major_every=2, show_minor_x_labels=False,  # every other month named: twelve do not fit a phone
        x_title=f"{month_name(months[0])} to {month_name(months[-1])}", margin=8, spacing=8, dots_size=4,
        stroke_style={"width": 3})
    chart.add_xml_filter(_strip_and_label(chart_title(table, months), describe(table, months)))
    chart.x_labels = [f"{m:%b}" for m in months]
    for row in rows:
        chart.add(row.measure.label, list(row.values))
    return chart.render(is_unicode=True)
