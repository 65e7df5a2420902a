"""A stand-in map tile server on 127.0.0.1, so the map page loads its tiles offline as it would in production.

Every /{z}/{x}/{y}.png answers the same 256x256 PNG of made-up streets and buildings, about 17 KB like a
town tile of OpenStreetMap's, cached for a day as a tile server would; anything else is a 404.
"""
from __future__ import annotations

import io
import random
import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image, ImageDraw

TILE_PATH = re.compile(r"^/\d+/\d+/\d+\.png$")


def _tile_png() -> bytes:
    """One tile of random streets and buildings (fixed seed), so it weighs what a real one does."""
    rng = random.Random(7)
    image = Image.new("RGB", (256, 256), (242, 239, 233))
    draw = ImageDraw.Draw(image)
    for _ in range(220):
        x, y = rng.randrange(256), rng.randrange(256)
        colour = rng.choice([(255, 255, 255), (250, 220, 160), (200, 200, 200), (170, 211, 223)])
        draw.line((x, y, x + rng.randint(-120, 120), y + rng.randint(-120, 120)), fill=colour,
                  width=rng.choice([1, 2, 3, 5]))
    for _ in range(120):
        x, y = rng.randrange(256), rng.randrange(256)
        draw.rectangle((x, y, x + rng.randint(4, 20), y + rng.randint(4, 20)), fill=(217, 208, 201),
                       outline=(196, 182, 171))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


class _TileHandler(BaseHTTPRequestHandler):
    """Answers tile requests with the plain tile."""

    tile = _tile_png()

    def do_GET(self):  # noqa: N802 - the name http.server calls
        """The tile, or 404 for any other path."""
        if not TILE_PATH.match(self.path):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.tile)))
        self.send_header("Cache-Control", "public, max-age=86400")
        self.end_headers()
        self.wfile.write(self.tile)

    def log_message(self, *args):
        """Quiet: Lighthouse asks for dozens of tiles."""


@contextmanager
def serve():
    """Serve tiles on a free port of 127.0.0.1 for the block; yields the URL template for MAP_TILE_URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _TileHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/{{z}}/{{x}}/{{y}}.png"
    finally:
        server.shutdown()
        server.server_close()
