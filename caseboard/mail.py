"""Handing a message to the mail server, or to the outbox folder.

``CASEBOARD_SMTP_URL`` names the server: ``smtp://user:password@host:587``
talks plain SMTP and upgrades with STARTTLS when the server offers it;
``smtps://…:465`` speaks SSL from the start. Without one the message is
written as an ``.eml`` file to ``outbox/`` in the instance folder, so the
demo needs nothing set up (administrators see the files listed).
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app

TIMEOUT_SECONDS = 20


def outbox_folder() -> Path:
    return Path(current_app.instance_path) / "outbox"


def deliver(message: EmailMessage, name: str) -> str:
    """Send ``message``; where it went. Raises what the server refused."""
    url = current_app.config.get("SMTP_URL")
    if not url:
        folder = outbox_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.eml"
        path.write_bytes(bytes(message))
        return str(path)
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError("CASEBOARD_SMTP_URL must start smtp:// or smtps://")
    host = parts.hostname or "127.0.0.1"
    context = ssl.create_default_context()
    server: smtplib.SMTP
    if parts.scheme == "smtps":
        server = smtplib.SMTP_SSL(
            host, parts.port or 465, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        server = smtplib.SMTP(host, parts.port or 587, timeout=TIMEOUT_SECONDS)
    with server:
        if parts.scheme == "smtp":
            server.ehlo()
            if server.has_extn("starttls"):
                server.starttls(context=context)
                server.ehlo()
        if parts.username:
            server.login(unquote(parts.username), unquote(parts.password or ""))
        server.send_message(message)
    return f"{parts.scheme}://{host}"
