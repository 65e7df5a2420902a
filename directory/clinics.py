"""Rules for a practitioner's clinics: postcode formats, the address check, map pins and time zones.

Nothing here writes: directory/services.py saves clinics with these rules. The address itself is
checked by geo.addresses.check_address, the one check the importer uses too. A refusal names the
clinic form's field: the pin is "pin_lat" and "pin_lon".
"""
from __future__ import annotations

from dataclasses import dataclass

from core.refusal import Refusal
from directory.models import AddressStatus, Clinic
from directory.places import gazetteer
from geo.addresses import CheckedAddress, check_address
from geo.places import POSTCODE_RE, ZIP_RE, compact_code, format_postcode
from geo.timezones import time_zone_for

COUNTRIES = {"GB": "the United Kingdom", "US": "the United States"}
# Rough boxes (south, north, west, east): enough to catch a swapped sign or a pin in the wrong country.
COUNTRY_BOXES = {
    "GB": [(49.8, 61.0, -8.7, 2.0)],
    "US": [(24.3, 49.5, -125.0, -66.8),  # the contiguous states
           (51.0, 71.6, -180.0, -129.9), (51.0, 53.1, 172.0, 180.0),  # Alaska, and the Aleutians past 180°
           (18.8, 22.4, -160.3, -154.7),  # Hawaii
           (17.6, 18.6, -67.3, -64.5)],  # Puerto Rico and the US Virgin Islands
}
CLINIC_FIELDS = ("name", "address", "city", "postcode", "country", "lat", "lon", "time_zone", "blurb", "phone")
FORM_FIELDS = {"lat": "pin_lat"}  # the address check names the importer's columns; the form's pin differs


@dataclass
class ClinicDetails:
    """What a practitioner types about a clinic; lat and lon only when they place the pin themselves."""

    name: str
    city: str
    postcode: str
    country: str
    address: str = ""
    blurb: str = ""
    lat: float | None = None
    lon: float | None = None
    phone: str = ""


def check_country(country: str) -> None:
    """Refuse a country the site does not list clinics in."""
    if country not in COUNTRIES:
        raise Refusal("country_not_listed", "Choose the United Kingdom or the United States.", "country")


def normalise_postcode(code: str, country: str) -> str:
    """Check a UK postcode or US ZIP code and return it as written on an envelope ("M1 1AE", "90210-1234")."""
    check_country(country)
    compact = compact_code(code or "")
    if country == "GB":
        if not POSTCODE_RE.match(compact):
            raise Refusal("postcode_invalid", "Enter a full UK postcode, such as M1 1AE.", "postcode")
        return format_postcode(compact)
    if not ZIP_RE.match(compact):
        raise Refusal("postcode_invalid", "Enter a 5-digit ZIP code, such as 90210, or a ZIP+4 such as 90210-1234.",
                      "postcode")
    digits = compact.replace("-", "")
    return digits if len(digits) == 5 else f"{digits[:5]}-{digits[5:]}"


def check_pin(lat: float | None, lon: float | None, country: str) -> None:
    """Accept no pin, or a pin with both numbers in range and inside the clinic's country."""
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        raise Refusal("pin_incomplete", "Enter both latitude and longitude, or leave both empty.",
                      "pin_lat" if lat is None else "pin_lon")
    if not -90 <= lat <= 90:
        raise Refusal("pin_out_of_range", "Latitude must be between -90 and 90.", "pin_lat")
    if not -180 <= lon <= 180:
        raise Refusal("pin_out_of_range", "Longitude must be between -180 and 180.", "pin_lon")
    check_country(country)
    if not any(s <= lat <= n and w <= lon <= e for s, n, w, e in COUNTRY_BOXES[country]):
        raise Refusal("pin_outside_country", f"That pin is not in {COUNTRIES[country]}. Check the numbers, and that "
                      "places west of Greenwich have a negative longitude (such as -2.2453).", "pin_lat")


def _address_unchanged(clinic: Clinic | None, details: ClinicDetails) -> bool:
    """True when an edit leaves the postcode, town and country as they were."""
    return clinic is not None and (clinic.postcode, clinic.city.casefold(), clinic.country) == (
        details.postcode, details.city.casefold(), details.country)


def _check(details: ClinicDetails, lat: float | None, lon: float | None) -> CheckedAddress:
    """Run the one address check, naming the form's pin field when the pin is at fault."""
    try:
        return check_address(gazetteer(), details.postcode, details.city, details.country, lat, lon)
    except Refusal as refusal:
        refusal.field = FORM_FIELDS.get(refusal.field, refusal.field)
        raise


def checked_address(details: ClinicDetails, clinic: Clinic | None = None) -> CheckedAddress:
    """Check the address and place the pin: where typed, else where it was if still near the postcode, else at it.

    Keeping the stored pin of an unchanged address keeps a pin the practitioner corrected by hand.
    """
    if details.lat is None and details.lon is None and _address_unchanged(clinic, details):
        try:
            return _check(details, clinic.lat, clinic.lon)
        except Refusal as refusal:
            if refusal.code != "coordinates_far_from_postcode":
                raise
    return _check(details, details.lat, details.lon)


def address_verdict(clinic: Clinic) -> tuple[str, str | None]:
    """The address check's verdict on a stored clinic and its pin: (AddressStatus value, why refused)."""
    try:
        check_address(gazetteer(), clinic.postcode, clinic.city, clinic.country, clinic.lat, clinic.lon)
    except Refusal as refusal:
        return AddressStatus.REFUSED.value, refusal.message[:300]
    return AddressStatus.CONFIRMED.value, None


def tidy(details: ClinicDetails) -> ClinicDetails:
    """Trim what was typed and check the country, postcode and pin."""
    details.name, details.city = " ".join(details.name.split()), " ".join(details.city.split())
    details.address, details.blurb = (details.address or "").strip(), (details.blurb or "").strip()
    if not details.name:
        raise Refusal("clinic_name_missing", "Enter the clinic's name.", "name")
    if not details.city:
        raise Refusal("city_missing", "Enter the town or city.", "city")
    details.postcode = normalise_postcode(details.postcode, details.country)
    check_pin(details.lat, details.lon, details.country)
    return details


def time_zone_of(lat: float, lon: float) -> tuple[float, float, str]:
    """The pin rounded to what is stored, and its civil time zone; a pin out at sea is refused."""
    lat, lon = round(lat, 6), round(lon, 6)
    time_zone = time_zone_for(lat, lon)
    if time_zone.startswith("Etc/"):
        # Only the open sea has no civil time zone: a hand-placed pin has missed the coast.
        raise Refusal("pin_at_sea", "That pin is out at sea. Check the latitude and longitude.", "pin_lat")
    return lat, lon, time_zone
