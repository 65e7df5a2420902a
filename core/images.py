"""Uploaded images, checked one way for photos and evidence: the size read from the header is refused before any
pixel is decoded, the whole image is then decoded (a truncated or corrupt file fails here), and what is stored is
a new file made from the pixels alone, so nothing appended, commented or hidden in metadata survives."""
import io
import struct
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

# A portrait or a scanned certificate never needs this many pixels (A4 at 600 dpi is 35 million);
# a small file claiming more is a decompression bomb. Pillow's own limit (89 million) is higher.
MAX_PIXELS = 40_000_000


class BadImage(Exception):
    """An upload that is not an image we will decode: `reason` is "unreadable" or "too_many_pixels"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def decode(data: bytes, formats: tuple[str, ...]) -> Image.Image:
    """Decode bytes as one of `formats` (Pillow names), upright, refusing bombs before decoding and damage after."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=formats)  # reads the header only
            if image.width * image.height > MAX_PIXELS:
                raise BadImage("too_many_pixels")
            image.load()
            ImageOps.exif_transpose(image, in_place=True)  # phones record rotation in EXIF, which is not kept
            return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise BadImage("too_many_pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error) as error:
        raise BadImage("unreadable") from error


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    """Write the pixels alone as a new JPEG or PNG: no comment, EXIF, ICC profile or text, nothing after the end."""
    if fmt == "PNG" and "transparency" in image.info:
        image = image.convert("RGBA")  # keeps transparency without carrying info over
    image.info = {}  # Pillow would otherwise copy a JPEG comment (and a PNG's ICC profile) into the new file
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()
