"""The public transparency report: a page, its charts as SVG images, and the same figures as CSV."""
from flask import Blueprint, Response, abort, render_template

from transparency.charts import chart_svg, chart_title
from transparency.export import file_name, report_csv
from transparency.registry import SECTIONS
from transparency.report import NOT_COLLECTED, build_report, describe, month_name

bp = Blueprint("transparency", __name__)

# An SVG image needs pygal's own <style>; it is allowed that and nothing else: no script, no request.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
CHART_SLUGS = ",".join(section.slug for section in SECTIONS)


@bp.get("/transparency")
def report():
    """Monthly figures on verification, suspensions, declarations, claims and complaints, as charts and tables."""
    report = build_report()
    return render_template("transparency/report.html", report=report, describe=describe, chart_title=chart_title,
                           month_name=month_name, not_collected=NOT_COLLECTED)


@bp.get("/transparency.csv")
def report_download():
    """The page's tables as one CSV file."""
    report = build_report()
    return Response(report_csv(report), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{file_name(report)}"'})


@bp.get(f"/transparency/charts/<any({CHART_SLUGS}):slug>.svg")
def chart(slug: str):
    """One section's chart; a section with no figures collected yet has none."""
    report = build_report()
    table = report.table(slug)
    if table is None or not table.collected:
        abort(404)
    return Response(chart_svg(table, report.months), mimetype="image/svg+xml",
                    headers={"Content-Security-Policy": SVG_POLICY})
