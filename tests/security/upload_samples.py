"""Hostile files for the upload tests: real images made with Pillow, with payloads where a browser might find them."""
import io
import struct
import zlib

from PIL import Image, PngImagePlugin

PAYLOAD = b"<script>alert(document.cookie)</script>"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body>" + PAYLOAD + b"</body></html>\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>\n'
SVGS = {
    "bare": SVG,
    "xml declaration": b'<?xml version="1.0" encoding="UTF-8"?>\n' + SVG,
    "leading whitespace": b"\n\t  " + SVG,
    "byte order mark": b"\xef\xbb\xbf" + b'<?xml version="1.0"?>' + SVG,
}


def image(fmt: str = "PNG", size=(120, 80), **options) -> bytes:
    """A small real image."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, fmt, **options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its length and CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A valid 1-bit PNG of width x height in a few tens of kB: all zero rows compress a thousandfold."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # bit depth 1, greyscale
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then the packed pixels
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", data)
            + _png_chunk(b"IEND", b""))


def exif_payload() -> bytes:
    """EXIF whose description field holds the payload."""
    exif = Image.Exif()
    exif[0x010E] = PAYLOAD.decode()  # ImageDescription
    return exif.tobytes()


def polyglots() -> dict[str, tuple[str, bytes]]:
    """Images a browser sniffing the content could run as HTML: name -> (upload file name, bytes)."""
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", PAYLOAD.decode())
    zip_tail = b"PK\x03\x04" + b"\x00" * 26 + PAYLOAD  # the shape of a GIFAR/JPAR: an archive after the image
    return {
        "html after the JPEG end": ("a.jpg", image("JPEG") + HTML),
        "html after the PNG end": ("a.png", image("PNG") + HTML),
        "JPEG comment": ("a.jpg", image("JPEG", comment=PAYLOAD)),
        "JPEG EXIF": ("a.jpg", image("JPEG", exif=exif_payload())),
        "PNG text chunk": ("a.png", image("PNG", pnginfo=text)),
        "PNG ICC profile": ("a.png", image("PNG", icc_profile=PAYLOAD * 4)),
        "archive after a JPEG": ("a.jpg", image("JPEG") + zip_tail),
        "PDF after a JPEG": ("a.pdf", image("JPEG") + PDF + HTML),
    }


def truncated() -> dict[str, bytes]:
    """Images cut short or corrupted after a valid signature."""
    jpeg, png = image("JPEG", (400, 300)), image("PNG", (400, 300))
    return {
        "JPEG cut in half": jpeg[: len(jpeg) // 2],
        "PNG cut in half": png[: len(png) // 2],
        "PNG signature only": png[:8],
        "JPEG signature only": jpeg[:3],
        "PNG with a broken header": png[:16] + b"\xff" * 40,
    }
