"""Checking rows: each row on its own, then the rows of one practitioner together."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from importer.parsing import (NO_EXOSOMES, RowProblem, clean, parse_country, parse_date, parse_email,
                              parse_exosome_routes, parse_exosome_sources, parse_flag, parse_point, parse_postcode,
                              parse_profession, parse_registration, registration_key)
from importer.reading import COLUMNS, OPTIONAL_COLUMNS, column_name
from importer.report import ImportReport
from compliance.models import Route
from directory.models import AddressStatus, Profession, Treatment
from directory.places import gazetteer
from core.extensions import db
from core.refusal import Refusal
from geo.addresses import check_address
from geo.places import compact_code
from geo.timezones import time_zone_for

REQUIRED = ("name", "email", "profession", "registration_body", "registration_number", "practising_since",
            "clinic_name", "city", "postcode", "country")
# Column widths of the tables the values land in: PostgreSQL refuses longer text, SQLite would not.
MAX_LENGTHS = {"name": 120, "email": 254, "registration_body": 60, "registration_number": 40,
               "clinic_name": 120, "address": 200, "city": 80, "bio": 10_000}
# The practitioner's own fields: rows of one registration must agree on them.
PERSON_FIELDS = ("name", "email", "profession", "practising_since", "bio", "registration_verified",
                 "registration_expires", "exosome_source", "exosome_routes", "coa_on_file", "endotoxin_tested")
# Zones a clinic's coordinates may fall in, per country; anything else means a wrong or swapped pin.
COUNTRY_ZONES = {"GB": ("Europe/London",), "US": ("America/", "Pacific/")}


@dataclass
class Line:
    """One checked spreadsheet row: what it says about the practitioner, one clinic and treatments."""

    number: int
    key: tuple[str, str]
    person: dict = field(default_factory=dict)
    clinic: dict = field(default_factory=dict)
    treatment_ids: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    person_errors: bool = False


def clinic_key(name: str, postcode: str) -> tuple[str, str]:
    """How a clinic is recognised on a re-run: its practitioner, name and postcode."""
    return name.casefold(), compact_code(postcode or "")


class RowChecker:
    """Checks rows one at a time against the catalogue and the gazetteer, caching place lookups."""

    def __init__(self, today: date):
        """Read the catalogue once; places and time zones are cached as rows name them."""
        self.today = today
        self.treatments = {t.slug: (t.id, set(t.allowed_professions.split(",")))
                           for t in db.session.scalars(select(Treatment))}
        self.places: dict[tuple, tuple[float, float] | str] = {}  # a point, or why there is none
        self.zones: dict[tuple[float, float], str] = {}

    def check(self, number: int, row: dict) -> Line:
        """Parse and check one row; every problem found is listed in the line's errors."""
        cells = {column_name(k): clean(v, keep_lines=column_name(k) == "bio") for k, v in row.items() if k}
        key = registration_key(cells.get("registration_body", ""), cells.get("registration_number", ""))
        line = Line(number, key if all(key) else ("", str(number)))
        if row.get(None):
            line.errors.append("the row has more cells than the header has columns (an unquoted comma?)")
        # PostgreSQL cannot store U+0000; left to reach a query, it stopped the whole import with a traceback.
        for column in (c for c in COLUMNS + OPTIONAL_COLUMNS if "\x00" in cells.get(c, "")):
            line.errors.append(f"{column} holds a NUL character, which cannot be stored")
        self._check_person(line, cells)
        line.person_errors = bool(line.errors)
        self._check_clinic(line, cells)
        return line

    def _attempt(self, line: Line, parse, *args):
        """Run one parser, noting its problem on the line instead of raising; None on failure."""
        try:
            return parse(*args)
        except RowProblem as problem:
            line.errors.append(str(problem))
            return None

    def _check_person(self, line: Line, cells: dict) -> None:
        """Required cells, lengths, and the practitioner's own fields."""
        for column in REQUIRED:
            if not cells.get(column):
                line.errors.append(f"{column} is required")
        for column, limit in MAX_LENGTHS.items():
            if len(cells.get(column, "")) > limit:
                line.errors.append(f"{column} is longer than {limit} characters")
        get, p = cells.get, line.person
        p["name"], p["bio"] = get("name", ""), get("bio", "")
        p["registration_body"], p["registration_number"] = self._attempt(
            line, parse_registration, get("registration_body", ""), get("registration_number", "")) or ("", "")
        p["email"] = get("email") and self._attempt(line, parse_email, get("email"))
        p["profession"] = get("profession") and self._attempt(line, parse_profession, get("profession"))
        p["practising_since"] = get("practising_since") and self._attempt(
            line, parse_date, get("practising_since"), "practising_since")
        if p["practising_since"] and p["practising_since"] > self.today:
            line.errors.append(f"practising_since {p['practising_since']:%Y-%m-%d} is in the future")
        p["registration_verified"] = self._attempt(line, parse_flag, get("registration_verified", ""),
                                                   "registration_verified")
        p["registration_expires"] = get("registration_expires") and self._attempt(
            line, parse_date, get("registration_expires"), "registration_expires")
        if p["registration_verified"] and p["registration_expires"] and p["registration_expires"] < self.today:
            line.errors.append(f"registration_expires {p['registration_expires']:%Y-%m-%d} has passed: "
                               "an expired registration cannot be verified")
        self._check_exosomes(line, cells)

    def _check_exosomes(self, line: Line, cells: dict) -> None:
        """Each exosome declaration column (whether they fit together is checked per practitioner, in `triage`)."""
        p = line.person
        p["exosome_source"] = self._attempt(line, parse_exosome_sources, cells.get("exosome_source", ""))
        p["exosome_routes"] = self._attempt(line, parse_exosome_routes, cells.get("exosome_routes", ""))
        for column in ("coa_on_file", "endotoxin_tested"):
            p[column] = self._attempt(line, parse_flag, cells.get(column, ""), column)

    def _check_clinic(self, line: Line, cells: dict) -> None:
        """The clinic's place and time zone (looked up only for an otherwise good row), and the treatments."""
        country = cells.get("country") and self._attempt(line, parse_country, cells["country"])
        postcode = country and cells.get("postcode") and self._attempt(line, parse_postcode, cells["postcode"], country)
        point = self._attempt(line, parse_point, cells.get("lat", ""), cells.get("lon", ""))
        line.treatment_ids = self._attempt(line, self._treatments, cells.get("treatments", ""),
                                           line.person["profession"]) or []
        if line.errors:
            return
        point = self._attempt(line, self._checked_address, postcode, cells["city"], country, point)
        zone = point and self._attempt(line, self._zone, point, country)
        if zone:
            line.clinic = {"name": cells["clinic_name"], "address": cells.get("address", ""), "city": cells["city"],
                           "postcode": postcode, "country": country, "lat": point[0], "lon": point[1],
                           "time_zone": zone, "address_status": AddressStatus.CONFIRMED.value, "address_problem": None}

    def _treatments(self, text: str, profession: str) -> list[int]:
        """Treatment ids from ';'-separated catalogue slugs the profession may offer."""
        slugs = list(dict.fromkeys(s.strip().lower() for s in text.split(";") if s.strip()))
        unknown = [s for s in slugs if s not in self.treatments]
        if unknown:
            raise RowProblem(f"unknown treatments: {', '.join(unknown)} (see docs/import-format.md for the slugs)")
        barred = [s for s in slugs if profession and profession not in self.treatments[s][1]]
        if barred:
            raise RowProblem(f"a {Profession(profession).label.lower()} may not offer: {', '.join(barred)}")
        return [self.treatments[s][0] for s in slugs]

    def _checked_address(self, postcode: str, city: str, country: str, point) -> tuple[float, float]:
        """The clinic's pin once its address passes the one address check (geo.addresses), each checked once.

        The pin is the row's lat/lon when within 2 km of the postcode, else the postcode's own point; a
        refusal names the column at fault.
        """
        query = (postcode, city.casefold(), country, point)
        if query not in self.places:
            try:
                found = check_address(gazetteer(), postcode, city, country, *(point or (None, None)))
                self.places[query] = (found.lat, found.lon)
            except Refusal as refusal:
                hint = f" Did you mean {', '.join(refusal.extra['suggestions'][:3])}?" \
                    if refusal.extra.get("suggestions") else ""
                self.places[query] = f"{refusal.field}: {refusal.message}{hint}"
        answer = self.places[query]
        if isinstance(answer, str):
            raise RowProblem(answer)
        return answer

    def _zone(self, point: tuple[float, float], country: str) -> str:
        """The clinic's time zone, refusing coordinates that are not in the clinic's country."""
        if point not in self.zones:
            self.zones[point] = time_zone_for(*point)
        zone = self.zones[point]
        if not zone.startswith(COUNTRY_ZONES[country]):
            raise RowProblem(f"lat/lon {point[0]}, {point[1]} are not in {country} (time zone {zone}); "
                             "are lat and lon swapped? Leave both empty to locate the clinic from its postcode")
        return zone


def checked_lines(rows, checker: RowChecker, progress) -> list[Line]:
    """Check every non-empty row; line numbers count the header as line 1 and empty rows too."""
    rows, lines = list(rows), []
    with progress("Checking rows", len(rows)) as bar:
        for number, row in enumerate(rows, start=2):
            if any(clean(v) for v in row.values() if not isinstance(v, list)) or row.get(None):
                lines.append(checker.check(number, row))
            bar.update(1)
    return lines


def _disagreement(lines: list[Line]) -> str | None:
    """Say which practitioner fields the rows of one registration disagree on, if any."""
    for name in PERSON_FIELDS:
        seen: dict[object, int] = {}
        for line in lines:
            value = line.person[name]
            if value not in ("", None):
                seen.setdefault(value.casefold() if isinstance(value, str) else value, line.number)
        if len(seen) > 1:
            return f"rows for this registration disagree on {name} (lines {', '.join(map(str, seen.values()))})"
    return None


EXOSOME_DETAILS = ("exosome_routes", "coa_on_file", "endotoxin_tested")


def _exosome_mismatch(lines: list[Line]) -> str | None:
    """Say how the practitioner's exosome columns contradict each other, taking each from the first row giving it."""
    given = {name: next((ln.person[name] for ln in lines if ln.person[name] is not None), None)
             for name in ("exosome_source", *EXOSOME_DETAILS)}
    sources = given["exosome_source"]
    if sources is None:
        details = [name for name in EXOSOME_DETAILS if given[name] is not None]
        return f"{', '.join(details)} given without exosome_source: write {NO_EXOSOMES}, or the sources used" \
            if details else None
    if sources == (NO_EXOSOMES,):
        contradict = [name for name in EXOSOME_DETAILS if given[name]]
        return f"exosome_source is {NO_EXOSOMES}, so leave {', '.join(contradict)} empty" if contradict else None
    if not given["exosome_routes"]:
        return ("exosome_routes is required when exosome_source names sources: one or more of "
                f"{', '.join(r.value for r in Route)} separated by ;")
    return None


def triage(lines: list[Line], report: ImportReport) -> list[list[Line]]:
    """Group lines by registration; refuse bad rows, and whole groups whose practitioner fields are wrong."""
    groups: dict[tuple, list[Line]] = {}
    for line in lines:
        groups.setdefault(line.key, []).append(line)
    emails: dict[str, list[tuple]] = {}
    for key, group in groups.items():
        for email in dict.fromkeys(line.person["email"] for line in group if line.person["email"]):
            emails.setdefault(email, []).append(key)
    kept = []
    for key, group in groups.items():
        bad = next((line for line in group if line.person_errors), None)
        clash = next((e for e in {ln.person["email"] for ln in group} if len(emails.get(e, [])) > 1), None)
        reason = (bad and f"line {bad.number} has errors in the practitioner's details") or _disagreement(group) \
            or _exosome_mismatch(group) or (clash and f"email {clash} is given for more than one registration number")
        for line in group:
            if reason or line.errors:
                report.refuse(line.number, "; ".join(line.errors) or reason)
        good = [line for line in group if not (reason or line.errors)]
        if good:
            kept.append(_distinct_clinics(good, report))
    return kept


def _distinct_clinics(lines: list[Line], report: ImportReport) -> list[Line]:
    """Refuse a later row naming the same clinic as an earlier one with different details."""
    first: dict[tuple, Line] = {}
    kept = []
    for line in lines:
        earlier = first.setdefault(clinic_key(line.clinic["name"], line.clinic["postcode"]), line)
        if earlier is not line and earlier.clinic != line.clinic:
            report.refuse(line.number, f"clinic {line.clinic['name']} ({line.clinic['postcode']}) is already "
                                       f"on line {earlier.number} with different details")
        else:
            kept.append(line)
    return kept
