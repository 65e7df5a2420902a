"""The public page that explains a practitioner's badge, and the badge macro other pages use."""
import re
from datetime import date

import pytest
from flask import render_template_string

from compliance.badge import badge_for
from compliance.services import mark_reviewed
from core.extensions import db
from tests.helpers import text_of

BADGE_MACRO = '{% from "compliance/_badge.html" import badge %}{{ badge(b, p) }}'


def visible(html: str) -> str:
    """The page's words without tags, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_undeclared_practitioner(client, uk_practitioner):
    page = visible(text_of(client.get(f"/practitioners/{uk_practitioner.slug}/compliance")))
    assert "? Exosome use not declared" in page
    assert "has not yet told us whether they use exosome products" in page
    assert "UK-COS-HUMAN · United Kingdom" in page and "US-FDA-CLAIMS" not in page
    assert "Not assessed: nothing declared yet" in page


def test_no_exosomes(client, us_practitioner, declare):
    declare(us_practitioner)
    page = visible(text_of(client.get(f"/practitioners/{us_practitioner.slug}/compliance")))
    assert "– Declares no exosome use" in page
    assert "US-FDA-UNAPPROVED · United States" in page and "UK-COS-HUMAN" not in page


def test_declared_then_verified(client, uk_practitioner, declare, admin, mailbox):
    declaration = declare(uk_practitioner, {})
    url = f"/practitioners/{uk_practitioner.slug}/compliance"
    page = visible(text_of(client.get(url)))
    assert "Exosomes declared within the rules, evidence not yet checked" in page
    assert "Declared 2 June 2025" in page and "Evidence not yet checked by Verity." in page
    assert "Rose Vesicle Serum" in page and "Plant-derived" in page and "Topical, after a procedure" in page
    mark_reviewed(declaration, admin)
    db.session.commit()
    page = visible(text_of(client.get(url)))
    assert "✓ Exosomes within the rules, evidence checked by Verity" in page
    assert f"Evidence checked by Verity on {date.today():%-d %B %Y}" in page


def test_not_compliant_names_each_rule_and_why(client, both_practitioner, declare):
    declare(both_practitioner, {"name": "MSC Exo", "source": "human", "route": "injectable"})
    page = visible(text_of(client.get(f"/practitioners/{both_practitioner.slug}/compliance")))
    assert "✕ Exosomes: not compliant" in page and "breaks 3 rules where they practise" in page
    for rule_id in ("UK-COS-HUMAN", "US-FDA-UNAPPROVED", "ANY-TOPICAL-ADJUNCT"):  # the "why" page names the rules
        assert rule_id in page
    assert "Declares “MSC Exo”, a human-derived exosome product." in page
    assert "Declares “MSC Exo” as injected." in page
    assert "Source: Cosentino" in page


def test_an_unlisted_practitioner_has_no_page(client, make_practitioner):
    practitioner = make_practitioner(verified=False)
    assert client.get(f"/practitioners/{practitioner.slug}/compliance").status_code == 404
    assert client.get("/practitioners/nobody/compliance").status_code == 404


@pytest.mark.parametrize("products, status", [((), "no_exosomes"), (({},), "declared_compliant"),
                                              (({"source": "human"},), "not_compliant")])
def test_the_macro_renders_icon_words_and_a_link(app, uk_practitioner, declare, products, status):
    declare(uk_practitioner, *products)
    with app.test_request_context():
        html = render_template_string(BADGE_MACRO, b=badge_for(uk_practitioner), p=uk_practitioner)
    assert f'href="/practitioners/{uk_practitioner.slug}/compliance"' in html
    assert f'data-status="{status}"' in html and 'aria-hidden="true"' in html
    assert "approved" not in html.lower() and "safe" not in html.lower()
