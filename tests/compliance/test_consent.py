"""Consent texts for booking an exosome adjunct."""
import pytest

from compliance.consent import UnknownJurisdiction, consent_for, consent_versions


def test_the_us_text_says_no_product_is_fda_approved():
    version, text = consent_for("US")
    assert version == consent_versions()["US"]
    assert "No exosome product is approved by the US Food and Drug Administration" in text
    assert "not guaranteed" in text and "long-term benefit" in text and "microneedling or radiofrequency" in text


def test_the_uk_text_says_human_derived_exosomes_are_not_allowed():
    version, text = consent_for("gb")
    assert version.startswith("exosome-gb-")
    assert "human-derived exosomes included, in cosmetics" in text
    assert "FDA" not in text


def test_an_unknown_country_is_refused():
    with pytest.raises(UnknownJurisdiction):
        consent_for("FR")
