"""Vocabulary columns read back as their enums and refuse what is not in
them; labels and order come from the vocabulary itself."""

import pytest

from caseboard.extensions import db as _db
from caseboard.models import (
    CaseStage,
    NetworkSnapshot,
    Note,
    NoteSubject,
    Priority,
    RoleKind,
    SiteRole,
    SnapshotStatus,
)


def test_a_note_subject_and_a_snapshot_status_come_back_as_their_vocabularies(
    db, make_case
) -> None:
    case = make_case()
    note = Note(subject_type="case", subject_id=case.id, body="Seen at the corner.")
    snapshot = NetworkSnapshot(key="k" * 64, status="running")
    _db.session.add_all([note, snapshot])
    _db.session.commit()
    _db.session.expire_all()
    assert _db.session.get(Note, note.id).subject_type is NoteSubject.CASE
    stored = _db.session.get(NetworkSnapshot, snapshot.id)
    assert stored.status is SnapshotStatus.RUNNING


def test_a_value_outside_the_vocabulary_is_refused_where_it_is_assigned() -> None:
    with pytest.raises(ValueError):
        Note(subject_type="planet")
    with pytest.raises(ValueError):
        NetworkSnapshot(status="paused")


def test_labels_are_the_words_of_the_value_unless_the_member_names_one() -> None:
    assert RoleKind.EXPERT.label == "Subject-matter expert"
    assert RoleKind.SERVICE_PROVIDER.label == "Service provider"
    assert SiteRole.READ_ONLY.label == "Read-only"
    assert SiteRole("read_only") is SiteRole.READ_ONLY  # stored as before
    assert [stage.position for stage in CaseStage] == [0, 1, 2, 3]
    assert Priority.URGENT.position > Priority.LOW.position
