"""Fixtures for the practitioner's own pages: a logged-in practitioner and generated images."""
import io
from datetime import date

import pytest
from PIL import Image

from tests.helpers import login

PROFILE = {"name": "Dr Amelia Smith", "profession": "doctor", "registration_body": "GMC",
           "registration_number": "7123456", "practising_since": "2012-09-01",
           "bio": "I have practised aesthetic medicine in Manchester for over a decade.", "languages": "English"}
PICCADILLY = {"name": "Piccadilly Clinic", "address": "1 Portland Street", "city": "Manchester",
              "country": "GB", "postcode": "M1 1AE", "blurb": ""}
BEVERLY_HILLS = {"name": "Rodeo Skin", "address": "9500 Wilshire Blvd", "city": "Beverly Hills",
                 "country": "US", "postcode": "90210", "lat": 34.0901, "lon": -118.4065,
                 "time_zone": "America/Los_Angeles"}


def image_file(width=800, height=600, fmt="PNG", mode="RGB", name=None, **save_options) -> tuple:
    """A real image made with Pillow, as a (stream, filename) upload."""
    buffer = io.BytesIO()
    Image.new(mode, (width, height), "teal" if mode == "RGB" else 128).save(buffer, fmt, **save_options)
    buffer.seek(0)
    return buffer, name or f"photo.{fmt.lower()}"


@pytest.fixture
def practitioner(client, make_practitioner):
    """A doctor with a Manchester clinic and dermal fillers, logged in."""
    practitioner = make_practitioner(name="Dr Amelia Smith", practising_since=date(2012, 9, 1))
    login(client, practitioner.user.email)
    return practitioner


@pytest.fixture
def login_as(client):
    """Log a stored practitioner in: login_as(practitioner)."""
    return lambda practitioner: login(client, practitioner.user.email)
