"""The keyed chain and its checkpoints: a rewrite by someone without the
audit key, or a trail cut off at the end, no longer verifies."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from caseboard.extensions import db as _db
from caseboard.models.audit import GENESIS, HASHED_FIELDS, event_hash
from caseboard.services.audit_chain import (
    CHECKPOINT_ACTION,
    CheckpointFileError,
    read_checkpoint,
    verify_trail,
)
from tests.test_audit import events, triggers_lifted, write_events


def cli(app, *args):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=list(args))


def rewrite_without_key(start: int = 0, label: str = "rewritten") -> None:
    """What someone with write access to the database, but not the key, can
    do: change events and recompute every hash from there on by the public
    (unkeyed) rule, so each link holds."""
    trail = events()
    previous = trail[start - 1].hash if start else GENESIS
    with triggers_lifted():
        for event in trail[start:]:
            fields = {f: getattr(event, f) for f in HASHED_FIELDS}
            fields["object_label"] = label
            digest = event_hash(fields, previous)
            _db.session.execute(
                sa.text(
                    "UPDATE audit_events SET object_label = :label, "
                    "prev_hash = :prev, hash = :hash WHERE id = :id"
                ),
                {"label": label, "prev": previous, "hash": digest, "id": event.id},
            )
            previous = digest


def cut_from(event_id: int) -> None:
    with triggers_lifted():
        _db.session.execute(
            sa.text("DELETE FROM audit_events WHERE id >= :id"), {"id": event_id}
        )


def test_a_whole_trail_rewritten_with_fresh_unkeyed_hashes_fails(app, db):
    write_events(8)
    rewrite_without_key()
    result = verify_trail()
    assert not result.ok
    assert "none of the 8 events is sealed with this installation's audit key" in (
        result.reason
    )
    output = cli(app, "audit", "verify")
    assert output.exit_code == 1
    assert "the trail was rewritten" in output.output


def test_a_tail_rewritten_without_the_key_fails_where_it_starts(app, db):
    write_events(8)
    trail = events()
    rewrite_without_key(start=5)
    result = verify_trail()
    assert result.bad_id == trail[5].id and result.verified == 5
    assert "not keyed with this installation's audit key" in result.reason


def test_another_audit_key_fails_at_the_first_event(app, db, monkeypatch):
    write_events(3)
    monkeypatch.setitem(app.config, "AUDIT_KEY", "a different key kept elsewhere")
    result = verify_trail()
    assert result.bad_id == events()[0].id
    assert "sealed with another audit key" in result.reason


def test_a_checkpoint_is_a_keyed_event_counting_those_before_it(app, db, tmp_path):
    write_events(4)
    file = tmp_path / "checkpoint.json"
    output = cli(app, "audit", "checkpoint", "--export", str(file))
    assert output.exit_code == 0, output.output
    checkpoint = events()[-1]
    assert checkpoint.action == CHECKPOINT_ACTION
    assert checkpoint.changes == {"events": [None, 4]}
    assert checkpoint.prev_hash == events()[-2].hash
    document = json.loads(file.read_text())
    assert document["id"] == checkpoint.id and document["hash"] == checkpoint.hash
    assert read_checkpoint(document).events == 4

    write_events(3)  # the trail goes on after it
    verified = cli(app, "audit", "verify", "--checkpoint", str(file))
    assert verified.exit_code == 0, verified.output
    assert "8 events verified" in verified.output
    assert "none cut off" in verified.output
    assert verify_trail().checkpoints == 1


def test_a_tail_cut_off_is_caught_by_an_exported_checkpoint(app, db, tmp_path):
    write_events(5)
    file = tmp_path / "checkpoint.json"
    assert cli(app, "audit", "checkpoint", "--export", str(file)).exit_code == 0
    write_events(2)
    checkpoint_id = json.loads(file.read_text())["id"]
    cut_from(checkpoint_id - 2)  # two events before the checkpoint, and on

    assert verify_trail().ok, "a shorter chain alone still verifies"
    output = cli(app, "audit", "verify", "--checkpoint", str(file))
    assert output.exit_code == 1
    assert "the trail ends with 3 events" in output.output
    assert f"is event {checkpoint_id}, after 5 events" in output.output
    assert "events were cut off the end" in output.output


def test_a_rewrite_is_caught_by_an_exported_checkpoint(app, db, tmp_path):
    write_events(3)
    file = tmp_path / "checkpoint.json"
    assert cli(app, "audit", "checkpoint", "--export", str(file)).exit_code == 0
    # Even with the key: the exported hash is no longer there.
    checkpoint = events()[-1]
    with triggers_lifted():
        _db.session.execute(
            sa.text("UPDATE audit_events SET hash = :h WHERE id = :id"),
            {"h": "e" * 64, "id": checkpoint.id},
        )
    result = verify_trail(expected=[read_checkpoint(json.loads(file.read_text()))])
    assert result.bad_id == checkpoint.id


def test_an_altered_checkpoint_file_is_refused(app, db, tmp_path):
    write_events(2)
    file = tmp_path / "checkpoint.json"
    assert cli(app, "audit", "checkpoint", "--export", str(file)).exit_code == 0
    document = json.loads(file.read_text())
    document["fields"]["changes"]["events"] = [None, 1]
    with pytest.raises(CheckpointFileError, match="does not match"):
        read_checkpoint(document)
    file.write_text(json.dumps(document))
    output = cli(app, "audit", "verify", "--checkpoint", str(file))
    assert output.exit_code == 1
    assert "does not match under this installation's audit key" in output.output
    with pytest.raises(CheckpointFileError, match="not a checkpoint"):
        read_checkpoint({"id": 1})


def test_no_checkpoint_is_written_over_a_broken_trail(app, db):
    write_events(4)
    rewrite_without_key(start=2)
    for args in (["audit", "checkpoint"], ["audit", "checkpoint", "--adopt-unkeyed"]):
        output = cli(app, *args)
        assert output.exit_code == 1
        assert "No checkpoint written" in output.output
    assert CHECKPOINT_ACTION not in {e.action for e in events()}
