"""What every object of the API carries, declared once: its id, when it was
recorded and last changed, and — for an object updated with ``If-Match`` —
the version its ``ETag`` is made from.

    Identified  id
    Recorded    + created_at                 (a comment, a contact, a decision)
    Versioned   + version                    (carries an ETag)
    Tracked     + updated_at                 (a case, a task, a meeting, …)

and two groups of fields that mean the same wherever they stand:

    ContactDetails  email, phone, address    (an organization, a person)
    Located         latitude, longitude      (a case's place, a round's stop)
    InCoalition     coalition_id             (a case, a meeting, a round, a scheme)
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

# A database id: what a filter or a body may name (a 32-bit key).
ID = validate.Range(min=1, max=2**31 - 1)


def IdFilter() -> fields.Integer:
    """A query-string filter naming an object by id."""
    return fields.Integer(validate=ID)


class Identified(Schema):
    id = fields.Integer(dump_only=True)


class Recorded(Identified):
    created_at = fields.AwareDateTime(dump_only=True)


class Versioned(Recorded):
    version = fields.Integer(
        dump_only=True,
        metadata={"description": "Changes on every update; the ETag is made of it."},
    )


class Tracked(Versioned):
    updated_at = fields.AwareDateTime(dump_only=True)


class ContactDetails(Schema):
    """How to reach an organization or a person; null where none is
    recorded (or, for a person, none may be shown)."""

    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)


class Located(Schema):
    """Where on the map, in degrees; null where it is not known."""

    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)


class InCoalition(Schema):
    """What belongs to one coalition (and is seen by its members)."""

    coalition_id = fields.Integer()
