"""Evidence files and credential factories shared by the credential and admin tests."""
import io
from datetime import date

from PIL import Image

from credentials import rules, services
from core.extensions import db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _png() -> bytes:
    """A real 40 x 30 PNG: evidence images are decoded, so a bare signature is no longer enough."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


class Upload(io.BytesIO):
    """An uploaded file as the services receive it: readable, with the name the browser sent."""

    def __init__(self, data: bytes, filename: str):
        super().__init__(data)
        self.filename = filename


def pdf_upload(name="certificate.pdf", data=PDF):
    """A (stream, filename) pair for the test client's multipart posts."""
    return io.BytesIO(data), name


REGISTRATION = {"kind": "registration", "issuer_choice": "GMC", "number": "1234567",
                "issued_on": "2012-09-01", "expires_on": "2045-01-31"}


def credential_factory(today: date):
    """Return make_pending(practitioner, **declaration) -> a pending credential with a stored PDF, committed."""

    def factory(practitioner, document=PDF, filename="evidence.pdf", **overrides):
        values = {"kind": "registration", "issuer_choice": "GMC", "number": "1234567",
                  "issued_on": date(2012, 9, 1), "expires_on": date(2045, 1, 31), **overrides}
        credential = services.submit(practitioner, rules.Declaration(**values), Upload(document, filename),
                                     practitioner.user, today)
        db.session.commit()
        return credential

    return factory
