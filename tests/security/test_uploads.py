"""Uploads, attacked through the real forms: the content decides the type, hostile images are re-encoded or
refused, bombs are refused before decoding, and stored files are served so that no browser runs them."""
import io
import re
import threading
from functools import cache
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from compliance.models import ComplianceDocument
from core.extensions import db
from credentials.models import Credential
from tests.helpers import login, submit, text_of
from tests.security import upload_samples as samples

CREDENTIAL = {"kind": "registration", "issuer_choice": "GMC", "number": "1234567", "issued_on": "2012-09-01",
              "expires_on": "2045-01-31"}
EXOSOMES = {"uses_exosomes": "yes", "products-0-name": "Rose Vesicle Serum", "products-0-supplier": "Petal Labs",
            "products-0-source": "plant", "products-0-route": "topical", "attested": "y"}
PROFILE = {"name": "Dr Amelia Smith", "profession": "doctor", "registration_body": "GMC",
           "registration_number": "7123456", "practising_since": "2012-09-01", "bio": "", "languages": "English"}
# form -> (URL, its other fields, the file field, the folder its files go to)
FORMS = {"credential": ("/practice/credentials/new", CREDENTIAL, "document", "documents"),
         "evidence": ("/practice/exosomes/declare", EXOSOMES, "products-0-coa_file", "documents"),
         "photo": ("/practice/profile", PROFILE, "photo", "photos")}
DOCUMENT_FORMS = ["credential", "evidence"]
NOT_A_DOCUMENT = "Upload a PDF, JPEG or PNG file. This file is none of those, whatever its name."
NOT_A_PHOTO = "We could not read that file as a photo. Please upload a JPEG, PNG or WebP image."
UNREADABLE = {"credential": "We could not read this image", "evidence": "We could not read this image",
              "photo": NOT_A_PHOTO}
TOO_MANY_PIXELS = {"credential": "This image has too many pixels", "evidence": "This image has too many pixels",
                   "photo": "That image has too many pixels"}
SERVER_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|jpg|png)$")


@pytest.fixture
def practitioner(client, make_practitioner):
    """A listed doctor, logged in."""
    practitioner = make_practitioner(name="Dr Amelia Smith")
    login(client, practitioner.user.email)
    return practitioner


def upload(client, form: str, data: bytes, name: str, claimed: str = "application/octet-stream"):
    """Post a form with one file, as a browser would, the file's type claimed by the client."""
    url, fields, field, _ = FORMS[form]
    return submit(client, url, {**fields, field: (io.BytesIO(data), name, claimed)},
                  content_type="multipart/form-data")


def stored(app, form: str) -> list[Path]:
    """The files in the folder a form stores to."""
    folder = Path(app.config["UPLOAD_FOLDER"]) / FORMS[form][3]
    return sorted(folder.iterdir()) if folder.exists() else []


def only_file(app, form: str) -> Path:
    """The one file a form stored, under a name the server made."""
    [path] = stored(app, form)
    assert SERVER_NAME.match(path.name), path.name
    return path


def accepted(response) -> None:
    """The form took the file and moved on."""
    assert response.status_code == 302, text_of(response)


def refused(app, form: str, response, message: str) -> None:
    """The form came back with the message and nothing was stored."""
    assert response.status_code == 200 and message in text_of(response)
    assert stored(app, form) == []


def download(client, form: str):
    """Fetch the stored document back the way its owner does, and the page that names it."""
    if form == "credential":
        credential = db.session.scalar(select(Credential).where(Credential.status == "pending"))
        return client.get(f"/practice/credentials/{credential.id}/document"), client.get(
            f"/practice/credentials/{credential.id}")
    document = db.session.scalar(select(ComplianceDocument))
    return client.get(f"/compliance/documents/{document.id}"), client.get(FORMS["evidence"][0])


def assert_served_safely(response, mime: str) -> None:
    """The stored type, nosniff, an attachment, and a sandbox if a browser opens it anyway."""
    assert response.status_code == 200 and response.mimetype == mime
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("form", DOCUMENT_FORMS)
def test_a_pdf_named_exe_is_stored_as_a_pdf_and_downloads_as_one(app, client, practitioner, form):
    accepted(upload(client, form, samples.PDF, "certificate.exe", "application/x-msdownload"))
    path = only_file(app, form)
    assert path.suffix == ".pdf" and path.read_bytes() == samples.PDF
    response, page = download(client, form)
    assert_served_safely(response, "application/pdf")
    assert re.search(r'filename="?[^";]*\.pdf"?$', response.headers["Content-Disposition"])
    assert shows_name(page, form, "certificate.pdf") and "certificate.exe" not in text_of(page)


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_document_image_is_served_with_its_sniffed_type_not_the_claimed_one(app, client, practitioner, kind):
    accepted(upload(client, "credential", samples.image(kind), "scan.html", "text/html"))
    response, _ = download(client, "credential")
    assert_served_safely(response, f"image/{kind.lower()}")


def test_a_pdf_holding_html_stays_a_pdf_and_is_only_served_as_a_sandboxed_attachment(app, client, practitioner):
    polyglot = samples.PDF + samples.HTML + samples.image("JPEG")
    accepted(upload(client, "evidence", polyglot, "page.html", "text/html"))
    assert only_file(app, "evidence").read_bytes() == polyglot  # PDFs are kept exactly as sent
    response, _ = download(client, "evidence")
    assert_served_safely(response, "application/pdf")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", ["report.pdf", "photo.png", "photo.jpg"])
def test_html_is_refused_whatever_its_name(app, client, practitioner, form, name):
    message = NOT_A_PHOTO if form == "photo" else NOT_A_DOCUMENT
    refused(app, form, upload(client, form, samples.HTML, name, "application/pdf"), message)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("variant", samples.SVGS)
def test_svg_is_refused_everywhere(app, client, practitioner, form, variant):
    message = NOT_A_PHOTO if form == "photo" else NOT_A_DOCUMENT
    refused(app, form, upload(client, form, samples.SVGS[variant], "logo.png", "image/svg+xml"), message)


def shows_name(page, form: str, name: str) -> bool:
    """True when the page names the document exactly so: the credential's facts, or the evidence to keep."""
    pattern = rf"<dd>{re.escape(name)}\s+\(PDF" if form == "credential" else rf">{re.escape(name)}, uploaded "
    return re.search(pattern, text_of(page)) is not None


# The test client does not escape a backslash in the name it sends, so it is doubled here for the server to
# receive C:\Users\amelia\x.pdf, as a browser that sends the whole path would have it.
@pytest.mark.parametrize("form", DOCUMENT_FORMS)
@pytest.mark.parametrize("name, shown", [
    ("../../x.pdf", "x.pdf"), ("C:\\\\Users\\\\amelia\\\\x.pdf", "x.pdf"), ("x\x00.pdf", "x.pdf"),
    ("\u202efdp.exe", "fdp.pdf"), ("..", "document.pdf"),
    ("<img src=x onerror=alert(1)>.pdf", "img src=x onerror=alert(1).pdf")])
def test_a_file_name_with_path_parts_is_stored_safely_and_shown_sanitised(app, client, practitioner, form,
                                                                         name, shown):
    accepted(upload(client, form, samples.PDF, name))
    assert only_file(app, form).read_bytes() == samples.PDF
    assert [p.name for p in Path(app.config["UPLOAD_FOLDER"]).iterdir()] == ["documents"]
    response, page = download(client, form)
    assert_served_safely(response, "application/pdf")
    assert shows_name(page, form, shown) and "<img src=x" not in text_of(page)


def assert_clean(path: Path, kind: str) -> None:
    """The stored image is pixels only: no payload, nothing after the image's end, no metadata."""
    data = path.read_bytes()
    for marker in (samples.PAYLOAD, b"<html", b"<!DOCTYPE", b"PK\x03\x04", b"%PDF"):
        assert marker not in data, marker
    assert data.endswith(b"\xff\xd9" if kind == "JPEG" else b"IEND\xaeB`\x82")
    with Image.open(path) as image:
        assert image.format == kind
        assert not {"comment", "Comment", "exif", "icc_profile"} & set(image.info), image.info
        assert not image.getexif()


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("polyglot", samples.polyglots())
def test_a_polyglot_image_is_re_encoded_without_its_payload(app, client, practitioner, form, polyglot):
    name, data = samples.polyglots()[polyglot]
    accepted(upload(client, form, data, name, "text/html"))
    kind = "JPEG" if form == "photo" or data.startswith(b"\xff\xd8") else "PNG"
    assert_clean(only_file(app, form), kind)


def resident_bytes() -> int:
    """This process's resident memory now, from /proc."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096


def peak_growth(action) -> tuple[object, int]:
    """Run action, sampling resident memory every millisecond; return its result and the peak growth in bytes."""
    start, peak, done = resident_bytes(), [0], threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], resident_bytes() - start)
            done.wait(0.001)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        result = action()
    finally:
        done.set()
        sampler.join()
    return result, peak[0]


@cache
def bomb() -> bytes:
    """The 20,000 x 20,000 PNG, made once."""
    return samples.png_bomb()


@pytest.mark.parametrize("form", FORMS)
def test_a_small_png_claiming_20000_pixels_square_is_refused_before_decoding(app, client, practitioner, form):
    data = bomb()
    assert len(data) < 100_000  # decoded it would take 400 MB at one byte a pixel
    client.get(FORMS[form][0])  # warm the page up, so what is measured is the upload
    response, growth = peak_growth(lambda: upload(client, form, data, "bomb.png", "image/png"))
    refused(app, form, response, TOO_MANY_PIXELS[form])
    assert growth < 100 * 1024 * 1024, f"resident memory grew by {growth // 2**20} MB"


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("damage", samples.truncated())
def test_a_truncated_or_corrupt_image_is_refused_with_a_message(app, client, practitioner, form, damage):
    data = samples.truncated()[damage]
    name = "scan.jpg" if data.startswith(b"\xff\xd8") else "scan.png"
    refused(app, form, upload(client, form, data, name), UNREADABLE[form])


def test_a_photo_is_served_as_a_jpeg_with_nosniff_whatever_was_claimed(app, client, practitioner):
    accepted(upload(client, "photo", samples.image("PNG"), "me.html", "text/html"))
    response = client.get(f"/practice/photos/{only_file(app, 'photo').name}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    Image.open(io.BytesIO(response.data)).verify()


def test_an_admin_gets_evidence_the_same_safe_way(app, client, practitioner, make_user):
    accepted(upload(client, "credential", samples.image("PNG"), "scan.svg", "image/svg+xml"))
    accepted(upload(client, "evidence", samples.PDF, "coa.html", "text/html"))
    credential = db.session.scalar(select(Credential).where(Credential.status == "pending"))
    document = db.session.scalar(select(ComplianceDocument))
    client.post("/logout")
    login(client, make_user(role="admin", email="reviewer@verity.example").email)
    assert_served_safely(client.get(f"/admin/credentials/{credential.id}/document"), "image/png")
    response = client.get(f"/compliance/documents/{document.id}")
    assert_served_safely(response, "application/pdf")
    assert response.headers["Content-Disposition"] == "attachment; filename=coa.pdf"
