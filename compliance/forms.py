"""Forms for declaring exosome use, reviewing declarations and checking wording."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, FieldList, Form, FormField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from compliance.claims import MAX_TEXT_LENGTH, NoDrugClaims
from compliance.models import EvidenceKind, Route, Source
from compliance.queries import documents_of
from compliance.services import STATEMENT_MAX, ProductRow
from core.extensions import MAX_ID
from core.refusal import Refusal, put_on_form

PRODUCT_SLOTS = 3
SOURCE_CHOICES = [SelectChoice("", "Choose a source")] + [SelectChoice(s.value, s.label) for s in Source]
ROUTE_CHOICES = [SelectChoice("", "Choose how it is used")] + [SelectChoice(r.value, r.label) for r in Route]
KINDS = [kind.value for kind in EvidenceKind]


def _document_id(value) -> int | None:
    """The id of a document to keep; anything but a number is an id no document has, which the service refuses.

    isdecimal, not isdigit ("²" is a digit int() refuses), and at most MAX_ID (a longer number
    overflowed SQLite): both made a 500.
    """
    if not value:
        return None
    text = str(value)
    return int(text) if text.isdecimal() and len(text) <= 10 and int(text) <= MAX_ID else -1


class ProductForm(Form):
    """One exosome product: what it is, where from, how used, and its evidence documents."""

    name = StringField("Product name", validators=[Length(max=120)])
    supplier = StringField("Supplier or manufacturer", validators=[Length(max=120)])
    # Choices are checked by the services, which name the product slot in their message.
    source = SelectField("Where its exosomes come from", choices=SOURCE_CHOICES, validate_choice=False)
    route = SelectField("How you use it", choices=ROUTE_CHOICES, validate_choice=False)
    coa_file = FileField("Certificate of analysis (PDF, JPEG or PNG)")
    coa_keep = SelectField("Or keep a certificate already on file", validate_choice=False)
    tests_file = FileField("Microbial and endotoxin test results")
    tests_keep = SelectField("Or keep test results already on file", validate_choice=False)
    stability_file = FileField("Storage and stability records")
    stability_keep = SelectField("Or keep records already on file", validate_choice=False)

    def is_blank(self) -> bool:
        """True when nothing was entered in this product's slot."""
        typed = any((self[name].data or "").strip() for name in ("name", "supplier", "source", "route"))
        return not typed and not any(self._upload(kind) for kind in KINDS)

    def _upload(self, kind: str):
        """The file chosen for a kind of evidence, or None."""
        data = self[f"{kind}_file"].data
        return data if data is not None and getattr(data, "filename", "") else None

    def row(self) -> ProductRow:
        """The slot as the service takes it."""
        return ProductRow(name=self.name.data or "", supplier=self.supplier.data or "", source=self.source.data or "",
                          route=self.route.data or "", uploads={kind: self._upload(kind) for kind in KINDS},
                          keep={kind: _document_id(self[f"{kind}_keep"].data) for kind in KINDS})


class DeclarationForm(FlaskForm):
    """A whole declaration: whether exosomes are used, up to three products, the attestation and a statement."""

    uses_exosomes = RadioField("Do you use exosome products in your practice?",
                               choices=[SelectChoice("no", "No, I do not use exosome products"),
                                        SelectChoice("yes", "Yes, I use the products listed below")],
                               validators=[InputRequired("Say whether you use exosome products.")])
    products = FieldList(FormField(ProductForm), min_entries=PRODUCT_SLOTS, max_entries=PRODUCT_SLOTS)
    attested = BooleanField("I describe exosomes in cosmetic words only, I never inject or infuse them, and I "
                            "collect each patient's consent before using them.")
    statement = TextAreaField("What patients should know about how you use exosomes (optional)",
                              validators=[Length(max=STATEMENT_MAX), NoDrugClaims(lambda form: form.countries)],
                              description="Shown on your compliance page. Describe appearance and comfort, "
                                          "not conditions treated.", render_kw={"rows": 4, "maxlength": STATEMENT_MAX})

    def __init__(self, practitioner, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.countries = sorted({c.country for c in practitioner.clinics})
        for kind in KINDS:
            choices = [("", "None")] + [(str(d.id), f"{d.original_name}, uploaded {d.uploaded_at:%-d %B %Y}")
                                        for d in documents_of(practitioner, kind)]
            for entry in self.products:
                entry.form[f"{kind}_keep"].choices = choices

    def rows(self) -> list[ProductRow]:
        """The filled-in product slots."""
        return [entry.form.row() for entry in self.products if not entry.form.is_blank()]

    def show_refusal(self, refusal: Refusal) -> None:
        """Put a refusal on its field, which may be a product slot's ("products-1-source"), or above the form."""
        parts = (refusal.field or "").split("-")
        if len(parts) == 3 and parts[0] == "products" and parts[1].isdigit() and int(parts[1]) < len(self.products):
            field = self.products[int(parts[1])].form[parts[2]]
            field.errors = [*field.errors, refusal.message]
        elif refusal.field == "products":
            self.form_errors.append(refusal.message)
        else:
            put_on_form(self, refusal)


def initial_data(declaration) -> dict:
    """Form data that starts a new declaration from the current one."""
    if declaration is None:
        return {}
    products = [{"name": p.name, "supplier": p.supplier, "source": p.source, "route": p.route,
                 **{f"{kind}_keep": str(getattr(p, f"{kind}_document_id") or "") for kind in KINDS}}
                for p in declaration.products[:PRODUCT_SLOTS]]
    return {"uses_exosomes": "yes" if declaration.uses_exosomes else "no", "products": products,
            "attested": declaration.claims_policy_attested, "statement": declaration.statement}


class DecisionForm(FlaskForm):
    """A button that marks a declaration reviewed (POST only)."""


class ReturnForm(FlaskForm):
    """Send a declaration back with a reason the practitioner can act on."""

    reason = TextAreaField("Reason, emailed to the practitioner",
                           validators=[InputRequired("Give a reason."), Length(min=10, max=1000,
                                       message="Give a reason of 10 to 1,000 characters.")],
                           render_kw={"rows": 4})


class WordingForm(FlaskForm):
    """Text to run through the claims checker before publishing it."""

    text = TextAreaField("Your wording", validators=[InputRequired("Paste the text to check."),
                                                     Length(max=MAX_TEXT_LENGTH)],
                         description="Paste a bio, a treatment description or a clinic blurb.",
                         render_kw={"rows": 8})
