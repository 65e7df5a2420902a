"""Who issues credentials, and the number formats of the bodies whose format is known."""
import re

# UK statutory registers a practitioner's professional registration can come from.
UK_BODIES = {
    "GMC": "UK doctors",
    "NMC": "UK nurses and midwives",
    "GDC": "UK dentists",
    "GPhC": "UK pharmacists",
    "HCPC": "UK health and care professions",
}
US_STATE_BOARD = "us_state_board"
NAMED = "named"

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
}
US_BOARD_TYPES = ["Medical Board", "Board of Nursing", "Dental Board", "Board of Pharmacy", "Cosmetology Board"]

# Known formats: (pattern on the normalised number, message when it does not match).
NUMBER_FORMATS = {
    "GMC": (re.compile(r"\d{7}"), "A GMC number is 7 digits, such as 1234567."),
    "NMC": (re.compile(r"\d{2}[A-Z]\d{4}[A-Z]"),
            "An NMC PIN is 2 digits, a letter, 4 digits and a letter, such as 12A3456E."),
    "GDC": (re.compile(r"\d{1,7}"), "A GDC number is digits only, such as 123456."),
    "GPhC": (re.compile(r"\d{7}"), "A GPhC number is 7 digits, such as 2012345."),
    "HCPC": (re.compile(r"[A-Z]{2}\d{4,6}"), "An HCPC number is 2 letters then digits, such as PA12345."),
}


def normalise_number(number: str) -> str:
    """Compare numbers without spaces or case, as registers print them in several ways."""
    return re.sub(r"\s+", "", number or "").upper()


def number_problem(issuer: str, number: str) -> str | None:
    """The message for a number that does not fit its issuer's known format, else None."""
    known = NUMBER_FORMATS.get(issuer)
    if known is None or not number:
        return None
    pattern, message = known
    return None if pattern.fullmatch(normalise_number(number)) else message


def issuer_name(choice: str, state: str = "", name: str = "") -> str:
    """The issuer as stored and shown: a UK body's short name, 'Texas Medical Board', or the named body."""
    if choice in UK_BODIES:
        return choice
    if choice == US_STATE_BOARD:
        return f"{US_STATES.get(state, state)} {name.strip() or 'state board'}".strip()
    return " ".join((name or "").split())


def issuer_parts(issuer: str, state: str) -> tuple[str, str, str]:
    """Split a stored issuer back into (choice, state, name), to fill in the form for a new version."""
    if issuer in UK_BODIES:
        return issuer, "", ""
    if state:
        prefix = US_STATES.get(state, state) + " "
        board = issuer[len(prefix):] if issuer.startswith(prefix) else issuer
        return US_STATE_BOARD, state, "" if board == "state board" else board
    return NAMED, "", issuer


def issuer_choices() -> list[tuple[str, str]]:
    """Options for the issuer select: UK bodies, a US state board, or a named provider or insurer."""
    return ([(code, f"{code} ({label})") for code, label in UK_BODIES.items()]
            + [(US_STATE_BOARD, "A US state board (choose the state)"),
               (NAMED, "A training provider or insurer (name it)")])


def country_of(issuer: str, state: str) -> str:
    """The jurisdiction of a registration: GB, US, or empty for named providers."""
    return "GB" if issuer in UK_BODIES else ("US" if state else "")


# Where an admin can check a credential: a UK register, a US state board's licence lookup, or the issuer itself.
ISSUER_RECORDS = "issuer"


def register_choices() -> list[tuple[str, str]]:
    """Options for the register an admin checked, as (code, label)."""
    return ([(code, f"{code} register ({label})") for code, label in UK_BODIES.items()]
            + [(f"US-{code}", f"{name} state board licence lookup")
               for code, name in sorted(US_STATES.items(), key=lambda item: item[1])]
            + [(ISSUER_RECORDS, "The issuer's own records (training provider or insurer)")])


def register_label(code: str) -> str:
    """A register named for a person; a register an import named is shown as given."""
    return dict(register_choices()).get(code, code)


def expected_register(issuer: str, state: str) -> str | None:
    """The register a professional registration must be checked on, when it is known."""
    if issuer in UK_BODIES:
        return issuer
    return f"US-{state}" if state else None
