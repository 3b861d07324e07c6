"""The audit log: who did what, when (one row per action, written in the caller's session)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.records.models import AuditEntry

MAX_ACTOR = 255  # column length of the actor fields (PostgreSQL enforces it, SQLite does not)


def audit(session: Session, actor: str, action: str, entity: str, entity_id, detail: dict | None = None,
          *, at: datetime | None = None) -> None:
    session.add(AuditEntry(actor=(actor or "")[:MAX_ACTOR], action=action, entity=entity,
                           entity_id=str(entity_id or "")[:64],
                           detail=detail or {}, **({"at": at} if at is not None else {})))
