"""second-factor secrets encrypted at rest

Revision ID: a4c8e2f1b9d3
Revises: a4c8e2f6b1d3
Create Date: 2026-12-07 01:45:00

Widens ``users.totp_secret`` for a Fernet token and encrypts every secret
stored in the clear, under the key the app derives from its secret key
(``caseboard.keys``). The derivation and the stored form
(``fernet:<key id>:<token>``) are repeated here on purpose: a revision must
not import application code that may change later; a test checks both agree.
Downgrading decrypts them again, as the code before this revision reads them
in the clear.

The secret key comes from the app the migration runs in (Flask-Migrate runs
every revision inside the app context): run it with the installation's own
CASEBOARD_SECRET_KEY.
"""

import base64
import hashlib

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

# revision identifiers, used by Alembic.
revision = "a4c8e2f1b9d3"
down_revision = "a4c8e2f6b1d3"
branch_labels = None
depends_on = None

PREFIX = "fernet"

users = sa.table(
    "users",
    sa.column("id", sa.Integer),
    sa.column("totp_secret", sa.String),
)


def _key():
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=b"caseboard second-factor secrets",
    ).derive(secret)
    kid = hashlib.sha256(b"caseboard key id" + key).hexdigest()[:8]
    return Fernet(base64.urlsafe_b64encode(key)), kid


def _rewrite(change):
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(users.c.id, users.c.totp_secret).where(
            users.c.totp_secret.is_not(None)
        )
    ).all()
    for user_id, stored in rows:
        new = change(stored)
        if new != stored:
            bind.execute(
                users.update().where(users.c.id == user_id).values(totp_secret=new)
            )


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=64),
            type_=sa.String(length=255),
            existing_nullable=True,
        )
    fernet, kid = _key()

    def seal(stored):
        if stored.startswith(f"{PREFIX}:"):
            return stored
        token = fernet.encrypt(stored.encode("utf-8")).decode("ascii")
        return f"{PREFIX}:{kid}:{token}"

    _rewrite(seal)


def downgrade():
    fernet, kid = _key()

    def unseal(stored):
        if not stored.startswith(f"{PREFIX}:"):
            return stored
        _prefix, stored_kid, token = stored.split(":", 2)
        if stored_kid != kid:
            raise RuntimeError(
                "A second-factor secret is encrypted under another secret key: "
                "run `caseboard secrets rotate` before downgrading."
            )
        return fernet.decrypt(token.encode("ascii")).decode("utf-8")

    _rewrite(unseal)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column(
            "totp_secret",
            existing_type=sa.String(length=255),
            type_=sa.String(length=64),
            existing_nullable=True,
        )
