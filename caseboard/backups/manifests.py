"""The manifest written next to a backup: its rows and checksums per
table, the file's own sha256, signed with the installation's key."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from caseboard.backups.summaries import (
    MANIFEST_FORMAT,
    MANIFEST_SUFFIX,
    BackupError,
    Summary,
    TableSummary,
)

# Manifests ---------------------------------------------------------------------


def manifest_path(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + MANIFEST_SUFFIX)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _signature(document: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 of the manifest's canonical JSON, all but the signature."""
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    text = json.dumps(unsigned, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def sign_manifest(path: Path, key: bytes) -> None:
    """(Re-)sign the manifest at ``path`` with ``key``."""
    document = json.loads(path.read_text())
    document["signature"] = _signature(document, key)
    path.write_text(json.dumps(document, indent=2) + "\n")


def write_manifest(backup_file: Path, kind: str, summary: Summary, key: bytes) -> Path:
    """The manifest, signed with ``key`` (the installation's): a restore
    trusts its figures only when the signature matches."""
    path = manifest_path(backup_file)
    document = {
        "format": MANIFEST_FORMAT,
        "database": kind,
        "backup": backup_file.name,
        "bytes": backup_file.stat().st_size,
        "file_sha256": file_sha256(backup_file),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {
            table: {"rows": s.rows, "sha256": s.sha256}
            for table, s in sorted(summary.items())
        },
    }
    document["signature"] = _signature(document, key)
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


@dataclass(frozen=True)
class Manifest:
    database: str
    tables: Summary
    file_sha256: str | None = None
    document: dict[str, Any] | None = None

    def problem(self, backup_file: Path, key: bytes) -> str | None:
        """Why the manifest cannot be trusted for ``backup_file``, or None."""
        document = self.document or {}
        signature = document.get("signature")
        if not isinstance(signature, str):
            return f"The manifest of {backup_file} is not signed"
        if not hmac.compare_digest(signature, _signature(document, key)):
            return (
                f"The manifest of {backup_file} has a bad signature (altered, "
                "or made by another installation)"
            )
        if self.file_sha256 and self.file_sha256 != file_sha256(backup_file):
            return f"{backup_file} is not the file its manifest describes"
        return None


def read_manifest(backup_file: Path) -> Manifest | None:
    """The manifest next to ``backup_file``, or None when there is none."""
    path = manifest_path(backup_file)
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text())
        return Manifest(
            database=document["database"],
            tables={
                table: TableSummary(int(t["rows"]), str(t["sha256"]))
                for table, t in document["tables"].items()
            },
            file_sha256=document.get("file_sha256"),
            document=document,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BackupError(f"{path} is not a backup manifest ({error}).") from error
