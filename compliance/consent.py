"""What a patient must read and accept before booking an exosome adjunct, per jurisdiction.

Written in our own words from the facts in DOMAIN.md. The version id is stored with the booking's
acknowledgement, so a changed text gets a new id and old acknowledgements keep pointing at what
the patient actually read.
"""

_COMMON_BEFORE = (
    "The exosome step of this appointment is cosmetic. It is not a treatment for any disease or skin "
    "condition, and it is not meant to change how your skin is built or works.",
)
_COMMON_AFTER = (
    "Results are not guaranteed. Most of the change you may see comes from the procedure itself (such as "
    "microneedling, radiofrequency or laser), not from the exosome serum applied afterwards.",
    "Nobody yet knows whether exosome products have any long-term benefit. The studies so far are small.",
    "Your skin may react to the product: redness, stinging, itching or an allergic reaction are possible. "
    "Tell your practitioner about any allergies or sensitivities before the appointment.",
    "There are options with stronger evidence, such as microneedling or radiofrequency on their own, or "
    "topical products with a proven record. You can choose one of those instead.",
    "The exosome product is applied to the skin only. It is never injected or given by drip.",
)
_BY_COUNTRY = {
    "US": ("exosome-us-2025-1", (
        "No exosome product is approved by the US Food and Drug Administration (FDA) for any use. The product "
        "used here is sold as a cosmetic.",
    )),
    "GB": ("exosome-gb-2025-1", (
        "UK law does not allow ingredients of human origin, human-derived exosomes included, in cosmetics. The "
        "product used here must come from a plant or be synthetic.",
        "No exosome product is a licensed medicine in the UK.",
    )),
}


class UnknownJurisdiction(ValueError):
    """A country for which we have no consent text."""


def consent_for(country: str) -> tuple[str, str]:
    """(version id, text) a patient accepts before booking an exosome adjunct at a clinic in `country`."""
    try:
        version, specific = _BY_COUNTRY[(country or "").upper()]
    except KeyError:
        raise UnknownJurisdiction(f"We have no exosome consent text for clinics in {country!r}.") from None
    paragraphs = _COMMON_BEFORE + specific + _COMMON_AFTER + (
        "By ticking the box you confirm that you have read this and agree to the exosome step on these terms.",)
    return version, "\n\n".join(paragraphs)


def consent_versions() -> dict[str, str]:
    """Country -> the consent version id in force, for checking a stored acknowledgement."""
    return {country: version for country, (version, _) in _BY_COUNTRY.items()}
