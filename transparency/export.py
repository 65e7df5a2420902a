"""The report as CSV: the same rows and months as the page's tables, one line per figure."""
import csv
import io

from transparency.report import NOT_COLLECTED, Report


def header(report: Report) -> list[str]:
    """The column names: section, figure, then each month as YYYY-MM (the page's <time datetime> values)."""
    return ["section", "figure", *(f"{m:%Y-%m}" for m in report.months)]


def lines(report: Report) -> list[list[str]]:
    """Every figure of every section, with "not yet collected" in each month of a figure no one collects yet."""
    return [[table.section.title, row.measure.label,
             *([str(v) for v in row.values] if row.collected else [NOT_COLLECTED] * len(report.months))]
            for table in report.tables for row in table.rows]


def report_csv(report: Report) -> str:
    """The whole report as CSV text (a few dozen lines: no need to stream it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(report))
    writer.writerows(lines(report))
    return buffer.getvalue()


def file_name(report: Report) -> str:
    """'verity-transparency-2025-12-to-2026-11.csv'."""
    return f"verity-transparency-{report.months[0]:%Y-%m}-to-{report.months[-1]:%Y-%m}.csv"
