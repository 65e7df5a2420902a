"""Reading one cell: each parser returns the value to store or raises RowProblem saying why it cannot."""
from __future__ import annotations

import math
import re
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email

from accounts.services import normalise_email
from compliance.models import Route, Source
from credentials.issuers import UK_BODIES, normalise_number, number_problem
from importer.reading import column_name
from directory.models import Profession
from geo.places import COUNTRY_ALIASES, POSTCODE_RE, ZIP_RE, compact_code, format_postcode

YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
PROFESSIONS = {p.value for p in Profession}


class RowProblem(ValueError):
    """Why one cell, or one row, cannot be imported; the message is for the spreadsheet's author."""


def clean(value: object, keep_lines: bool = False) -> str:
    """A cell without stray whitespace (non-breaking spaces included)."""
    text = str(value or "").strip()
    if keep_lines:
        return "\n".join(" ".join(part.split()) for part in text.splitlines()).strip()
    return " ".join(text.split())


def registration_key(body: str, number: str) -> tuple[str, str]:
    """How rows and stored profiles are matched: the body and number, ignoring case and spaces."""
    return body.strip().lower(), normalise_number(number)


def parse_registration(body: str, number: str) -> tuple[str, str]:
    """The body (UK registers in their usual spelling) and number, checked against the register's format."""
    body = next((name for name in UK_BODIES if name.lower() == body.lower()), body)
    problem = number_problem(body, number)
    if problem:
        raise RowProblem(f"registration_number “{number}”: {problem}")
    return body, normalise_number(number) if body in UK_BODIES else number


def parse_date(text: str, column: str) -> date:
    """Read YYYY-MM-DD or DD/MM/YYYY (day first, as in the UK)."""
    if ISO_DATE.fullmatch(text):  # the usual case, without strptime's cost
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RowProblem(f"{column} “{text}” is not a date; write YYYY-MM-DD or DD/MM/YYYY")


def parse_profession(text: str) -> str:
    """A Profession value from its value ("nurse_prescriber") or label ("Nurse prescriber")."""
    key = column_name(text)
    if key in PROFESSIONS:
        return key
    raise RowProblem(f"profession “{text}” is unknown; use one of: {', '.join(p.label for p in Profession)}")


def parse_email(text: str) -> str:
    """The email in the form accounts store it."""
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        raise RowProblem(f"email “{text}” is not valid: {error}") from error
    return normalise_email(text)


def parse_country(text: str) -> str:
    """GB or US, from the code or a common name ("UK", "United States")."""
    folded = text.strip().lower()
    for code, names in COUNTRY_ALIASES.items():
        if folded in names:
            return code
    raise RowProblem(f"country “{text}” is not supported; use GB or US")


def parse_postcode(text: str, country: str) -> str:
    """A full UK postcode ("M1 1AE") or US ZIP ("10022", "10022-1234"), in its usual form."""
    compact = compact_code(text)
    if country == "GB" and POSTCODE_RE.match(compact):
        return format_postcode(compact)
    match = ZIP_RE.match(compact) if country == "US" else None
    if match:
        return match.group(1) + (f"-{compact[-4:]}" if len(compact) > 5 else "")
    if country == "US" and compact.isdigit() and len(compact) < 5:
        raise RowProblem(f"ZIP code “{text}” is too short; spreadsheets drop leading zeros "
                         f"(did you mean {compact.zfill(5)}?): format the column as text")
    example = "M1 1AE" if country == "GB" else "10022"
    raise RowProblem(f"postcode “{text}” is not a valid {country} postcode (like {example})")


def parse_point(lat_text: str, lon_text: str) -> tuple[float, float] | None:
    """Coordinates when both are given, None when both are empty."""
    if not lat_text and not lon_text:
        return None
    if not lat_text or not lon_text:
        raise RowProblem("give both lat and lon, or leave both empty to locate the clinic from its postcode")
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError as error:
        raise RowProblem(f"lat/lon “{lat_text}”, “{lon_text}” are not numbers") from error
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise RowProblem(f"lat {lat_text} is outside -90 to 90")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise RowProblem(f"lon {lon_text} is outside -180 to 180")
    return lat, lon


def parse_flag(text: str, column: str) -> bool | None:
    """yes/no (also y/n, true/false, 1/0); None when empty, which counts as no."""
    if not text:
        return None
    if text.lower() in YES | NO:
        return text.lower() in YES
    raise RowProblem(f"{column} “{text}” must be yes or no")


NO_EXOSOMES = "none"


def _listed(text: str, column: str, allowed: list[str], use: str) -> tuple[str, ...]:
    """Distinct ';'-separated values of a column, refusing any not in `allowed` with what to use instead."""
    values = tuple(dict.fromkeys(v.strip().lower() for v in text.split(";") if v.strip()))
    unknown = [v for v in values if v not in allowed]
    if unknown or not values:
        raise RowProblem(f"{column} “{text}”: {', '.join(unknown) or 'nothing'} is not allowed; use {use}")
    return values


def parse_exosome_sources(text: str) -> tuple[str, ...] | None:
    """exosome_source: None when empty (nothing declared), ("none",), or sources from compliance's list."""
    if not text:
        return None
    sources = [s.value for s in Source]
    values = _listed(text, "exosome_source", [NO_EXOSOMES] + sources,
                     f"{NO_EXOSOMES}, or one or more of {', '.join(sources)} separated by ;")
    if NO_EXOSOMES in values and len(values) > 1:
        raise RowProblem(f"exosome_source “{text}” gives {NO_EXOSOMES} together with sources; give one or the other")
    return values


def parse_exosome_routes(text: str) -> tuple[str, ...] | None:
    """exosome_routes: None when empty, else routes from compliance's list."""
    if not text:
        return None
    routes = [r.value for r in Route]
    return _listed(text, "exosome_routes", routes, f"one or more of {', '.join(routes)} separated by ;")
