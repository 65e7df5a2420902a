"""Cosmetic templates for the claims corpus: train and held-out written apart, with their own words.

Families (the `tag` column): appearance, aftercare, practice, disclaimer, and the borderline ones that
tripped the old checker: borderline-question (a question answered without a leading "No"),
borderline-quoted (a claim quoted to refute it), borderline-split-negation (the negation away from its
verb) and borderline-condition (a condition named without claiming to treat it).
"""

TRAIN_SLOTS = {
    "look": ["tone and texture", "fine lines", "dullness", "uneven tone", "tired skin", "visible pores",
             "radiance", "smoothness"],
    "feel": ["hydrated", "soft", "comfortable", "refreshed", "smooth", "calm"],
    "proc": ["microneedling", "RF microneedling", "a chemical peel", "laser resurfacing", "a light peel"],
    "subj": ["our exosome facial", "the rose-derived serum", "this topical serum", "the post-procedure mask",
             "our hydrating facial", "the plant-derived serum"],
    "cond": ["acne", "melasma", "rosacea", "eczema", "hair loss", "alopecia", "psoriasis", "scarring"],
    "claim": ["cures acne", "regrows hair", "reverses ageing", "heals rosacea", "repairs the dermis",
              "treats melasma", "regenerates skin"],
    "who": ["your GP", "a dermatologist", "your doctor", "a trichologist"],
    "n": ["10", "12", "15", "8", "20"],
    "city": ["Leeds", "Manchester", "Bristol", "Austin", "Denver", "Brighton"],
}

HELDOUT_SLOTS = {
    "look": ["brightness", "the look of blotchiness", "a dewy finish", "the appearance of texture",
             "evenness", "a rested look", "a healthy-looking glow"],
    "feel": ["plump", "supple", "nourished", "settled", "silky"],
    "proc": ["fractional RF", "a broadband light session", "dermaplaning", "an enzyme peel"],
    "subj": ["the vesicle-like serum", "our recovery facial", "the synthetic exosome-like gel",
             "this cooling sheet mask", "the botanical booster"],
    "cond": ["breakouts", "chloasma", "thinning hair", "dermatitis", "vitiligo", "keloids", "stretch marks"],
    "claim": ["wipes out acne", "grows hair back", "rebuilds collagen", "puts an end to rosacea",
              "turns back the clock", "heals eczema"],
    "who": ["an NHS dermatology service", "your prescriber", "a consultant dermatologist"],
    "n": ["6", "9", "14", "25"],
    "city": ["Glasgow", "Cardiff", "Seattle", "Phoenix"],
}

TRAIN = {
    "appearance": [
        "{subj} improves the look of {look}.",
        "Leaves skin feeling {feel} after {proc}.",
        "Supports hydration and helps skin look {feel}.",
        "Helps reduce visible redness after {proc}.",
        "A comfort and appearance adjunct to {proc}.",
        "After {proc}, {subj} helps skin feel {feel} and look its best.",
        "Our clients in {city} say their skin feels {feel} after {subj}.",
        "{subj} is applied to the skin only, for {look}.",
        "Soothes post-procedure skin so it feels {feel}.",
    ],
    "aftercare": [
        "Avoid make-up for 24 hours after {proc}.",
        "We apply {subj} straight after {proc} to soothe the skin.",
        "Use a gentle cleanser and SPF for a week after {proc}.",
        "Mild redness after {proc} usually settles within a day or two.",
    ],
    "practice": [
        "I have been a nurse prescriber for {n} years.",
        "Our {city} clinic has step-free access and parking.",
        "Book a consultation to talk through {proc}.",
        "Trained in dermal fillers and anti-wrinkle injections since 20{n}.",
        "Appointments in {city} run on weekday evenings.",
        "I trained in {proc} and have worked in {city} for {n} years.",
        "Prices for {proc} start from {n}0 pounds.",
        "Please arrive {n} minutes early for {proc}.",
    ],
    "disclaimer": [
        "There are no FDA-approved exosome products.",
        "Results vary and are not guaranteed; most of the change comes from {proc} itself.",
        "If you have {cond}, please see {who} first.",
        "We do not inject or infuse exosomes.",
        "Our serum is a cosmetic, not a medicine.",
        "{subj} is a cosmetic adjunct and does not treat {cond}.",
        "We cannot treat {cond}; {who} is the right person to see.",
    ],
    "borderline-question": [
        "Does {subj} treat {cond}? It is a cosmetic, so we refer {cond} to {who}.",
        "Can exosomes cure {cond}? Sadly the evidence isn't there.",
        "Will it regrow hair? We can't promise that, and we won't.",
        "Is this a treatment for {cond}? It isn't - it helps skin look {feel}.",
    ],
    "borderline-quoted": [
        "You may read that exosomes \"{claim}\". That is not supported by evidence.",
        "We never say a serum \"{claim}\".",
        "Claims that a facial {claim} are misleading.",
        "Be wary of any clinic promising it {claim}.",
        "\"It {claim}\" - a line you will never see in our adverts.",
        "Online posts say {subj} {claim}; the evidence does not back that.",
    ],
    "borderline-split-negation": [
        "Exosomes, in our clinic, are never injected.",
        "{subj} is not, and cannot be, a treatment for {cond}.",
        "We do not, under any circumstances, claim to treat {cond}.",
        "Nothing we offer is meant to cure {cond}.",
        "{subj}, though popular, is not something that treats {cond}.",
        "We won't, whatever other clinics in {city} say, sell {subj} for {cond}.",
    ],
    "borderline-condition": [
        "Suitable for {cond}-prone skin under the guidance of {who}.",
        "Clients with {cond} should speak to {who} before booking.",
        "We see many clients with {cond} and refer them to {who}.",
    ],
}

HELDOUT = {
    "appearance": [
        "Expect {look} and skin that feels {feel}.",
        "{subj} gives {look} for a special occasion.",
        "A topical step after {proc} for {look}.",
        "Skin should feel {feel} and show {look} after {subj}.",
        "In {city} we pair {proc} with {subj} for {look}.",
        "Designed to leave skin looking {feel} after {proc}.",
    ],
    "aftercare": [
        "Skip the gym for a day after {proc}.",
        "Pair {subj} with a fragrance-free moisturiser at home.",
        "Some tightness after {proc} is normal and fades quickly.",
    ],
    "practice": [
        "Registered nurse based in {city}, practising for {n} years.",
        "Evening and Saturday slots available in {city}.",
        "Our {city} room was refurbished this year; {proc} takes about {n} minutes.",
        "Fully insured; {proc} bookings open {n} days ahead.",
        "Every first visit starts with a face-to-face consultation.",
        "Insured and trained in {proc}.",
    ],
    "disclaimer": [
        "Long-term benefits of {subj} are unknown.",
        "{subj} will not change how {cond} behaves; {who} can advise on that.",
        "Any change you see is mostly from {proc}, not the serum.",
        "Human-derived exosomes are not used here.",
        "For {cond} we point you to {who}; {subj} is purely cosmetic.",
    ],
    "borderline-question": [
        "Will {subj} heal my {cond}? That's a question for {who}, not a facial.",
        "Could exosomes reverse {cond}? Honestly, nobody has shown that.",
        "People ask if it repairs the dermis. It doesn't; it's a surface treatment.",
        "Does {subj} do anything for {cond}? Only {who} can treat that.",
    ],
    "borderline-quoted": [
        "Adverts saying a serum {claim} break the rules, and we don't run them.",
        "The idea that exosomes {claim} is marketing, not science.",
        "If a clinic tells you its facial {claim}, ask for the evidence.",
    ],
    "borderline-split-negation": [
        "At no point do we inject exosomes.",
        "None of our facials are intended to treat {cond}.",
        "Exosomes are something we would never put into a vein.",
        "{subj} does nothing for {cond}, and we say so up front.",
    ],
    "borderline-condition": [
        "Gentle enough for skin with a history of {cond}, with {who}'s agreement.",
        "If {cond} flares, pause the serum and contact {who}.",
    ],
}
