"""Evidence documents: checked by content, stored outside static/ under server-made names."""
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, send_file

from core.refusal import Refusal

# Magic bytes of the types we accept, and the extension and MIME type we store them under.
SIGNATURES = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
]
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024


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
    stored_name = f"{secrets.token_hex(16)}.{extension}"
    (document_folder() / stored_name).write_bytes(data)
    original = Path(upload.filename or f"document.{extension}").name[:120]
    return StoredDocument(stored_name, original, mime, len(data))


def send_document(stored_name: str, download_name: str, mime_type: str):
    """Send a stored document as an attachment, never rendered inline."""
    path = document_folder() / Path(stored_name).name
    if not path.is_file():
        from flask import abort

        abort(404)
    response = send_file(path, mimetype=mime_type, as_attachment=True, download_name=download_name)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
