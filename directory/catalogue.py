"""The treatment catalogue the site starts with, from the domain notes."""
from directory.models import PRESCRIBERS, Profession

ALL = tuple(Profession)
CLINICAL = PRESCRIBERS + (Profession.NURSE,)
SKIN = ALL

# slug, name, category, allowed professions, adults only, exosome adjunct, description
TREATMENTS = [
    ("botulinum-toxin", "Anti-wrinkle injections (botulinum toxin)", "injectables", PRESCRIBERS, True, False,
     "A prescription-only medicine injected to soften expression lines. Needs a face-to-face prescriber consultation."),
    ("dermal-filler", "Dermal fillers (hyaluronic acid)", "injectables", CLINICAL, True, False,
     "Gel injected to restore volume or shape; hyaluronic acid fillers can be dissolved."),
    ("lip-augmentation", "Lip augmentation", "injectables", CLINICAL, True, False,
     "Filler placed to shape or add volume to the lips."),
    ("cheek-lift", "Cheek lift", "injectables", CLINICAL, True, False,
     "Filler placed along the cheekbones to lift the mid-face."),
    ("jawline-contouring", "Jawline contouring", "injectables", CLINICAL, True, False,
     "Filler placed to define the jawline and chin."),
    ("thread-lift", "Thread lift (PDO / barbed threads)", "threads", CLINICAL, True, False,
     "Dissolvable threads placed under the skin to lift and support."),
    ("chemical-peel", "Chemical peel", "skin", SKIN, False, False,
     "An acid solution that removes the outer layers of skin to refresh tone and texture."),
    ("microneedling", "Microneedling", "skin", SKIN, False, False,
     "Fine needles make controlled micro-channels in the skin to improve the look of texture."),
    ("rf-microneedling", "Radiofrequency (RF) microneedling", "energy", CLINICAL + (Profession.AESTHETIC_THERAPIST,),
     False, False, "Microneedling that also delivers radiofrequency heat."),
    ("fractional-rf", "Fractional radiofrequency", "energy", CLINICAL + (Profession.AESTHETIC_THERAPIST,), False, False,
     "Radiofrequency energy delivered in a grid to improve the look of skin texture."),
    ("laser-bbl", "Laser / broadband light", "energy", CLINICAL + (Profession.AESTHETIC_THERAPIST,), False, False,
     "Light-based treatment for the look of redness, pigment and texture."),
    ("prp", "Platelet-rich plasma (PRP)", "injectables", CLINICAL, True, False,
     "The patient's own plasma, prepared and re-applied to the skin or scalp."),
    ("exosome-facial", "\u201cExosome facial\u201d (topical serum after a procedure)", "skin", SKIN, False, True,
     "A topical serum applied after microneedling, RF or laser as a comfort and appearance adjunct."),
    ("facelift", "Surgical facelift (rhytidectomy)", "surgery", (Profession.SURGEON,), True, False,
     "A surgical procedure performed by surgeons only."),
]


# Prescription-only medicines (POMs) in the catalogue. UK-POM-CONSULT (GMC guidance on cosmetic interventions;
# NMC and GPhC equivalents): a prescriber sees the patient face to face before prescribing one, so a
# practitioner's offering of a POM starts with a consultation unless they change it, and a patient answers
# the health questions (intake/) before their first appointment for one.
PRESCRIPTION_ONLY = frozenset({"botulinum-toxin"})
POM_CONSULT_RULE = ("UK-POM-CONSULT", "United Kingdom", "GMC guidance on cosmetic interventions; NMC and GPhC "
                    "equivalents")


def is_prescription_only(treatment) -> bool:
    """Whether a catalogue treatment (or its slug) is a prescription-only medicine."""
    return getattr(treatment, "slug", treatment) in PRESCRIPTION_ONLY


def catalogue_rows():
    """Yield the catalogue as dictionaries ready for the Treatment model."""
    for slug, name, category, professions, adults_only, exosome, description in TREATMENTS:
        yield {"slug": slug, "name": name, "category": category, "description": description,
               "allowed_professions": ",".join(p.value for p in professions),
               "adults_only": adults_only, "exosome_adjunct": exosome}
