"""Reviewers' word on the evidence: tags on questions and documents, moving a document to another
question, closing a tag. Plain functions for the CLI and the web app; each keeps the search index
in step (tags and question codes are search filters) and leaves an audit entry."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from config.i18n import _
from config.errors import InvalidInputError, NotFoundError
from flows.ingest.indexer import index_documents
from storage.records import repository as repo
from storage.records.models import Tag


@dataclass
class TagView:
    id: int
    unit: str
    year: int
    label: str
    question: str | None
    document_id: int | None
    note: str
    by: str
    at: str

    @classmethod
    def of(cls, tag: Tag, unit: str, year: int) -> "TagView":
        return cls(tag.id, unit, year, tag.label, tag.question_code, tag.document_id, tag.note, tag.created_by,
                   tag.created_at.isoformat(timespec="seconds"))


def _code(rt, question: str | None) -> str | None:
    return rt.catalog.question(question).code if question else None


def tag_question(rt, unit: str, year: int, question: str, label: str, *, note: str = "", actor: str) -> TagView:
    """A reviewer's word on a question of a unit: ``gap`` (with a note), ``ok`` (verified)."""
    if label == "tidak_relevan":
        raise InvalidInputError(_("'tidak_relevan' berlaku untuk dokumen: gunakan --document"))
    code = _code(rt, question)
    with rt.records.session() as session:
        u, p = repo.get_unit(session, unit), repo.get_or_create_period(session, year)
        tag = repo.add_tag(session, unit=u, period=p, label=label, actor=actor, note=note, question_code=code)
        return TagView.of(tag, u.code, p.year)


def tag_document(rt, doc_id: int, label: str, *, question: str | None = None, note: str = "",
                 actor: str) -> TagView:
    """A reviewer's word on a document (``tidak_relevan`` for a question, or for all if none given)."""
    code = _code(rt, question)
    with rt.records.session() as session:
        doc = repo.get_document(session, doc_id)
        tag = repo.add_tag(session, unit=doc.unit, period=doc.period, label=label, actor=actor, note=note,
                           document=doc, question_code=code)
        view = TagView.of(tag, doc.unit.code, doc.period.year)
    index_documents(rt, [doc_id])
    return view


def reassign_document(rt, doc_id: int, to_question: str, *, from_question: str | None = None, note: str = "",
                      actor: str) -> None:
    """Move (or, without ``from_question``, add) a document to another question by hand."""
    to_code, from_code = _code(rt, to_question), _code(rt, from_question)
    with rt.records.session() as session:
        doc = repo.get_document(session, doc_id)
        repo.reassign_document(session, doc, to_code, from_question=from_code, actor=actor, note=note)
    index_documents(rt, [doc_id])


def resolve_tag(rt, tag_id: int, *, actor: str) -> None:
    """Close a tag (the gap was fixed, the verification withdrawn)."""
    with rt.records.session() as session:
        tag = session.get(Tag, tag_id)
        if tag is None:
            raise NotFoundError(_("Tag #%(tag_id)s tidak ditemukan", tag_id=tag_id))
        tag.resolved = True
        repo.audit(session, actor, "resolve_tag", "tag", tag.id, {"label": tag.label, "question": tag.question_code})
        doc_id = tag.document_id
    if doc_id:
        index_documents(rt, [doc_id])


def open_tags(rt, unit: str | None = None, year: int | None = None) -> list[TagView]:
    from storage.records.models import Period, Unit

    with rt.records.session() as session:
        stmt = (select(Tag, Unit.code, Period.year).join(Unit, Unit.id == Tag.unit_id)
                .join(Period, Period.id == Tag.period_id).where(Tag.resolved.is_(False)))
        if unit:
            stmt = stmt.where(repo.unit_code_is(unit))
        if year:
            stmt = stmt.where(Period.year == year)
        return [TagView.of(t, u, y) for t, u, y in session.execute(stmt.order_by(Tag.id))]
