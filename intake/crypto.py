"""Encryption of the health answers at rest: AES-256-GCM under INTAKE_KEY, bound to whose answers they are.

A stored value is `v1.<key id>.<nonce>.<ciphertext>` (bytes). The key id (the first 8 hex digits of the
key's SHA-256) lets a server with the wrong key say so instead of failing obscurely; the associated data
names the patient and practitioner, so a ciphertext copied onto another patient's row does not decrypt.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

VERSION = b"v1"


class Unreadable(Exception):
    """Stored answers this server cannot decrypt: another key, or changed bytes."""


def _key() -> bytes:
    """The 32-byte key from the app's settings (core.settings.intake_key checked its form at start)."""
    return base64.urlsafe_b64decode(current_app.config["INTAKE_KEY"].encode())


def key_id(key: bytes | None = None) -> str:
    """A short public fingerprint of a key."""
    return hashlib.sha256(key or _key()).hexdigest()[:8]


def _context(patient_id: int, practitioner_id: int) -> bytes:
    """The associated data: whose answers these are."""
    return f"verity-intake|patient={patient_id}|practitioner={practitioner_id}".encode()


def seal(data: dict, patient_id: int, practitioner_id: int) -> bytes:
    """Encrypt a JSON-ready dictionary for one patient and practitioner."""
    key, nonce = _key(), os.urandom(12)
    body = AESGCM(key).encrypt(nonce, json.dumps(data, sort_keys=True).encode(), _context(patient_id, practitioner_id))
    return b".".join([VERSION, key_id(key).encode(), base64.urlsafe_b64encode(nonce),
                      base64.urlsafe_b64encode(body)])


def open_sealed(stored: bytes, patient_id: int, practitioner_id: int) -> dict:
    """Decrypt what `seal` made, or raise Unreadable saying why."""
    try:
        version, stored_id, nonce, body = bytes(stored).split(b".")
    except ValueError:
        raise Unreadable("The stored answers are not in a form this version of Verity knows.") from None
    key = _key()
    if version != VERSION:
        raise Unreadable(f"The stored answers use format {version.decode(errors='replace')}, not v1.")
    if stored_id.decode() != key_id(key):
        raise Unreadable(f"The answers were encrypted with key {stored_id.decode()}; this server has key "
                         f"{key_id(key)}. Set INTAKE_KEY to the key they were saved with.")
    try:
        plain = AESGCM(key).decrypt(base64.urlsafe_b64decode(nonce), base64.urlsafe_b64decode(body),
                                    _context(patient_id, practitioner_id))
    except (InvalidTag, ValueError):
        raise Unreadable("The stored answers do not match their patient and practitioner, or were changed.") from None
    return json.loads(plain)
