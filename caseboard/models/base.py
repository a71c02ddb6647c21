"""The declarative base, its mixins, and the column types that carry a rule:
UTC timestamps and vocabularies (the plain shared ones are in ``columns``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Self

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    DateTime,
    MetaData,
    String,
    TypeDecorator,
    event,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Mapper,
    declared_attr,
    mapped_column,
    registry,
    relationship,
)

from caseboard.clock import today
from caseboard.models.columns import refers_to

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no zone, so without this a value would come back naive there
    and aware on PostgreSQL, and comparing the two raises.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class EnumString(TypeDecorator[StrEnum]):
    """A vocabulary column: read back as its enum, stored as the member's value.

    The database sees exactly the ``VARCHAR(length)`` it always had (no native
    enum, no CHECK constraint), so no migration follows from typing a column;
    the rule lives here instead: an unknown value is refused when it is
    assigned (see ``_coerce_enum_columns``) or bound.
    """

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else self.enum(value)


created_at = Annotated[datetime, mapped_column(default=utcnow)]
updated_at = Annotated[datetime, mapped_column(default=utcnow, onupdate=utcnow)]


def parts(back_populates: str | None = None, order_by: str | None = None) -> Any:
    """The rows that are part of this one: saved with it, deleted with it,
    and deleted when taken out of the list."""
    options: dict[str, Any] = {"cascade": "all, delete-orphan"}
    if back_populates:
        options["back_populates"] = back_populates
    if order_by:
        options["order_by"] = order_by
    return relationship(**options)


def via(column: Any) -> Any:
    """The row that ``column`` refers to, for a model that refers to the same
    table more than once (the column says which of the links this is)."""
    return relationship(foreign_keys=[column])


def party_name(*parties: Any, default: str = "") -> str:
    """The name of the first of ``parties`` that is set: a person's full
    name, an organization's or a user's name; ``default`` when none is."""
    for party in parties:
        if party is not None:
            return party.full_name if hasattr(party, "full_name") else party.name
    return default


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        # Every timestamp column is stored in UTC and read back aware.
        type_annotation_map={datetime: UTCDateTime()},
    )


@event.listens_for(Base, "mapper_configured", propagate=True)
def _coerce_enum_columns(mapper: Mapper[Any], cls: type) -> None:
    """Turn a plain string assigned to a vocabulary column into its member at
    once, so code and templates read ``task.status.label`` before any flush,
    and a value outside the vocabulary fails where it is assigned."""
    for prop in mapper.column_attrs:
        column_type = prop.columns[0].type
        if isinstance(column_type, EnumString) and prop.parent is mapper:
            event.listen(
                getattr(cls, prop.key), "set", _coercer(column_type.enum), retval=True
            )


def _coercer(enum: type[StrEnum]):
    def coerce(target: Any, value: Any, oldvalue: Any, initiator: Any) -> Any:
        return None if value is None else enum(value)

    return coerce


class Versioned:
    """Optimistic locking: every UPDATE checks and bumps ``version``.

    Forms carry the version the user saw; services compare it before writing
    (a conflict the user is shown), and SQLAlchemy's version check catches the
    race between that comparison and the flush (StaleDataError).
    """

    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]  # a mixin: the mapped class has __table__


class Timestamped:
    """A row people edit: when it was created and when it last changed."""

    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]


class Lifetime:
    """A row that is ended, never deleted: a position, a role on a case.

    One rule for when it stops counting, the same in Python and in SQL: it is
    current until the day it ends (an end date in the future is still
    current today), and it records who granted it and who ended it.
    """

    ended_on: Mapped[date | None]
    granted_by_id: Mapped[int | None] = refers_to("users")
    ended_by_id: Mapped[int | None] = refers_to("users")

    @hybrid_property
    def is_current(self) -> bool:
        return self.ended_on is None or self.ended_on > today()

    @classmethod
    def granted(cls, by: Any, **fields: Any) -> Self:
        """A new row granted by the user ``by`` (None: by the system)."""
        # A mixin: the mapped class takes its columns as keywords.
        return cls(granted_by_id=by.id if by else None, **fields)  # type: ignore[call-arg]

    def end(self, on: date, by: Any) -> None:
        """Stop counting from ``on``, ended by the user ``by`` (None: by the
        system)."""
        self.ended_on = on
        self.ended_by_id = by.id if by else None

    @is_current.inplace.expression
    @classmethod
    def _is_current_expression(cls) -> ColumnElement[bool]:
        return or_(cls.ended_on.is_(None), cls.ended_on > today())

    @staticmethod
    def ends_after_start() -> CheckConstraint:
        """The table rule of a lifetime with a start date: it cannot end
        before it starts (a new constraint each call: one belongs to one
        table)."""
        return CheckConstraint(
            "ended_on IS NULL OR started_on IS NULL OR ended_on >= started_on",
            name="ends_after_start",
        )

    @classmethod
    def current_clause(cls) -> ColumnElement[bool]:
        """``is_current`` in SQL, by the name the queries already use."""
        return cls.is_current  # type: ignore[return-value]  # on the class the hybrid is SQL
