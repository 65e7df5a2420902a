"""Search's compliance filters: by badge status, and "no human-derived exosomes"."""
import pytest

from compliance.sync import refresh_all_badges
from directory.search import SearchQuery, search
from core.extensions import db


@pytest.fixture
def cast(make_practitioner, declare, admin):
    """One practitioner per status, by name."""
    people = {name: make_practitioner(name=name) for name in ("Undeclared", "None", "Plant", "Human", "Checked")}
    declare(people["None"])
    declare(people["Plant"], {})
    declare(people["Human"], {"source": "human"})
    from compliance.services import mark_reviewed
    mark_reviewed(declare(people["Checked"], {}), admin)
    db.session.commit()
    return people


def names(badge=(), no_human_exosomes=False) -> list[str]:
    """Names the search service finds around the cast's clinic with these compliance filters."""
    query = SearchQuery(lat=53.4794, lon=-2.2453, radius=5, badge=tuple(badge), no_human_exosomes=no_human_exosomes)
    return sorted(hit.practitioner.name for hit in search(query).hits)


def test_filter_by_status(cast):
    assert names(["declared_compliant", "verified_compliant"]) == ["Checked", "Plant"]
    assert names(["not_compliant"]) == ["Human"]
    assert names(["undeclared"]) == ["Undeclared"]
    assert names() == ["Checked", "Human", "None", "Plant", "Undeclared"]


def test_no_human_derived_exosomes_needs_a_declaration(cast):
    assert names(no_human_exosomes=True) == ["Checked", "None", "Plant"]
    assert names(["declared_compliant", "verified_compliant", "no_exosomes"], no_human_exosomes=True) == \
        ["Checked", "None", "Plant"]


def test_unknown_statuses_are_refused(app):
    with pytest.raises(ValueError):
        names(["approved"])


def test_refresh_all_rebuilds_every_row(cast, runner):
    from directory.models import ComplianceBadgeRow

    db.session.query(ComplianceBadgeRow).delete()
    db.session.commit()
    assert names(["not_compliant"]) == []
    result = runner.invoke(args=["refresh-badges"])
    assert "Refreshed 5 compliance badges." in result.output
    assert names(["not_compliant"]) == ["Human"]
    assert refresh_all_badges() == 5


def test_search_api_filters_by_badge_and_shows_it(client, cast):
    def found(**params):
        body = client.get("/api/v1/practitioners", query_string={"near": "M1 1AE", **params}).json
        return {r["name"]: r["badge"] for r in body["results"]}

    everyone = found()
    assert len(everyone) == 5
    assert everyone["Human"]["status"] == "not_compliant" and "UK-COS-HUMAN" in everyone["Human"]["rules_broken"]
    assert everyone["Human"]["exosome_sources"] == ["human"]
    assert everyone["Checked"]["status"] == "verified_compliant" and everyone["Checked"]["reviewed_on"]
    assert sorted(found(badge="declared_compliant,verified_compliant")) == ["Checked", "Plant"]
    assert sorted(found(no_human_exosomes="yes")) == ["Checked", "None", "Plant"]
    response = client.get("/api/v1/practitioners", query_string={"near": "M1 1AE", "badge": "approved"})
    assert response.status_code == 400 and response.json["field"] == "badge"


def test_search_page_shows_badges_and_filters(client, cast):
    page = client.get("/search", query_string={"near": "M1 1AE", "badge": "not_compliant"}).get_data(as_text=True)
    assert "Exosomes: not compliant" in page and "Human" in page and "Plant" not in page
    page = client.get("/search", query_string={"near": "M1 1AE", "no_human_exosomes": "yes"}).get_data(as_text=True)
    assert "Human</a>" not in page and "Exosomes within the rules, evidence checked by Verity" in page


def test_stored_badges_agree_with_the_full_evaluation(cast):
    from compliance.badge import badges_for, stored_badges

    ids = [p.id for p in cast.values()]
    assert {k: b.as_json() for k, b in stored_badges(ids).items()} == \
        {k: b.as_json() for k, b in badges_for(ids).items()}
