"""Rules for a practitioner's clinics: postcode formats, map pins and time zones, callable without HTTP.

Nothing here writes: directory/services.py saves clinics with these rules. Geocoding happens
before any clinic attribute changes, because the online geocoder's cache commits the session
on its own. A refusal names the clinic form's field: the pin is "pin_lat" and "pin_lon".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.refusal import Refusal
from directory.models import Clinic
from directory.places import PlaceLookupFailed, locate_address
from geo import PlaceNotFound
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
CLINIC_FIELDS = ("name", "address", "city", "postcode", "country", "lat", "lon", "time_zone", "blurb")
EXACT_KINDS = {"postcode", "zip", "address"}
US_LABEL_RE = re.compile(r", [A-Z]{2}(?: \d{5}(?:-\d{4})?)?$")


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


@dataclass
class Pin:
    """Where a clinic goes on the map, and a note when that is only roughly right."""

    lat: float
    lon: float
    note: str | None = None


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


def suggestions_in(country: str, suggestions: list[str]) -> list[str]:
    """Keep the "did you mean" places in the clinic's country: US labels end in a state code ("Salem, OR")."""
    return [s for s in suggestions if bool(US_LABEL_RE.search(s)) == (country == "US")]


def _geocode(details: ClinicDetails) -> Pin:
    """Pin a clinic from its postcode, else its town, explaining a miss in the practitioner's words."""
    try:
        place = locate_address(details.postcode, details.city, details.country)
    except PlaceNotFound as error:
        raise Refusal("place_not_found", f"We could not find {details.postcode} or {details.city} on the map. "
                      "Check the postcode and town, or place the pin yourself below.", "postcode",
                      suggestions=suggestions_in(details.country, error.suggestions)) from error
    except PlaceLookupFailed as error:
        raise Refusal("place_lookup_failed", f"{error} You can also place the pin yourself below.",
                      "postcode") from error
    note = None
    if place.kind not in EXACT_KINDS:
        note = (f"We could not find the postcode {details.postcode}, so the pin is at {place.label}. "
                "Place it yourself if patients should see exactly where you are.")
    return Pin(place.lat, place.lon, note)


def pin_for(details: ClinicDetails, clinic: Clinic | None = None) -> Pin:
    """The pin a manual position asks for, the one the clinic has when its address is unchanged, or a geocoded one."""
    if details.lat is not None and details.lon is not None:
        return Pin(details.lat, details.lon)
    if _address_unchanged(clinic, details):
        # Re-geocoding an unchanged address would undo a pin the practitioner corrected by hand.
        return Pin(clinic.lat, clinic.lon)
    return _geocode(details)


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


def time_zone_of(pin: Pin) -> tuple[float, float, str]:
    """The pin rounded to what is stored, and its civil time zone; a pin out at sea is refused."""
    lat, lon = round(pin.lat, 6), round(pin.lon, 6)
    time_zone = time_zone_for(lat, lon)
    if time_zone.startswith("Etc/"):
        # Only the open sea has no civil time zone: a hand-placed pin has missed the coast.
        raise Refusal("pin_at_sea", "That pin is out at sea. Check the latitude and longitude.", "pin_lat")
    return lat, lon, time_zone
