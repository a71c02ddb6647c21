"""Who may see and revoke a personal API token: its user and administrators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from caseboard.models import ApiToken
from caseboard.permissions import is_signed_in


def visible_tokens(user: Any) -> Select[ApiToken]:
    statement = select(ApiToken)
    if is_signed_in(user) and user.is_admin:
        return statement
    return statement.where(ApiToken.user_id == (user.id if is_signed_in(user) else -1))


def can_see_every_token(user: Any) -> bool:
    return is_signed_in(user) and user.is_admin
