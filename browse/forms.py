"""The search form: a place, a radius, years practising and filters (GET, no CSRF)."""
from wtforms import BooleanField, Form, HiddenField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from compliance.badge import LABELS as BADGE_LABELS
from directory.models import Profession

RADIUS_OPTIONS = (3, 5, 10, 25, 50)


class SearchForm(Form):
    """What the page shows; directory.query.parse_search does the real validation."""

    near = StringField("Town, city, postcode or ZIP", validators=[Optional(), Length(max=100)],
                       render_kw={"placeholder": "e.g. Manchester, SW1A 1AA or 90210"})
    radius = IntegerField("Within", default=10, validators=[Optional(), NumberRange(1, 500)],
                          render_kw={"list": "radius-options", "inputmode": "decimal"})
    unit = SelectField("Unit", choices=[SelectChoice("mi", "miles"), SelectChoice("km", "km")], default="mi")
    min_years = IntegerField("Years practising, at least", default=0, validators=[Optional(), NumberRange(0, 80)],
                             render_kw={"inputmode": "numeric"})
    treatment = SelectField("Treatment", default="")
    profession = SelectField("Profession", default="",
                             choices=[SelectChoice("", "Any profession")] + [SelectChoice(p.value, p.label) for p in Profession])
    badge = SelectField("Exosome compliance", default="",
                        choices=[SelectChoice("", "Any")] + [SelectChoice(k, label) for k, (_icon, label) in BADGE_LABELS.items()])
    no_human_exosomes = BooleanField("No human-derived exosomes")
    sort = SelectField("Sort by", default="distance",
                       choices=[SelectChoice("distance", "Nearest first"), SelectChoice("years", "Most years practising")])
    lat = HiddenField()
    lon = HiddenField()

    def set_treatments(self, treatments) -> "SearchForm":
        """Fill the treatment choices from the catalogue."""
        self.treatment.choices = [SelectChoice("", "Any treatment")] + [SelectChoice(t.slug, t.name) for t in treatments]
        return self
