"""The health questions, in the order asked: each a yes or no, with details when the answer is yes."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """One question: its key in the stored answers, the question, an example hint and what to tell us on yes."""

    key: str
    text: str
    hint: str
    detail: str


QUESTIONS = (
    Question("pregnancy", "Are you pregnant, trying to become pregnant, or breastfeeding?",
             "Many injectable treatments are not given during pregnancy or breastfeeding.",
             "Tell us which, and how many weeks if you know"),
    Question("allergies", "Do you have any allergies?",
             "To medicines, anaesthetics, eggs, proteins or anything else.",
             "What are you allergic to, and what happens?"),
    Question("medicines", "Do you take any medicines, including blood thinners?",
             "Blood thinners such as warfarin, apixaban, clopidogrel or daily aspirin; also supplements.",
             "Which medicines, and how often"),
    Question("keloid", "Have you ever had keloid or raised scars?",
             "Thick scars that grow beyond the wound.",
             "Where, and after what"),
    Question("conditions", "Do you have an autoimmune or neuromuscular condition?",
             "Such as lupus, rheumatoid arthritis, myasthenia gravis, multiple sclerosis or motor neurone disease.",
             "Which condition, and how it is treated"),
    Question("previous", "Have you had aesthetic treatments before?",
             "Anti-wrinkle injections, fillers, threads, peels, lasers or others.",
             "Which treatments, and when"),
    Question("complications", "Have you had any problems after an aesthetic treatment?",
             "Such as an infection, lumps, a drooping eyelid or an allergic reaction.",
             "What happened, and after which treatment"),
)
KEYS = tuple(q.key for q in QUESTIONS)
DETAIL_MAX = 1000
