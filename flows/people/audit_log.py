"""Reading the audit log: who did what and when, newest first, filtered and one page at a time."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from storage.records.models import AuditEntry

MAX_PER_PAGE = 200


@dataclass
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: dict


@dataclass
class AuditPage:
    rows: list[AuditRow]
    total: int
    page: int
    per_page: int
    actions: list[str] = field(default_factory=list)  # every action recorded (for a filter list)
    entities: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def audit_page(rt, *, actor: str = "", action: str = "", entity: str = "", entity_id: str = "", page: int = 1,
               per_page: int = 50) -> AuditPage:
    """Entries newest first; ``actor`` and ``entity_id`` match a part (any case), ``action`` and
    ``entity`` exactly."""
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    page = max(page, 1)
    where = []
    if actor.strip():
        where.append(func.lower(AuditEntry.actor).contains(actor.strip().lower(), autoescape=True))
    if action:
        where.append(AuditEntry.action == action)
    if entity:
        where.append(AuditEntry.entity == entity)
    if entity_id.strip():
        where.append(AuditEntry.entity_id.contains(entity_id.strip(), autoescape=True))
    with rt.records.session() as session:
        total = session.scalar(select(func.count(AuditEntry.id)).where(*where)) or 0
        entries = session.scalars(select(AuditEntry).where(*where)
                                  .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                                  .offset((page - 1) * per_page).limit(per_page))
        rows = [AuditRow(e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.detail or {}) for e in entries]
        actions = list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
        entities = list(session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)))
    return AuditPage(rows, total, page, per_page, actions, entities)
