"""A network result as stored: pickled, compressed and signed with the app's
secret key, so that only payloads this app wrote are ever unpickled."""

from __future__ import annotations

import hashlib
import hmac
import logging
import pickle
import zlib
from typing import TypeGuard

from flask import current_app

from caseboard.network.graph import Built
from caseboard.network.report import Report

log = logging.getLogger(__name__)


def _signature(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode(), body, hashlib.sha256).digest()


def pack(built: Built, report: Report) -> bytes:
    """Pickle, compress and sign. Signed with the app's secret key so that
    only payloads this app wrote are ever unpickled."""
    body = zlib.compress(pickle.dumps((built, report), pickle.HIGHEST_PROTOCOL), 3)
    return _signature(current_app.config["SECRET_KEY"], body) + body


def is_signed(payload: bytes | None) -> TypeGuard[bytes]:
    if not payload or len(payload) < 32:
        return False
    expected = _signature(current_app.config["SECRET_KEY"], payload[32:])
    return hmac.compare_digest(payload[:32], expected)


def unpack(payload: bytes | None) -> tuple[Built, Report] | None:
    if not is_signed(payload):
        if payload:
            log.warning("network snapshot with a bad signature ignored")
        return None
    body = payload[32:]
    try:
        return pickle.loads(zlib.decompress(body))  # signed above: only ours
    except Exception:  # an older code version's classes: recompute instead
        log.warning("network snapshot could not be read; recomputing")
        return None
