"""Evidence documents: checked by content, stored outside static/ under server-made names.

A PDF is kept exactly as sent (it is only ever served as a sandboxed attachment). A JPEG or PNG is decoded and
written again from its pixels (core/images.py): an image can carry HTML or script after its end, in a comment or
in its metadata, and rather than hunt for every such place we keep only the pixels, dropping EXIF (which may
hold a location) along the way. Bombs and damaged images are refused with a message.
"""
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, send_file

from core import images
from core.refusal import Refusal

# Magic bytes of the types we accept, and the extension and MIME type we store them under.
SIGNATURES = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
]
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG"}
IMAGE_REFUSALS = {
    "too_many_pixels": ("document_too_many_pixels", "This image has too many pixels (over 40 million). Scan or "
                        "save it at a lower resolution, or upload it as a PDF."),
    "unreadable": ("document_unreadable", "We could not read this image: it may be cut short or damaged. Save it "
                   "again as a PDF, JPEG or PNG and upload that."),
}
# Characters no file system or download prompt should see in a name: path separators, Windows' reserved ones.
UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*]')


@dataclass(frozen=True)
class StoredDocument:
    """Where an accepted document was stored and what it is."""

    stored_name: str
    original_name: str
    mime_type: str
    size: int


def sniff(head: bytes) -> tuple[str, str] | None:
    """Return (extension, MIME type) for the first bytes of a file, or None if not accepted."""
    for magic, extension, mime in SIGNATURES:
        if head.startswith(magic):
            return extension, mime
    return None


def document_folder() -> Path:
    """The private folder for evidence documents (never under static/)."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _checked_image(data: bytes, extension: str, field: str | None) -> bytes:
    """The image's pixels written as a new file of the same type, or a Refusal naming what is wrong."""
    try:
        image = images.decode(data, (IMAGE_FORMATS[extension],))
        return images.encode(image, IMAGE_FORMATS[extension], **({"quality": 90} if extension == "jpg" else {}))
    except images.BadImage as bad:
        raise Refusal(*IMAGE_REFUSALS[bad.reason], field) from bad
    except (OSError, ValueError) as error:  # a mode Pillow decodes but cannot write again
        raise Refusal(*IMAGE_REFUSALS["unreadable"], field) from error


def _name_character(character: str) -> str:
    """A character as kept in a file name: any space becomes a space; control, format and unassigned ones go."""
    category = unicodedata.category(character)
    return " " if category.startswith("Z") else "" if category.startswith("C") else character


def clean_name(filename: str | None, extension: str) -> str:
    """The uploader's name, safe to show and to offer as a download: its last path part, without control, format
    or reserved characters, ending in the extension of what the file really is (a PDF named .exe becomes .pdf)."""
    name = "".join(map(_name_character, re.split(r"[/\\]", filename or "")[-1]))
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = " ".join(UNSAFE_IN_NAMES.sub("", stem).split()).strip(". ")[:100]
    return f"{stem or 'document'}.{extension}"


def store_document(upload, field: str | None = None) -> StoredDocument:
    """Check an uploaded file by its content and size, then store it under a random name.

    A file that is not an accepted document is refused, naming the form `field` it came from.
    """
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if not data:
        raise Refusal("document_empty", "The file is empty.", field)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise Refusal("document_too_large", f"The file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.",
                      field)
    kind = sniff(data[:16])
    if kind is None:
        raise Refusal("document_type", "Upload a PDF, JPEG or PNG file. This file is none of those, whatever its "
                      "name.", field)
    extension, mime = kind
    if extension in IMAGE_FORMATS:
        data = _checked_image(data, extension, field)
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    (document_folder() / stored_name).write_bytes(data)
    return StoredDocument(stored_name, clean_name(upload.filename, extension), mime, len(data))


def send_document(stored_name: str, download_name: str, mime_type: str):
    """Send a stored document as an attachment, never rendered inline."""
    path = document_folder() / Path(stored_name).name
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=mime_type, as_attachment=True, download_name=download_name)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
