"""Uploading, checking, shrinking and serving practitioner photos."""
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from core.extensions import db
from directory import photos
from tests.helpers import submit, text_of
from tests.practice.conftest import PROFILE, image_file


def upload(client, photo, **fields):
    """Post the profile form with a photo attached."""
    return submit(client, "/practice/profile", {**PROFILE, **fields, "photo": photo},
                  content_type="multipart/form-data")


def stored_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / "photos"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_png_is_resized_and_stored_as_jpeg(app, client, practitioner):
    response = upload(client, image_file(1200, 900, "PNG", name="Me at the clinic.PNG"))
    assert response.location == "/practice/"
    db.session.refresh(practitioner)
    assert photos.is_photo_name(practitioner.photo_filename)
    [path] = stored_files(app)
    assert path.name == practitioner.photo_filename
    with Image.open(path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (600, 450))


def test_the_photo_is_served_and_shown_on_the_dashboard(client, practitioner):
    upload(client, image_file(300, 400, "WEBP"))
    db.session.refresh(practitioner)
    url = f"/practice/photos/{practitioner.photo_filename}"
    assert f'src="{url}"' in text_of(client.get("/practice/"))
    client.post("/logout")  # the photo is public
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    with Image.open(io.BytesIO(response.data)) as served:
        assert served.size == (300, 400)  # small photos are not enlarged


def test_metadata_is_removed(app, client, practitioner):
    exif = Image.Exif()
    exif[0x013B] = "Someone Private"  # Artist
    exif[0x8825] = {2: (53.0, 28.0, 0.0)}  # GPS latitude
    upload(client, image_file(640, 480, "JPEG", exif=exif.tobytes()))
    [path] = stored_files(app)
    with Image.open(path) as stored:
        assert not stored.getexif() and "exif" not in stored.info


def test_transparent_images_are_laid_on_white(app, client, practitioner):
    upload(client, image_file(100, 100, "PNG", mode="RGBA"))
    [path] = stored_files(app)
    with Image.open(path) as stored:
        assert stored.mode == "RGB"


def test_a_text_file_named_png_is_refused(app, client, practitioner):
    page = text_of(upload(client, (io.BytesIO(b"not really a picture\n" * 50), "portrait.png")))
    assert "We could not read that file as a photo. Please upload a JPEG, PNG or WebP image." in page
    assert 'id="photo-error"' in page
    db.session.refresh(practitioner)
    assert practitioner.photo_filename is None and stored_files(app) == []


def test_a_truncated_image_is_refused(client, practitioner):
    data, _ = image_file(800, 600, "PNG")
    page = text_of(upload(client, (io.BytesIO(data.getvalue()[:400]), "cut.png")))
    assert "We could not read that file as a photo" in page


def test_a_gif_is_refused(client, practitioner):
    page = text_of(upload(client, image_file(50, 50, "GIF", name="photo.jpg")))
    assert "Please upload a JPEG, PNG or WebP image" in page


def test_a_photo_over_5_mb_is_refused(app, client, practitioner):
    noise = Image.frombytes("RGB", (1400, 1300), os.urandom(1400 * 1300 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    assert photos.MAX_BYTES < buffer.tell() < app.config["MAX_CONTENT_LENGTH"]
    buffer.seek(0)
    page = text_of(upload(client, (buffer, "big.png")))
    assert "That photo is larger than 5 MB" in page
    assert stored_files(app) == []


def test_an_image_with_too_many_pixels_is_refused(client, practitioner):
    page = text_of(upload(client, image_file(8000, 6000, "PNG", mode="1")))
    assert "That image has too many pixels" in page


def test_a_new_photo_replaces_the_old_file(app, client, practitioner):
    upload(client, image_file(200, 200))
    [first] = stored_files(app)
    upload(client, image_file(300, 300))
    [second] = stored_files(app)
    assert first != second
    db.session.refresh(practitioner)
    assert practitioner.photo_filename == second.name


def test_a_photo_can_be_removed(app, client, practitioner):
    upload(client, image_file(200, 200))
    submit(client, "/practice/profile", {**PROFILE, "remove_photo": "y"})
    db.session.refresh(practitioner)
    assert practitioner.photo_filename is None and stored_files(app) == []


def test_saving_without_a_new_photo_keeps_the_old_one(client, practitioner):
    upload(client, image_file(200, 200))
    db.session.refresh(practitioner)
    kept = practitioner.photo_filename
    submit(client, "/practice/profile", {**PROFILE, "bio": "Changed."})
    db.session.refresh(practitioner)
    assert practitioner.photo_filename == kept


@pytest.mark.parametrize("name", ["../secret_key", "..%2Fsecret_key", "photo.png", "A" * 32 + ".jpg",
                                  "0123456789abcdef0123456789abcdef.jpg"])
def test_only_generated_names_that_exist_are_served(client, name):
    assert client.get(f"/practice/photos/{name}").status_code == 404
