"""Keys the installation derives from its secrets, one per purpose.

Nothing here is stored in the database: someone who can write the database
(or holds a copy of it) still cannot forge an audit event, a backup manifest
or read a second-factor secret without these keys. Each purpose gets its own
key through HKDF (RFC 5869), so one key leaking or rotating leaves the others
alone:

- the audit chain: from ``CASEBOARD_AUDIT_KEY`` when set, else from the
  secret key. Set it in production and keep a copy offline: changing it makes
  every earlier event fail ``caseboard audit verify``.
- backup manifests and second-factor secrets: from the secret key. After
  changing the secret key, ``caseboard secrets rotate`` re-encrypts the
  second-factor secrets given the old one.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
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


# Secrets at rest ---------------------------------------------------------------

# ``fernet:<key id>:<token>``: the key id says which secret key encrypted it,
# so a rotation knows what is left to re-encrypt.
SEALED_PREFIX = "fernet"


class SecretKeyMismatch(Exception):
    """A sealed secret was encrypted under a key this installation lacks."""


def seal_secret(plain: str, key: bytes | None = None) -> str:
    """Encrypt (AES-128-CBC + HMAC, Fernet) under ``key`` (default: the
    current second-factor key)."""
    key = key or totp_key()
    token = Fernet(fernet_key(key)).encrypt(plain.encode("utf-8")).decode("ascii")
    return f"{SEALED_PREFIX}:{key_id(key)}:{token}"


def sealed_key_id(sealed: str) -> str:
    prefix, kid, _token = sealed.split(":", 2)
    if prefix != SEALED_PREFIX:
        raise SecretKeyMismatch("not a sealed secret")
    return kid


def open_secret(sealed: str, key: bytes | None = None) -> str:
    key = key or totp_key()
    if sealed_key_id(sealed) != key_id(key):
        raise SecretKeyMismatch(
            "this secret was encrypted under another secret key: run "
            "`caseboard secrets rotate` with the old one"
        )
    token = sealed.split(":", 2)[2]
    try:
        return Fernet(fernet_key(key)).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as error:
        raise SecretKeyMismatch("the sealed secret is damaged") from error
