"""Drug-like templates for the claims corpus: train and held-out written apart, with their own words.

Families (the `tag` column): direct, idiom, fragment, pronoun, approval-route, product-name, structure,
hair, ageing, stem-cell, obfuscation, and borderline-hedged (a softened claim that still promises a cure).
"""
import random

TRAIN_SLOTS = {
    "cond": ["acne", "melasma", "rosacea", "eczema", "alopecia", "hair loss", "acne scarring", "psoriasis",
             "dermatitis", "thinning hair", "pigmentation disorders", "sun damage", "stretch marks", "scars"],
    "subj": ["our exosome serum", "the exosome facial", "this protocol", "our signature treatment",
             "the vesicle booster", "our regenerative facial", "this clinic-only serum"],
    "treat": ["treats", "cures", "heals", "clears", "eliminates", "gets rid of", "fixes", "eradicates"],
    "struct": ["the dermis", "the dermal matrix", "collagen fibres", "damaged skin cells", "elastin",
               "skin tissue", "fibroblasts"],
    "sverb": ["regenerates", "rebuilds", "repairs", "restores", "remodels", "reprogrammes"],
    "n": ["three", "four", "six", "two"],
    "product": ["RegenaVex", "DermaCure-X", "FolliRevive", "Exo-Renew 5", "CelluGen Pro", "VesiHeal"],
    "route": ["IV drip", "injection", "infusion", "jab", "shot"],
    "body": ["scalp", "face", "bloodstream", "joints", "under-eye area"],
    "approved": ["FDA-approved", "FDA cleared", "MHRA approved", "medically licensed", "government approved"],
    "time": ["weeks", "days", "a month", "one session"],
}

HELDOUT_SLOTS = {
    "cond": ["breakouts and cystic spots", "hormonal acne", "chloasma", "red-faced rosacea flare-ups",
             "atopic eczema", "patchy hair loss", "receding hairlines", "pitted acne scars", "keloid scars",
             "vitiligo patches", "chronic dermatitis", "age spots caused by sun damage"],
    "subj": ["the EV elixir", "our bio-signal therapy", "the vesicle programme", "this growth-factor mask",
             "the secretome treatment", "our cell-signalling infusion"],
    "treat": ["cures", "heals", "resolves", "wipes out", "defeats", "puts an end to", "reverses"],
    "struct": ["your collagen scaffold", "the deep dermal layers", "worn-out skin cells", "the skin barrier at "
               "cell level", "dormant fibroblasts", "the extracellular matrix"],
    "sverb": ["regrows", "re-engineers", "resets", "heals", "renews", "regenerates"],
    "product": ["Vexolift", "NeoCell Amp", "Follixa", "ReGenesis EV", "Exodermix", "CuraSkin Plus"],
    "route": ["drip", "IV session", "booster shot", "infusion", "injectable"],
    "body": ["veins", "scalp", "knees", "bloodstream"],
    "approved": ["FDA approved", "cleared by the FDA", "approved by the MHRA", "licensed by regulators"],
    "n": ["5", "8", "10", "12"],
}

TRAIN = {
    "direct": [
        "{subj} {treat} {cond}.",
        "{subj} {treat} {cond} in {n} sessions.",
        "Suffering from {cond}? {subj} {treat} it for good.",
        "We use exosomes to treat {cond}.",
        "A proven cure for {cond}.",
    ],
    "idiom": [
        "Wave goodbye to {cond} with {subj}.",
        "Say farewell to {cond} forever.",
        "With {subj}, {cond} is a thing of the past.",
        "Kiss {cond} goodbye after just {n} treatments.",
        "Show {cond} the door with {subj}.",
    ],
    "fragment": [
        "{cond}? Sorted.",
        "{cond}? Gone in {time}.",
        "Stubborn {cond}? Fixed.",
        "{cond} - solved, for good.",
    ],
    "pronoun": [
        "Try {subj}. It {sverb} {struct} from within.",
        "We apply {subj} after microneedling and it {sverb} {struct}.",
        "Clients ask about {subj} because it {treat} {cond}.",
        "Once it is absorbed, it {sverb} {struct}.",
    ],
    "approval-route": [
        "Book an exosome {route} to the {body}.",
        "Our exosomes are {approved} for {cond}.",
        "{approved} exosome therapy now available.",
        "We deliver exosomes by {route} straight into the {body}.",
        "Exosome {route} packages from our Beverly Hills clinic.",
        "We inject exosomes into the {body}.",
        "Our nurses infuse exosomes by {route}.",
    ],
    "product-name": [
        "{product} {treat} {cond} in {time}.",
        "{product} {sverb} {struct}.",
        "New {product}: the {approved} answer to {cond}.",
        "{product} exosome {route}, booked online.",
    ],
    "structure": [
        "{subj} {sverb} {struct}.",
        "Boosts collagen production and {sverb} {struct}.",
        "Stimulates fibroblasts so {struct} heals itself.",
    ],
    "hair": [
        "{subj} regrows hair where it had stopped growing.",
        "Wake up dormant follicles with {subj}.",
        "Reverse {cond} with {n} sessions of {subj}.",
        "{product} stimulates new hair growth on the {body}.",
    ],
    "ageing": [
        "{subj} reverses ageing at the cellular level.",
        "Turn back your biological clock with {subj}.",
        "{product} halts the ageing process.",
    ],
    "stem-cell": [
        "Book our stem-cell therapy for {cond}.",
        "{subj} activates your own stem cells to heal {cond}.",
        "Stem cell facials that {sverb} {struct}.",
    ],
    "comparative": [
        "Nothing {treat} {cond} like {subj}.",
        "No other clinic {treat} {cond} as fast as we do.",
        "Nothing else {sverb} {struct} the way {product} does.",
        "No cream {treat} {cond} better than {subj}.",
    ],
    "borderline-hedged": [
        "{subj} may help heal {cond}.",
        "Many clients find {subj} clears their {cond}.",
        "{subj} can support the repair of {struct}.",
        "Results suggest {subj} reduces {cond} flare-ups.",
    ],
}

HELDOUT = {
    "direct": [
        "Struggling with {cond}? {subj} {treat} the underlying cause.",
        "Finally, a treatment that {treat} {cond}.",
        "{subj} is our go-to remedy for {cond}.",
    ],
    "idiom": [
        "Bid adieu to {cond} once and for all.",
        "Your days of hiding {cond} are over thanks to {subj}.",
        "Never worry about {cond} again.",
        "Put {cond} behind you permanently with {subj}.",
        "{cond}? Consigned to history after {n} visits.",
    ],
    "fragment": [
        "{cond}. Handled.",
        "Goodbye {cond}. Hello clear skin.",
        "No more {cond}. Guaranteed.",
        "{cond} gone - for life.",
    ],
    "pronoun": [
        "Patients love it because it {treat} {cond}.",
        "Once applied, they get to work and {sverb} {struct}.",
        "Ask about {subj}: it literally {sverb} {struct}.",
    ],
    "approval-route": [
        "{subj}, {approved}, delivered by {route}.",
        "Exosomes straight into your {body} via our {route}.",
        "Our {approved} vesicle {route} is here.",
        "Top up with a monthly exosome {route}.",
    ],
    "product-name": [
        "{product} {treat} {cond} where creams have failed.",
        "Meet {product}, which {sverb} {struct} while you sleep.",
        "{product}, {approved}, now in clinic.",
    ],
    "structure": [
        "Goes deeper than any cream: {subj} {sverb} {struct}.",
        "Your skin will literally rebuild {struct}.",
    ],
    "hair": [
        "Thicker hair grows back after {n} sessions of {subj}.",
        "{product} brings dead follicles back to life.",
        "Grow back what you lost with {subj}.",
    ],
    "ageing": [
        "Rewind the clock on your cells with {product}.",
        "Undo ten years of ageing with {subj}.",
    ],
    "stem-cell": [
        "{subj} harnesses stem cells to repair {struct}.",
        "Stem-cell rejuvenation for {cond}.",
    ],
    "borderline-hedged": [
        "{subj} could be the answer to your {cond}.",
        "Early results show {subj} reverses {cond}.",
        "{subj} is thought to heal {cond} naturally.",
    ],
}

# Typos and spacing tricks: train and held-out use different tricks, so the held-out set tests unseen ones.
TRAIN_TRICKS = {"a": "@", "o": "0", "e": "3"}
HELDOUT_TRICKS = {"i": "1", "s": "$", "a": "4"}
TARGETS = ("treats", "cures", "heals", "acne", "regrows", "eczema", "repairs", "reverses", "regenerates",
           "rosacea", "melasma", "hair loss", "clears", "resolves", "alopecia")


def obfuscate(text: str, rng: random.Random, split: str) -> str:
    """A typo or spacing trick on one claim word: look-alike characters, spaced letters, a doubled letter."""
    lowered = text.lower()
    words = [w for w in TARGETS if w in lowered]
    if not words:
        return text
    word = rng.choice(words)
    at = lowered.index(word)
    original = text[at:at + len(word)]
    trick = rng.choice(["chars", "spaced", "typo"] if split == "train" else ["chars", "dotted", "swap"])
    if trick == "chars":
        table = TRAIN_TRICKS if split == "train" else HELDOUT_TRICKS
        new = "".join(table.get(c, c) for c in original)
    elif trick == "spaced":
        new = " ".join(original)
    elif trick == "dotted":
        new = ".".join(original)
    elif trick == "typo":
        new = original[:2] + original[2] + original[2:]
    else:
        new = original[:1] + original[2] + original[1] + original[3:] if len(original) > 3 else original
    return text[:at] + new + text[at + len(word):]
