"""SQLAlchemy 2 models of the records database — the source of truth of Dukung."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.records.base import NAMING, Base, utcnow  # noqa: F401 - re-exported
from storage.records.people_models import (  # noqa: F401 - re-exported: one place to import models from
    ApiToken,
    LoginFailure,
    PasswordResetToken,
    User,
    UserUnit,
    WebSession,
)


class Unit(Base):
    """A work unit building its Integrity Zone (OPD, puskesmas, RSUD…)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    contacts: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # removed (archived) by an admin: out of listings, checks, e-mails and uploads; documents and audit kept
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Period(Base):
    """An evaluation period (one year)."""

    __tablename__ = "periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    # exactly one period is active: what every command, page, report and e-mail is about unless told otherwise
    is_active: Mapped[bool] = mapped_column(Boolean, default=False)
    # the windows (inclusive dates, Asia/Jakarta): isian = units fill the LKE and upload, verifikasi = the TPI
    # reviews, revisi = units fix what the TPI asked; None = not scheduled. Defaults: flows/periods/schedule.py
    isian_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    isian_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    verifikasi_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    verifikasi_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    revisi_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    revisi_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    # the proposal to the TPN through PMPZI (PermenPANRB 90/2021: by 31 May of each year)
    tpn_deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=utcnow, nullable=True)


class Document(Base):
    """One version of one uploaded file of a unit in a period."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("unit_id", "period_id", "relative_path", "version", name="uq_documents_path_version"),
        Index("ix_documents_unit_period_current", "unit_id", "period_id", "is_current"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    relative_path: Mapped[str] = mapped_column(String(1024))
    file_name: Mapped[str] = mapped_column(String(512))
    version: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    # bytes: BIGINT, files over 2 GiB (videos, scanned archives) are stored too; SQLite's INTEGER is 64-bit
    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    media_type: Mapped[str] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    object_key: Mapped[str] = mapped_column(String(512))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(255), default="")
    explicit_question: Mapped[str | None] = mapped_column(String(32), nullable=True)
    doc_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    doc_types: Mapped[list[str]] = mapped_column(JSON, default=list)  # every detected type, primary first
    doc_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    doc_number: Mapped[str | None] = mapped_column(String(255), nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    issuer: Mapped[str | None] = mapped_column(String(512), nullable=True)
    doc_date_manual: Mapped[bool] = mapped_column(Boolean, default=False)  # evidence date set by a person
    # what the content checks of the catalog found in the text (ditetapkan, years mentioned, index value…)
    facts: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # None: evidence (or not yet judged); "not_evidence": the classifier found it is no data dukung at all
    # ("bukan data dukung": news, an unrelated regulation…), with its reason; it never counts as evidence
    evidence_status: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    evidence_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    unit: Mapped[Unit] = relationship(lazy="joined")
    period: Mapped[Period] = relationship(lazy="joined")
    extraction: Mapped["Extraction | None"] = relationship(
        back_populates="document", uselist=False, cascade="all, delete-orphan"
    )
    classifications: Mapped[list["Classification"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Classification.confidence.desc()"
    )
    tags: Mapped[list["Tag"]] = relationship(back_populates="document", cascade="all, delete-orphan")
    decisions: Mapped[list["MappingDecision"]] = relationship(back_populates="document",
                                                              cascade="all, delete-orphan")


class Extraction(Base):
    """The result of extracting text from a document (one row per document, replaced on retry)."""

    __tablename__ = "extractions"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text_length: Mapped[int] = mapped_column(Integer, default=0)
    text_key: Mapped[str | None] = mapped_column(String(512), nullable=True)
    extractor: Mapped[str] = mapped_column(String(128), default="")
    duration_s: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    extracted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # OCR: None (not needed) | pending | done | unavailable (no Tesseract/language, or OCR off) | failed
    ocr_state: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    # pages read with OCR (done), or waiting for it (pending/unavailable); 1-based
    ocr_pages: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)
    ocr_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)  # mean word confidence, 0–100

    document: Mapped[Document] = relationship(back_populates="extraction")


class Classification(Base):
    """A document supports a question (or just has a type): with confidence and a readable reason."""

    __tablename__ = "classifications"
    __table_args__ = (Index("ix_classifications_question", "question_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    question_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    doc_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    confidence: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="auto")  # auto | manual
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(255), default="")

    document: Mapped[Document] = relationship(back_populates="classifications")


class MappingDecision(Base):
    """A person's word on an automatic mapping document → question: ``confirmed`` or ``rejected``.

    One row per document and question (the latest word; the audit log keeps every step). A rejected
    mapping is not re-created when the document is classified again. Both kinds are training examples
    for the learned classifier (:func:`flows.suggestions.review_decisions_as_examples`).
    """

    __tablename__ = "mapping_decisions"
    __table_args__ = (UniqueConstraint("document_id", "question_code", name="uq_mapping_decisions_question"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    question_code: Mapped[str] = mapped_column(String(32))
    decision: Mapped[str] = mapped_column(String(16))  # confirmed | rejected
    doc_type: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the document's type then
    confidence: Mapped[float] = mapped_column(Float, default=0.0)  # of the automatic mapping decided on
    reason: Mapped[str] = mapped_column(Text, default="")  # the automatic mapping's reason
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(255), default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="decisions")


class Tag(Base):
    """A reviewer's word on a document or on a question of a unit: gap, ok, tidak_relevan."""

    __tablename__ = "tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), nullable=True, index=True
    )
    question_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    label: Mapped[str] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)

    document: Mapped[Document | None] = relationship(back_populates="tags")


class AuditEntry(Base):
    """Who did what, when."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255), default="")
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class InboxObject(Base):
    """An object dropped into the bucket under ``inbox/<unit>/<year>/…``, as last synced."""

    __tablename__ = "inbox_objects"
    key: Mapped[str] = mapped_column(String(1024), primary_key=True)
    etag: Mapped[str] = mapped_column(String(128), default="")
    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), default=0)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[str] = mapped_column(String(32), default="synced")  # synced | rejected
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CompletenessSnapshot(Base):
    """The per-question result of one completeness check, kept to say what changed since the previous one.

    ``slot`` names the check (``2026-11-30`` for a manual check that day, the scheduled start time for a
    scheduled run): a re-run of the same slot replaces its snapshot and is compared with the one before.
    """

    __tablename__ = "completeness_snapshots"
    __table_args__ = (UniqueConstraint("unit_id", "period_id", "slot", name="uq_completeness_snapshots_slot"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    slot: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    statuses: Mapped[dict] = mapped_column(JSON, default=dict)  # question code → status
    document_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64), default="")


class OutboxMessage(Base):
    """An e-mail to send: kept until delivered (durable outbox), never silently dropped.

    ``dedupe_key`` says which check and audience the message is for (``2026-11-30|unit|DINKES|2025``);
    with ``content_hash`` it stops a re-run of the same check from sending the same message twice.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status", "status"),
                      Index("ix_outbox_messages_dedupe", "dedupe_key", "content_hash"))
    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(255))
    content_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))  # unit_gaps | unit_all_clear | reviewer_digest
    unit_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(String(512))
    message: Mapped[bytes] = mapped_column(LargeBinary)  # the whole RFC 5322 message (.eml)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | sent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    transport: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ReviewState(Base):
    """Where a question of a unit and period stands in the review: draf → diajukan → perlu_perbaikan → disetujui."""

    __tablename__ = "review_states"
    __table_args__ = (UniqueConstraint("unit_id", "period_id", "question_code", name="uq_review_states_question"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    question_code: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(20), default="draf")
    revision: Mapped[int] = mapped_column(Integer, default=0)  # times submitted
    note: Mapped[str] = mapped_column(Text, default="")  # the last note (what a reviewer asked)
    updated_by: Mapped[str] = mapped_column(String(255), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    events: Mapped[list["ReviewEvent"]] = relationship(back_populates="review", cascade="all, delete-orphan",
                                                       order_by="ReviewEvent.id", lazy="selectin")


class ReviewEvent(Base):
    """One step of the review of a question: who, when, from which state to which, and the note."""

    __tablename__ = "review_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review_states.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    revision: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(255), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    review: Mapped[ReviewState] = relationship(back_populates="events")


class UploadBatch(Base):
    """A folder uploaded from the web page, file by file, then processed in the background."""

    __tablename__ = "upload_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    question_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | processing | done | error
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    #: files the browser said it would send (None: not told — uploads by script)
    expected_files: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: the last file received or chunk appended: a batch idle past ``ingest.upload_stale_hours`` is closed
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: why the batch was closed before all its files came (cancelled, stalled), shown to the unit
    closed_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    unit: Mapped[Unit] = relationship(lazy="joined")
    period: Mapped[Period] = relationship(lazy="joined")
    files: Mapped[list["UploadBatchFile"]] = relationship(back_populates="batch", cascade="all, delete-orphan",
                                                         order_by="UploadBatchFile.id")


class UploadBatchFile(Base):
    """One file of a web upload: what staging made of it (new, unchanged, new version, rejected)."""

    __tablename__ = "upload_batch_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("upload_batches.id", ondelete="CASCADE"), index=True)
    relative_path: Mapped[str] = mapped_column(String(1024))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16))  # baru | tidak_berubah | versi_baru | ditolak
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    size: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"), default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    batch: Mapped[UploadBatch] = relationship(back_populates="files")


class UploadPart(Base):
    """A file of a batch still arriving by the tus protocol; its bytes are in the data folder's staging
    folder (the file's size there is the upload's offset)."""

    __tablename__ = "upload_parts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("upload_batches.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int] = mapped_column(Integer)  # the user who created it: only they may append
    relative_path: Mapped[str] = mapped_column(String(1024))
    length: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"))
    status: Mapped[str] = mapped_column(String(16), default="receiving")  # receiving | joined
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
