"""Scores and failed audits from Lighthouse JSON reports, and the table bench/lighthouse.py prints."""
from __future__ import annotations

import json
from pathlib import Path

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 90, "accessibility": 95, "best-practices": 95, "seo": 95}
SCORED = {"binary", "numeric", "metricSavings"}


def _item_text(item: dict) -> str:
    """A short description of one item of an audit's details: the element, URL or message it is about."""
    node = item.get("node") if isinstance(item.get("node"), dict) else {}
    for value in (node.get("snippet"), node.get("selector"), item.get("description"), item.get("url"),
                  item.get("source"), item.get("label")):
        if isinstance(value, str) and value:
            return value if len(value) <= 140 else value[:137] + "..."
    return ""


def _failed(audit: dict) -> bool:
    """True for a scored audit that did not pass (a metric below 0.9, anything else below 1)."""
    if audit.get("scoreDisplayMode") not in SCORED or audit.get("score") is None:
        return False
    limit = 0.9 if audit["scoreDisplayMode"] == "numeric" else 1.0
    return audit["score"] < limit


def failed_audits(report: dict) -> list[dict]:
    """The failed audits counted in any of the four categories, with up to three items each."""
    ids = {ref["id"] for cat in CATEGORIES for ref in report["categories"].get(cat, {}).get("auditRefs", ())}
    failures = []
    for audit_id in sorted(ids):
        audit = report["audits"].get(audit_id, {})
        if _failed(audit):
            items = (audit.get("details") or {}).get("items")
            items = items if isinstance(items, list) else []
            failures.append({"id": audit_id, "title": audit.get("title", ""), "score": audit["score"],
                             "value": audit.get("displayValue", ""),
                             "items": [t for t in map(_item_text, items[:3]) if t]})
    return failures


def read_scores(page: str, url: str, path: Path, seconds: float) -> dict:
    """The four scores (0-100), the failed audits and the run's time for one page's report."""
    report = json.loads(path.read_text())
    scores = {cat: round(100 * (report["categories"][cat]["score"] or 0)) for cat in CATEGORIES}
    return {"page": page, "url": url, "scores": scores, "failed": failed_audits(report), "seconds": seconds,
            "status": report["audits"].get("http-status-code", {}).get("score")}


def missed(row: dict) -> list[str]:
    """The categories of one page below their target."""
    return [cat for cat in CATEGORIES if row["scores"][cat] < TARGETS[cat]]


def print_report(rows: list[dict]) -> bool:
    """Print the Markdown table of scores and each page's failed audits; True when every target is met."""
    print("\n| page | performance | accessibility | best practices | SEO | seconds | targets |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for row in rows:
        scores = " | ".join(str(row["scores"][cat]) for cat in CATEGORIES)
        verdict = "met" if not missed(row) else "missed: " + ", ".join(missed(row))
        print(f"| {row['page']} | {scores} | {row['seconds']:.0f} | {verdict} |")
    print("\nTargets: performance >= 90; accessibility, best practices, SEO >= 95.")
    for row in rows:
        if not row["failed"]:
            continue
        print(f"\n{row['page']} ({row['url']}): failed audits")
        for audit in row["failed"]:
            value = f" ({audit['value']})" if audit["value"] else ""
            print(f"  - {audit['id']}: {audit['title']}{value}, score {audit['score']:.2f}")
            for item in audit["items"]:
                print(f"      {item}")
    return not any(missed(row) for row in rows)
