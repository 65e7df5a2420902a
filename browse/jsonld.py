"""schema.org JSON-LD for a practitioner's profile page."""
from compliance.moderation import may_show
from directory.models import Practitioner, Profession

MEDICAL = {Profession.DOCTOR.value, Profession.SURGEON.value, Profession.DENTIST.value}


def profile_jsonld(practitioner: Practitioner, url: str) -> dict:
    """A Physician (doctors, surgeons, dentists) or MedicalBusiness with address and geo."""
    locations = [{
        "@type": "MedicalClinic",
        "name": clinic.name,
        "address": {"@type": "PostalAddress", "streetAddress": clinic.address, "addressLocality": clinic.city,
                    "postalCode": clinic.postcode, "addressCountry": clinic.country},
        "geo": {"@type": "GeoCoordinates", "latitude": round(clinic.lat, 5), "longitude": round(clinic.lon, 5)},
    } for clinic in practitioner.clinics]
    first = locations[0] if locations else {}
    return {
        "@context": "https://schema.org",
        "@type": "Physician" if practitioner.profession in MEDICAL else "MedicalBusiness",
        "name": practitioner.name,
        "url": url,
        "description": practitioner.bio[:500] if may_show("bio", practitioner.id, practitioner.bio) else "",
        "medicalSpecialty": "https://schema.org/Dermatology",
        "knowsLanguage": [lang.strip() for lang in practitioner.languages.split(",") if lang.strip()],
        "address": first.get("address"),
        "geo": first.get("geo"),
        "location": locations,
        "availableService": [{"@type": "MedicalProcedure", "name": o.treatment.name}
                             for o in practitioner.offerings],
    }
