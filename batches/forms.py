"""Batch forms: a product used at an appointment (the practitioner's), and a recall (an admin's)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from batches import rules
from batches.services import ProductEntry


class ProductForm(FlaskForm):
    """One product used: name, manufacturer, batch or lot, expiry, and optionally how much."""

    product_name = StringField("Product name", validators=[DataRequired("Enter the product name."),
                                                           Length(max=rules.NAME_MAX)],
                               description="As on the label, for example “Juvederm Volift”.")
    manufacturer = StringField("Manufacturer", validators=[DataRequired("Enter the manufacturer."),
                                                           Length(max=rules.NAME_MAX)])
    batch_number = StringField("Batch or lot number", validators=[DataRequired("Enter the batch or lot number."),
                                                                  Length(max=rules.BATCH_MAX)],
                               description="Exactly as printed after LOT or BATCH on the box or syringe.")
    expires_on = DateField("Expiry date", validators=[DataRequired("Enter the expiry date printed on the product.")])
    quantity = StringField("Quantity (optional)", validators=[Optional(), Length(max=rules.QUANTITY_MAX)],
                           description="For example “1 ml” or “50 units”.")
    expired_confirmed = BooleanField("This product was used after its expiry date")

    def entry(self) -> ProductEntry:
        """What was typed, for the service."""
        return ProductEntry(self.product_name.data or "", self.manufacturer.data or "", self.batch_number.data or "",
                            self.expires_on.data, self.quantity.data or "", bool(self.expired_confirmed.data))


class RecallForm(FlaskForm):
    """A recalled batch: which product and batch, why, and where the notice is published."""

    product_name = StringField("Product name", validators=[DataRequired("Enter the product name."),
                                                           Length(max=rules.NAME_MAX)])
    batch_number = StringField("Batch or lot number", validators=[DataRequired("Enter the batch or lot number."),
                                                                  Length(max=rules.BATCH_MAX)],
                               description="Matched ignoring case, spaces and dashes.")
    reason = TextAreaField("Reason for the recall", validators=[DataRequired("Say why the batch is recalled."),
                                                                Length(max=rules.REASON_MAX)],
                           description="Patients and practitioners read this in the email.",
                           render_kw={"rows": 4, "maxlength": rules.REASON_MAX})
    source_url = StringField("Source link", validators=[DataRequired("Enter the web address of the recall notice."),
                                                        Length(max=rules.URL_MAX)],
                             description="The regulator's or manufacturer's notice (MHRA, FDA).")
