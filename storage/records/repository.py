"""Plain functions over the records database: units, periods, documents (results, tags and the audit log
in their own modules, re-exported here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from config.i18n import _
from config.errors import InvalidInputError, NotFoundError
from storage.records.models import Document, Extraction, Period, Unit
# what processing made of each document; part of this module's API (callers use ``repo.save_extraction`` …)
from storage.records.results import (  # noqa: F401
    ExtractionRecord,
    QuestionRecord,
    NOT_EVIDENCE,
    replace_auto_classifications,
    save_evidence_status,
    save_extraction,
    save_facts,
    save_metadata,
)
# who did what, and people's words on documents and questions (tags, hand assignments): also this module's API
from storage.records.audit_log import MAX_ACTOR, audit  # noqa: F401
from storage.records.reviewer_words import (  # noqa: F401
    TAG_LABELS,
    add_tag,
    assign_question,
    list_tags,
    reassign_document,
)



class UploadOutcome(StrEnum):
    NEW = "baru"
    UNCHANGED = "tidak_berubah"
    NEW_VERSION = "versi_baru"


# Units and periods --------------------------------------------------------------------------

def unit_key(code: str | None) -> str:
    """A unit code's canonical form (upper case, no surrounding spaces): how it is stored and compared."""
    return (code or "").strip().upper()


def unit_code_is(code: str):
    """SQL: the unit's code equals ``code``, whatever the case of either."""
    return func.upper(Unit.code) == unit_key(code)


def unit_code_in(codes: Sequence[str]):
    """SQL: the unit's code is one of ``codes``, whatever the case."""
    return func.upper(Unit.code).in_([unit_key(c) for c in codes])


def add_unit(session: Session, code: str, name: str, contacts: Sequence[str] = ()) -> Unit:
    """Create or update a unit (idempotent by code, whatever its case; stored in upper case)."""
    code = unit_key(code)
    if not code:
        raise InvalidInputError(_("Kode unit tidak boleh kosong"))
    unit = session.scalar(select(Unit).where(unit_code_is(code)))
    if unit is None:
        unit = Unit(code=code, name=name or code, contacts=list(contacts))
        session.add(unit)
    else:
        unit.name = name or unit.name
        if contacts:
            unit.contacts = list(contacts)
    session.flush()
    return unit


def get_unit(session: Session, code: str) -> Unit:
    """The unit of ``code`` (any case)."""
    unit = session.scalar(select(Unit).where(unit_code_is(code)))
    if unit is None:
        raise NotFoundError(_("Unit '%(code)s' belum terdaftar. Periksa kodenya, atau minta admin "
                              "menambahkannya di halaman Admin → Unit.", code=(code or "").strip()))
    return unit


def list_units(session: Session, *, include_archived: bool = False) -> list[Unit]:
    """The units, by code; units removed by an admin (archived) only when asked for."""
    stmt = select(Unit).order_by(Unit.code)
    if not include_archived:
        stmt = stmt.where(Unit.archived_at.is_(None))
    return list(session.scalars(stmt))


def require_active_unit(unit: Unit) -> Unit:
    """``unit``, unless an admin removed it: a removed unit keeps its documents but takes no new ones."""
    if unit.archived_at is not None:
        raise InvalidInputError(_("Unit %(code)s sudah dihapus oleh admin: unggahan baru tidak diterima", code=unit.code))
    return unit


MIN_YEAR, MAX_YEAR = 2000, 2100


def get_or_create_period(session: Session, year: int) -> Period:
    """The period of ``year``; one that does not exist yet is created without a schedule (an admin sets its
    windows) and becomes the active one only when no period is active at all (a new data folder)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInputError(_("Tahun periode tidak masuk akal: %(year)s", year=year))
    period = session.scalar(select(Period).where(Period.year == year))
    if period is None:
        period = Period(year=year, is_active=active_period_year(session) is None)
        session.add(period)
        session.flush()
    return period


def find_period(session: Session, year: int) -> Period | None:
    return session.scalar(select(Period).where(Period.year == year))


def active_period_year(session: Session) -> int | None:
    """The year of the active evaluation period (None when no period is active)."""
    return session.scalar(select(Period.year).where(Period.is_active.is_(True)).order_by(Period.year.desc())
                          .limit(1))


# Documents -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class UploadedFile:
    relative_path: str
    file_name: str
    size: int
    sha256: str
    object_key: str
    media_type: str


MAX_RELATIVE_PATH = 1024  # column lengths of Document (PostgreSQL enforces them, SQLite does not)
MAX_FILE_NAME = 512


def _shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, keeping a short extension."""
    if len(text) <= limit:
        return text
    stem, dot, ext = text.rpartition(".")
    tail = dot + ext[:8] if dot and stem else ""
    return text[: limit - len(tail) - 1] + "…" + tail


def record_upload(
    session: Session,
    unit: Unit,
    period: Period,
    upload: UploadedFile,
    *,
    uploaded_by: str = "",
    explicit_question: str | None = None,
) -> tuple[Document, UploadOutcome]:
    """Record one uploaded file. Same bytes at the same path → unchanged; new bytes → a new version."""
    (result,) = record_uploads(session, unit, period, [upload], uploaded_by=uploaded_by,
                               explicit_question=explicit_question)
    if isinstance(result, InvalidInputError):
        raise result
    return result


def record_uploads(
    session: Session,
    unit: Unit,
    period: Period,
    uploads: Sequence[UploadedFile],
    *,
    uploaded_by: str = "",
    explicit_question: str | None = None,
) -> list[tuple[Document, UploadOutcome] | InvalidInputError]:
    """Record a group of uploaded files with one look-up and one flush (see :func:`record_upload`).

    Each result is ``(document, outcome)``, or the :class:`InvalidInputError` that refused that file
    (the others are recorded). The same path twice in a group makes two versions, in order.
    """
    uploaded_by = (uploaded_by or "")[:MAX_ACTOR]
    paths = {u.relative_path for u in uploads if len(u.relative_path) <= MAX_RELATIVE_PATH}
    current_by_path: dict[str, Document] = {}
    if paths:
        current_by_path = {d.relative_path: d for d in session.scalars(select(Document).where(
            Document.unit_id == unit.id,
            Document.period_id == period.id,
            Document.relative_path.in_(sorted(paths)),
            Document.is_current.is_(True),
        ))}
    results: list = []
    for upload in uploads:
        if len(upload.relative_path) > MAX_RELATIVE_PATH:
            # checked before any SQL: on PostgreSQL a too-long value would abort the whole transaction
            results.append(InvalidInputError(
                f"Path berkas terlalu panjang ({len(upload.relative_path)} karakter, maksimum "
                f"{MAX_RELATIVE_PATH}): {upload.relative_path[:80]}…"))
            continue
        current = current_by_path.get(upload.relative_path)
        if current is not None and current.sha256 == upload.sha256:
            if explicit_question and current.explicit_question != explicit_question:
                current.explicit_question = explicit_question
                results.append((current, UploadOutcome.NEW_VERSION))
            else:
                results.append((current, UploadOutcome.UNCHANGED))
            continue
        version = 1
        if current is not None:
            current.is_current = False
            version = current.version + 1
        doc = Document(
            unit_id=unit.id,
            period_id=period.id,
            relative_path=upload.relative_path,
            file_name=_shorten(upload.file_name, MAX_FILE_NAME),
            version=version,
            is_current=True,
            size=upload.size,
            media_type=upload.media_type,
            sha256=upload.sha256,
            object_key=upload.object_key,
            uploaded_by=uploaded_by,
            explicit_question=explicit_question,
            doc_types=[],
        )
        session.add(doc)
        current_by_path[upload.relative_path] = doc
        results.append((doc, UploadOutcome.NEW if current is None else UploadOutcome.NEW_VERSION))
    session.flush()
    return results


def get_document(session: Session, doc_id: int) -> Document:
    doc = session.get(Document, doc_id)
    if doc is None:
        raise NotFoundError(_("Dokumen #%(doc_id)s tidak ditemukan", doc_id=doc_id))
    return doc


def _document_query(*, unit_codes: Sequence[str] | None, year: int | None, current_only: bool):
    stmt = (
        select(Document)
        .join(Unit, Document.unit_id == Unit.id)
        .join(Period, Document.period_id == Period.id)
        .options(selectinload(Document.classifications), selectinload(Document.extraction))
        .order_by(Unit.code, Document.relative_path, Document.version)
    )
    if unit_codes:
        stmt = stmt.where(unit_code_in(unit_codes))
    if year is not None:
        stmt = stmt.where(Period.year == year)
    if current_only:
        stmt = stmt.where(Document.is_current.is_(True))
    return stmt


def list_documents(
    session: Session,
    *,
    unit_codes: Sequence[str] | None = None,
    year: int | None = None,
    current_only: bool = True,
    extraction_status: Sequence[str] | None = None,
) -> list[Document]:
    stmt = _document_query(unit_codes=unit_codes, year=year, current_only=current_only)
    if extraction_status:
        stmt = stmt.join(Extraction, Extraction.document_id == Document.id).where(
            Extraction.status.in_(list(extraction_status))
        )
    return list(session.scalars(stmt).unique())


def iter_document_ids(session: Session, *, current_only: bool = True) -> list[int]:
    stmt = select(Document.id).order_by(Document.id)
    if current_only:
        stmt = stmt.where(Document.is_current.is_(True))
    return list(session.scalars(stmt))


def load_documents(session: Session, doc_ids: Iterable[int]) -> list[Document]:
    ids = list(doc_ids)
    if not ids:
        return []
    stmt = (
        select(Document)
        .where(Document.id.in_(ids))
        .options(selectinload(Document.classifications), selectinload(Document.extraction),
                 selectinload(Document.tags), selectinload(Document.decisions))
        .order_by(Document.id)
    )
    return list(session.scalars(stmt).unique())


def job_fields(session: Session, doc_ids: Iterable[int]) -> list:
    """What a parse job needs of each document (id, object key, hash, path, explicit question, OCR pages),
    by id — a narrow query: no relationships, no facts."""
    ids = list(doc_ids)
    if not ids:
        return []
    stmt = (
        select(Document.id, Document.object_key, Document.sha256, Document.relative_path,
               Document.explicit_question, Extraction.ocr_pages)
        .outerjoin(Extraction, Extraction.document_id == Document.id)
        .where(Document.id.in_(ids))
        .order_by(Document.id)
    )
    return list(session.execute(stmt))


def count_documents(session: Session) -> int:
    return session.scalar(select(func.count(Document.id))) or 0
