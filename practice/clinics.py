"""Rules for a practitioner's clinics: postcode formats, map pins and time zones, callable without HTTP.

Nothing here commits. Geocoding happens before any clinic attribute changes, because the
online geocoder's cache commits the session on its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from directory.models import Clinic, Practitioner
from directory.places import PlaceLookupFailed, locate_address
from core.extensions import db
from geo import PlaceNotFound
from geo.places import POSTCODE_RE, ZIP_RE, compact_code, format_postcode
from geo.timezones import time_zone_for
from audit.services import snapshot
from practice.services import PracticeError, record_change

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
        raise PracticeError("Choose the United Kingdom or the United States.", "country")


def normalise_postcode(code: str, country: str) -> str:
    """Check a UK postcode or US ZIP code and return it as written on an envelope ("M1 1AE", "90210-1234")."""
    check_country(country)
    compact = compact_code(code or "")
    if country == "GB":
        if not POSTCODE_RE.match(compact):
            raise PracticeError("Enter a full UK postcode, such as M1 1AE.", "postcode")
        return format_postcode(compact)
    if not ZIP_RE.match(compact):
        raise PracticeError("Enter a 5-digit ZIP code, such as 90210, or a ZIP+4 such as 90210-1234.", "postcode")
    digits = compact.replace("-", "")
    return digits if len(digits) == 5 else f"{digits[:5]}-{digits[5:]}"


def check_pin(lat: float | None, lon: float | None, country: str) -> None:
    """Accept no pin, or a pin with both numbers in range and inside the clinic's country."""
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        raise PracticeError("Enter both latitude and longitude, or leave both empty.", "lat" if lat is None else "lon")
    if not -90 <= lat <= 90:
        raise PracticeError("Latitude must be between -90 and 90.", "lat")
    if not -180 <= lon <= 180:
        raise PracticeError("Longitude must be between -180 and 180.", "lon")
    check_country(country)
    if not any(s <= lat <= n and w <= lon <= e for s, n, w, e in COUNTRY_BOXES[country]):
        raise PracticeError(f"That pin is not in {COUNTRIES[country]}. Check the numbers, and that places west "
                            "of Greenwich have a negative longitude (such as -2.2453).", "lat")


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
        raise PracticeError(f"We could not find {details.postcode} or {details.city} on the map. Check the "
                            "postcode and town, or place the pin yourself below.",
                            "postcode", suggestions_in(details.country, error.suggestions)) from error
    except PlaceLookupFailed as error:
        raise PracticeError(f"{error} You can also place the pin yourself below.", "postcode") from error
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
        raise PracticeError("Enter the clinic's name.", "name")
    if not details.city:
        raise PracticeError("Enter the town or city.", "city")
    details.postcode = normalise_postcode(details.postcode, details.country)
    check_pin(details.lat, details.lon, details.country)
    return details


def save_clinic(practitioner: Practitioner, details: ClinicDetails, clinic: Clinic | None = None, *,
                actor) -> tuple[Clinic, str | None]:
    """Add a clinic, or change one, pinned on the map with its time zone; return it and any note about the pin."""
    details = tidy(details)
    pin = pin_for(details, clinic)
    lat, lon = round(pin.lat, 6), round(pin.lon, 6)
    time_zone = time_zone_for(lat, lon)
    if time_zone.startswith("Etc/"):
        # Only the open sea has no civil time zone: a hand-placed pin has missed the coast.
        raise PracticeError("That pin is out at sea. Check the latitude and longitude.", "lat")
    before = snapshot(clinic, CLINIC_FIELDS) if clinic is not None else None
    if clinic is None:
        clinic = Clinic()
        practitioner.clinics.append(clinic)
    for key in ("name", "address", "city", "postcode", "country", "blurb"):
        setattr(clinic, key, getattr(details, key))
    clinic.lat, clinic.lon, clinic.time_zone = lat, lon, time_zone
    db.session.flush()
    record_change(actor, "clinic.updated" if before else "clinic.added", clinic, practitioner.id, before,
                  snapshot(clinic, CLINIC_FIELDS))
    return clinic, pin.note


def delete_clinic(clinic: Clinic, *, actor) -> None:
    """Delete a clinic, but never the last one: patients find a practitioner by where they practise."""
    practitioner = clinic.practitioner
    if len(practitioner.clinics) <= 1:
        raise PracticeError("This is your only clinic. Patients find you by where you practise, so change its "
                            "address instead of deleting it.")
    record_change(actor, "clinic.deleted", clinic, practitioner.id, snapshot(clinic, CLINIC_FIELDS), None)
    practitioner.clinics.remove(clinic)
    db.session.flush()


def own_clinic(practitioner: Practitioner, clinic_id: int) -> Clinic | None:
    """The practitioner's clinic with this id, or None when it is missing or someone else's."""
    clinic = db.session.get(Clinic, clinic_id)
    return clinic if clinic is not None and clinic.practitioner_id == practitioner.id else None
