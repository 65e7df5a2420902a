"""Forms for searching the directory."""
from wtforms import Form, IntegerField, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional

RADIUS_CHOICES = [("3", "3"), ("5", "5"), ("10", "10"), ("25", "25"), ("50", "50")]


class SearchForm(Form):
    """The 'find a practitioner' box: a place, a radius and years practising (GET, no CSRF)."""

    near = StringField("Town, city, postcode or ZIP", validators=[Optional(), Length(max=100)],
                       render_kw={"placeholder": "e.g. Manchester, SW1A 1AA or 90210"})
    radius = IntegerField("Within", default=10, validators=[Optional(), NumberRange(1, 500, "Choose a radius between 1 and 500.")],
                          render_kw={"list": "radius-options", "inputmode": "numeric"})
    unit = SelectField("Unit", choices=[("mi", "miles"), ("km", "km")], default="mi")
    min_years = IntegerField("Years practising, at least", default=0,
                             validators=[Optional(), NumberRange(0, 70, "Choose between 0 and 70 years.")],
                             render_kw={"inputmode": "numeric"})
