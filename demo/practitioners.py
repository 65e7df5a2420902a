"""Demo practitioners of every profession across UK and US towns, and the demo logins. Safe to re-run."""
import random
from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from accounts.models import Role, User
from credentials.models import Credential, CredentialStatus
from demo.places import FIRST_NAMES, LAST_NAMES, TOWNS
from directory.clinics import address_verdict
from directory.models import Clinic, Offering, Practitioner, Profession, Treatment
from directory.services import sync_catalogue, unique_slug
from core.extensions import db
from core import clock

DEMO_PASSWORD = "verity-demo-password"
DEMO_LOGINS = [("admin@verity.example", Role.ADMIN, "Ada Admin"),
               ("patient@verity.example", Role.PATIENT, "Pat Patient"),
               ("practitioner@verity.example", Role.PRACTITIONER, "Dr Amelia Demo")]
BODIES = {"GB": {"doctor": "GMC", "surgeon": "GMC", "dentist": "GDC", "nurse": "NMC", "nurse_prescriber": "NMC",
                 "pharmacist_prescriber": "GPhC", "aesthetic_therapist": "HCPC"},
          "US": {"doctor": "Medical Board", "surgeon": "Medical Board", "dentist": "Dental Board",
                 "nurse": "Board of Nursing", "nurse_prescriber": "Board of Nursing",
                 "pharmacist_prescriber": "Board of Pharmacy", "aesthetic_therapist": "Cosmetology Board"}}


def registration_number(rng: random.Random, body: str) -> str:
    """A number in the issuer's format (GMC 7 digits, NMC 12A3456B style, others digits)."""
    if body == "NMC":
        return f"{rng.randint(10, 99)}{rng.choice('ABCDEFGHIJ')}{rng.randint(1000, 9999)}{rng.choice('ABCDEFGHIJ')}"
    if body == "GMC":
        return str(rng.randint(1_000_000, 9_999_999))
    return str(rng.randint(10_000, 999_999))


def _user(email: str, role: Role, name: str, password_hash: str) -> User:
    """Return the demo user with this email, creating it when missing."""
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, role=role.value, name=name, password_hash=password_hash,
                    email_verified_at=clock.now())
        db.session.add(user)
        db.session.flush()
    return user


def _register_check(body: str, number: str, today: date, admin: User) -> dict:
    """The register check a demo verification rests on: the body's register, showing the number, checked today."""
    return {"register_checked_in": body, "register_reference": f"{body} {number}: registered",
            "register_checked_on": today, "register_checked_by_id": admin.id}


def _credentials(rng: random.Random, practitioner: Practitioner, body: str, today: date, admin: User):
    """Give a practitioner a registration that is verified, pending or expired, plus training."""
    roll = rng.random()
    status = CredentialStatus.VERIFIED if roll < 0.8 else CredentialStatus.PENDING
    expires = today + timedelta(days=rng.randint(30, 700))
    if 0.9 <= roll:
        status, expires = CredentialStatus.VERIFIED, today - timedelta(days=rng.randint(1, 200))
    verified = status == CredentialStatus.VERIFIED
    practitioner.credentials.append(Credential(
        kind="registration", issuer=body, number=practitioner.registration_number,
        issued_on=practitioner.practising_since, expires_on=expires, status=status.value,
        verified_at=clock.now() if verified else None, verified_by_id=admin.id if verified else None,
        **(_register_check(body, practitioner.registration_number, today, admin) if verified else {})))
    practitioner.credentials.append(Credential(
        kind="training", issuer=rng.choice(["Harley Academy", "Acquisition Aesthetics", "Derma Medical"]),
        number=f"CERT-{rng.randint(1000, 9999)}", issued_on=today - timedelta(days=rng.randint(100, 1500)),
        expires_on=None, status=CredentialStatus.PENDING.value))


def _practitioner(rng, index, user, treatments, today, admin) -> Practitioner:
    """Build one demo practitioner with one to three clinics and a few treatments."""
    profession = list(Profession)[index % len(Profession)]
    town = TOWNS[index % len(TOWNS)]
    country = town[2]
    body = BODIES[country][profession.value]
    titled = profession in (Profession.DOCTOR, Profession.SURGEON, Profession.DENTIST)
    title = "Dr " if titled and not user.name.startswith("Dr ") else ""
    practitioner = Practitioner(
        user_id=user.id, slug=unique_slug(user.name), name=title + user.name, profession=profession.value,
        registration_body=body, registration_number=registration_number(rng, body),
        practising_since=today - timedelta(days=rng.randint(200, 25 * 365)),
        bio=f"{profession.label} offering cosmetic treatments in {town[0]}. I take time over consultations "
            "and will tell you when a treatment is not right for you.",
        languages=rng.choice(["English", "English, Spanish", "English, Hindi", "English, Polish"]))
    same_country = [t for t in TOWNS if t[2] == country and t[0] != town[0]]
    for place in [town] + rng.sample(same_country, k=rng.choice([0, 0, 0, 1, 2])):
        city, postcode, _, lat, lon, zone = place
        clinic = Clinic(
            name=f"{user.name.split()[-1]} Aesthetics {city}", address=f"{rng.randint(1, 200)} High Street",
            city=city, postcode=postcode, country=country,
            lat=lat + rng.uniform(-0.004, 0.004), lon=lon + rng.uniform(-0.004, 0.004), time_zone=zone)
        # The address check decides, as for any clinic: Belfast's postcodes are not in the offline data.
        clinic.address_status, clinic.address_problem = address_verdict(clinic)
        practitioner.clinics.append(clinic)
    allowed = [t for t in treatments if t.allows(profession.value)]
    currency = "GBP" if country == "GB" else "USD"
    for treatment in rng.sample(allowed, k=min(len(allowed), rng.randint(2, 5))):
        practitioner.offerings.append(Offering(treatment=treatment, price_from_minor=rng.randint(8, 60) * 1000,
                                               currency=currency, duration_minutes=rng.choice([30, 45, 60])))
    _credentials(rng, practitioner, body, today, admin)
    return practitioner


def seed_practitioners(count: int, today: date, progress=lambda n: None) -> User:
    """Add the demo logins and `count` demo practitioners unless already there; return the demo admin."""
    rng = random.Random(20261122)
    sync_catalogue()
    password_hash = generate_password_hash(DEMO_PASSWORD)
    users = {email: _user(email, role, name, password_hash) for email, role, name in DEMO_LOGINS}
    admin = users["admin@verity.example"]
    treatments = list(db.session.scalars(select(Treatment).order_by(Treatment.id)))
    existing = set(db.session.scalars(select(User.email).where(User.email.like("demo-%@verity.example"))))
    for index in range(count):
        email = "practitioner@verity.example" if index == 0 else f"demo-{index:04d}@verity.example"
        if index == 0:
            user = users[email]
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            if email in existing:
                progress(1)
                continue
            user = _user(email, Role.PRACTITIONER, name, password_hash)
        if db.session.scalar(select(Practitioner.id).where(Practitioner.user_id == user.id)) is None:
            db.session.add(_practitioner(rng, index, user, treatments, today, admin))
        progress(1)
    return admin
