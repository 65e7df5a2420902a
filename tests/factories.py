"""Factories that build stored objects for tests, with overridable defaults."""
from datetime import date, timedelta

from credentials.models import Credential
from directory.models import Clinic, Offering, Practitioner
from directory.services import unique_slug
from core.extensions import db
from core import clock

MANCHESTER = {"name": "Piccadilly Clinic", "city": "Manchester", "postcode": "M1 1AE", "country": "GB",
              "lat": 53.4794, "lon": -2.2453, "time_zone": "Europe/London"}


def practitioner_factory(make_user, catalogue):
    """Return make_practitioner(**overrides) -> Practitioner, stored and committed.

    Arguments: name, profession, practising_since (date), clinics (list of Clinic field dicts,
    default one in Manchester, its address confirmed), treatments (slugs), verified (a current verified registration,
    default True), registration_expires (date), email, bio.
    """
    counter = iter(range(1, 100_000))

    def factory(name=None, profession="doctor", practising_since=date(2015, 3, 1), clinics=None,
                treatments=("dermal-filler",), verified=True, registration_expires=None, email=None, bio=""):
        n = next(counter)
        name = name or f"Dr Test {n}"
        user = make_user(role="practitioner", email=email or f"prac{n}@example.com", name=name)
        practitioner = Practitioner(user_id=user.id, slug=unique_slug(name), name=name, profession=profession,
                                    registration_body="GMC", registration_number=f"{7000000 + n}",
                                    practising_since=practising_since, bio=bio)
        for fields in clinics or [MANCHESTER]:
            # Built as if the address check passed: tests of the check pass address_status themselves.
            practitioner.clinics.append(Clinic(**{**MANCHESTER, "address_status": "confirmed", **fields}))
        for slug in treatments:
            practitioner.offerings.append(Offering(treatment=catalogue[slug], price_from_minor=25000,
                                                   currency="GBP", duration_minutes=45))
        if verified:
            practitioner.credentials.append(Credential(
                kind="registration", issuer="GMC", number=practitioner.registration_number,
                issued_on=practising_since, status="verified", verified_at=clock.now(),
                expires_on=registration_expires or date.today() + timedelta(days=365),
                # Verified on evidence, as credentials.services.approve requires: a check of the GMC register.
                register_checked_in="GMC", register_reference=f"GMC {practitioner.registration_number}: registered",
                register_checked_on=clock.today()))
        db.session.add(practitioner)
        db.session.commit()
        return practitioner

    return factory
