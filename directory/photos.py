"""Practitioner photos: decode what was uploaded, shrink it, re-encode it as JPEG, store it under a random name."""
import re
import secrets
from pathlib import Path

from flask import current_app
from PIL import Image

from core import images
from core.refusal import Refusal

MAX_BYTES = 5 * 1024 * 1024
MAX_SIZE = (600, 600)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
FILENAME_RE = re.compile(r"^[0-9a-f]{32}\.jpg$")
TOO_MANY_PIXELS = "That image has too many pixels. Please upload a photo under 40 megapixels."
NOT_AN_IMAGE = "We could not read that file as a photo. Please upload a JPEG, PNG or WebP image."


def refused(code: str, message: str) -> Refusal:
    """An upload we will not store: the message is for the practitioner, beside the photo field."""
    return Refusal(code, message, "photo")


def folder() -> Path:
    """Where photos live: UPLOAD_FOLDER/photos."""
    return Path(current_app.config["UPLOAD_FOLDER"]) / "photos"


def is_photo_name(filename: str) -> bool:
    """True for names this module makes, so nothing else in the folder can be served."""
    return bool(FILENAME_RE.match(filename or ""))


def read_upload(stream) -> bytes:
    """Read an upload, refusing empty files and files over 5 MB without reading all of a huge one."""
    data = stream.read(MAX_BYTES + 1)
    if not data:
        raise refused("photo_empty", "That file is empty. Please choose a photo.")
    if len(data) > MAX_BYTES:
        raise refused("photo_too_large", "That photo is larger than 5 MB. Please choose a smaller one.")
    return data


def _flatten(image: Image.Image) -> Image.Image:
    """Return an RGB image, laying any transparency over white (JPEG has no alpha)."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def to_jpeg(data: bytes) -> bytes:
    """Turn uploaded bytes into an upright JPEG of at most 600 x 600 made from the pixels alone."""
    try:
        image = _flatten(images.decode(data, ACCEPTED_FORMATS))
        image.thumbnail(MAX_SIZE, Image.Resampling.LANCZOS)
        return images.encode(image, "JPEG", quality=85, optimize=True)
    except images.BadImage as bad:
        if bad.reason == "too_many_pixels":
            raise refused("photo_too_many_pixels", TOO_MANY_PIXELS) from bad
        raise refused("photo_unreadable", NOT_AN_IMAGE) from bad
    except (OSError, ValueError) as error:  # a mode Pillow decodes but cannot convert
        raise refused("photo_unreadable", NOT_AN_IMAGE) from error


def store(jpeg: bytes) -> str:
    """Write JPEG bytes under a new random name and return the name."""
    target = folder()
    target.mkdir(parents=True, exist_ok=True)
    filename = f"{secrets.token_hex(16)}.jpg"
    with open(target / filename, "xb") as handle:
        handle.write(jpeg)
    return filename


def store_upload(upload) -> str:
    """Check, convert and store an uploaded file (anything with .read()); return the stored name."""
    return store(to_jpeg(read_upload(upload)))


def discard(filename: str | None) -> None:
    """Delete a photo no profile uses any more."""
    if filename and is_photo_name(filename):
        (folder() / filename).unlink(missing_ok=True)
