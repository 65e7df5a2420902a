"""What the transparency report shows, in one place: the figures, how they are grouped, and who provides them.

A provider is a function `months -> {label: [count for each month]}` (the months are first days of
whole UTC months, oldest first), read-only, living in the domain whose rows it counts. A label that
a section names but no provider gives is shown as "not yet collected", never as zeros.
"""
from dataclasses import dataclass

from compliance import figures as compliance
from complications import figures as complications
from credentials import figures as credentials
from directory import figures as directory

PROVIDERS = [
    credentials.monthly_figures,
    directory.monthly_figures,
    compliance.monthly_figures,
    complications.monthly_figures,  # the first two COMPLICATION_LABELS; complaints are not collected yet
]

COMPLICATION_LABELS = (complications.REPORTED, complications.CLOSED, "Complaints reported", "Complaints closed")
COMPLAINT_LABELS = COMPLICATION_LABELS[2:]


@dataclass(frozen=True)
class Measure:
    """One figure: its label (the provider's key, the table's row and the chart's legend) and what it counts."""

    label: str
    meaning: str


@dataclass(frozen=True)
class Section:
    """A group of figures shown as one chart and one table. `stock`: a count at each month's end, not in it."""

    slug: str
    title: str
    measures: tuple[Measure, ...]
    stock: bool = False


SECTIONS = (
    Section("practitioners", "Practitioners", (
        Measure(credentials.APPROVED, "Registrations, training certificates and insurance policies an admin "
                                      "verified against evidence."),
        Measure(directory.SUSPENDED, "Practitioners an admin took out of search and profiles, with a reason."),
        Measure(credentials.EXPIRED, "Verified credentials that reached their expiry date without a newer "
                                     "version verified in time (a registration that lapses takes its holder "
                                     "out of search)."))),
    Section("declarations", "Exosome declarations", (
        Measure(compliance.WAITING, "Declarations of exosome products an admin had not yet checked."),
        Measure(compliance.REVIEWED, "Declarations whose evidence an admin checked and accepted."),
        Measure(compliance.SENT_BACK, "Declarations an admin sent back asking for more evidence."),
        Measure(compliance.NO_USE, "Practitioners who declared that they do not use exosome products.")),
        stock=True),
    Section("claims", "Claims in practitioners' wording", (
        Measure(compliance.HELD, "Profile, treatment or clinic wording the claims checker held for an admin "
                                 "to read before patients see it."),
        Measure(compliance.ADMIN_REVIEWED, "Held wording an admin read and decided on (approved or refused)."),
        Measure(compliance.ADMIN_REFUSED, "Wording an admin refused: patients cannot read it."),
        Measure(compliance.CHECKER_REFUSED, "Wording the checker hid at once as a medicinal claim."))),
    Section("complaints", "Complaints and complications", (
        Measure(COMPLICATION_LABELS[0], "Problems after a treatment that patients reported through Verity "
                                        "(urgent or not), in the month they reported them."),
        Measure(COMPLICATION_LABELS[1], "Reported problems an admin closed with a note on what was done, in the "
                                        "month they were closed."),
        Measure(COMPLICATION_LABELS[2], "Complaints made through Verity."),
        Measure(COMPLICATION_LABELS[3], "Complaints closed."))),
)
