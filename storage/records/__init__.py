"""The records database (SQLAlchemy 2 + Alembic): units, periods, documents, results, tags, audit."""

from storage.records.database import Records, migrate
from storage.records.models import (
    AuditEntry,
    Classification,
    Document,
    Extraction,
    Period,
    Tag,
    Unit,
)

__all__ = [
    "AuditEntry",
    "Classification",
    "Document",
    "Extraction",
    "Period",
    "Records",
    "Tag",
    "Unit",
    "migrate",
]
