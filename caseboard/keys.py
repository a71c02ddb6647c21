"""Keys the installation derives from its secrets, one per purpose.

Nothing here is stored in the database: someone who can write the database
(or holds a copy of it) still cannot forge an audit event, a backup manifest
or read a second-factor secret without these keys. Each purpose gets its own
key through HKDF (RFC 5869), so one key leaking or rotating leaves the others
alone:

- the audit chain: from ``CASEBOARD_AUDIT_KEY`` when set, else from the
  secret key. Set it in production and keep a copy offline: changing it makes
  every earlier event fail ``caseboard audit verify``.
- backup manifests and second-factor secrets: from the secret key.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

AUDIT_PURPOSE = "audit chain"
MANIFEST_PURPOSE = "backup manifest"
TOTP_PURPOSE = "second-factor secrets"


def derive(secret: str | bytes, purpose: str) -> bytes:
    """32 bytes for ``purpose`` from ``secret``."""
    material = secret.encode("utf-8") if isinstance(secret, str) else secret
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"caseboard {purpose}".encode(),
    ).derive(material)


def key_id(key: bytes) -> str:
    """A short public name of a key, stored beside what it protects, so that
    a message can say "made with another key" instead of "corrupt"."""
    return hashlib.sha256(b"caseboard key id" + key).hexdigest()[:8]


def audit_key() -> bytes:
    configured = current_app.config.get("AUDIT_KEY")
    return derive(configured or current_app.config["SECRET_KEY"], AUDIT_PURPOSE)


def manifest_key() -> bytes:
    return derive(current_app.config["SECRET_KEY"], MANIFEST_PURPOSE)


def totp_key(secret_key: str | None = None) -> bytes:
    """The key of second-factor secrets; of ``secret_key`` when given (the
    old one, while rotating)."""
    return derive(secret_key or current_app.config["SECRET_KEY"], TOTP_PURPOSE)


def fernet_key(key: bytes) -> bytes:
    """The form ``cryptography.fernet.Fernet`` takes a 32-byte key in."""
    return base64.urlsafe_b64encode(key)
