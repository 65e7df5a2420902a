"""Credential rules as pure functions: what a practitioner may declare, and what an approval needs.

The forms call these to show every problem at once; credentials/services.py calls them again
before it writes.
"""
from dataclasses import dataclass
from datetime import date

from credentials import issuers
from credentials.models import Credential, CredentialKind

EARLIEST_ISSUE = date(1950, 1, 1)
EVIDENCE_REQUIRED = "Upload the evidence: a PDF, JPEG or PNG of the certificate or register entry."


@dataclass
class Declaration:
    """What a practitioner says about one credential, as typed into the form."""

    kind: str
    issuer_choice: str
    state: str = ""
    issuer_name: str = ""
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None

    @property
    def issuer(self) -> str:
        """The issuer as it is stored and shown."""
        return issuers.issuer_name(self.issuer_choice, self.state, self.issuer_name)

    @property
    def clean_number(self) -> str:
        """The number without spaces; registers' own numbers in upper case."""
        number = issuers.normalise_number(self.number)
        return number if self.issuer_choice in issuers.UK_BODIES else " ".join(self.number.split())


def _issuer_problems(d: Declaration) -> list[tuple[str, str]]:
    """Problems with who issued the credential, as (field, message)."""
    registration = d.kind == CredentialKind.REGISTRATION.value
    if registration and d.issuer_choice == issuers.NAMED:
        return [("issuer_choice", "A professional registration comes from GMC, NMC, GDC, GPhC, HCPC "
                                  "or a US state board.")]
    if not registration and d.issuer_choice != issuers.NAMED:
        what = "training provider" if d.kind == CredentialKind.TRAINING.value else "insurer"
        return [("issuer_choice", f"Choose “A training provider or insurer” and name the {what}.")]
    if d.issuer_choice == issuers.US_STATE_BOARD and d.state not in issuers.US_STATES:
        return [("state", "Choose the state whose board issued your licence.")]
    if d.issuer_choice == issuers.NAMED and not d.issuer.strip():
        return [("issuer_name", "Enter the name of the training provider or insurer.")]
    if len(d.issuer) > 120:
        return [("issuer_name", "Keep the name to 120 characters.")]
    return []


def _date_problems(d: Declaration, today: date) -> list[tuple[str, str]]:
    """Problems with the issue and expiry dates, as (field, message)."""
    problems = []
    if d.issued_on is None:
        problems.append(("issued_on", "Enter the date it was issued."))
    elif d.issued_on > today:
        problems.append(("issued_on", "The issue date cannot be in the future."))
    elif d.issued_on < EARLIEST_ISSUE:
        problems.append(("issued_on", "Check the issue date: it is before 1950."))
    if d.expires_on is None and d.kind == CredentialKind.INSURANCE.value:
        problems.append(("expires_on", "Enter the date your insurance ends."))
    elif d.expires_on and d.expires_on < today:
        problems.append(("expires_on", f"This expired on {d.expires_on:%-d %B %Y}. Upload the renewed one."))
    elif d.expires_on and d.issued_on and d.expires_on <= d.issued_on:
        problems.append(("expires_on", "The expiry date must be after the issue date."))
    return problems


def declaration_problems(d: Declaration, today: date) -> list[tuple[str, str]]:
    """Every problem with a declaration, as (field, message), so a form can show them all at once."""
    problems = []
    if d.kind not in {k.value for k in CredentialKind}:
        return [("kind", "Choose what kind of credential this is.")]
    problems += _issuer_problems(d)
    if d.kind == CredentialKind.REGISTRATION.value and not d.number.strip():
        problems.append(("number", "Enter your registration number."))
    elif len(d.clean_number) > 60:
        problems.append(("number", "Keep the number to 60 characters."))
    elif message := issuers.number_problem(d.issuer_choice, d.number):
        problems.append(("number", message))
    return problems + _date_problems(d, today)


def approval_problems(credential: Credential, next_check_on: date | None, expires_on: date | None,
                      today: date) -> list[tuple[str, str]]:
    """Problems with an approval's dates, as (field, message)."""
    problems = []
    if expires_on is not None and expires_on < today:
        problems.append(("expires_on", "The expiry date has passed: this credential cannot be verified."))
    if next_check_on is None:
        problems.append(("next_check_on", "Enter when Verity should check this credential again."))
    elif next_check_on <= today:
        problems.append(("next_check_on", "The next check must be after today."))
    elif expires_on is not None and next_check_on > expires_on:
        problems.append(("next_check_on", "Check again on or before the expiry date."))
    return problems


@dataclass
class RegisterCheck:
    """What an admin found on a register: where they looked, the reference it showed, and when."""

    register: str = ""
    reference: str = ""
    checked_on: date | None = None

    @property
    def given(self) -> bool:
        """True when the admin recorded a check (the register select alone has a default)."""
        return bool(self.reference.strip() or self.checked_on)


def register_check_problems(credential: Credential, check: RegisterCheck, today: date) -> list[tuple[str, str]]:
    """Problems with a register check given with an approval, as (field, message); none when no check is given."""
    if not check.given:
        return []
    problems = []
    expected = (issuers.expected_register(credential.issuer, credential.issuer_state)
                if credential.kind == CredentialKind.REGISTRATION.value else None)
    if check.register not in dict(issuers.register_choices()):
        problems.append(("register", "Choose the register you checked."))
    elif expected and check.register != expected:
        problems.append(("register", f"This registration is held with {credential.issuer}: check it on the "
                                     f"{issuers.register_label(expected)}."))
    if not check.reference.strip():
        problems.append(("register_reference", "Enter the reference the register shows, such as its entry "
                                               "number or the page address."))
    elif len(check.reference.strip()) > 200:
        problems.append(("register_reference", "Keep the reference to 200 characters."))
    if check.checked_on is None:
        problems.append(("register_checked_on", "Enter the date you checked the register."))
    elif check.checked_on > today:
        problems.append(("register_checked_on", "The date checked cannot be in the future."))
    elif credential.issued_on and check.checked_on < credential.issued_on:
        problems.append(("register_checked_on", f"The register could not show it before it was issued on "
                                                f"{credential.issued_on:%-d %B %Y}."))
    return problems


def describe(credential: Credential) -> str:
    """A credential named for a person: 'Professional registration, GMC 1234567'."""
    number = f" {credential.number}" if credential.number else ""
    return f"{credential.kind_label}, {credential.issuer}{number}"
