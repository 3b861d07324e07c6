"""People's decisions on automatic mappings (confirmed or rejected, :mod:`storage.records.decisions`) as
training examples for the evidence classifier — here in ``flows.ingest`` so that the training, which lives
beside the ingest, can read them (re-exported by :mod:`flows.completeness.suggestions`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from flows.ingest.indexer import read_text
from storage.records.decisions import CONFIRMED
from storage.records.models import MappingDecision


@dataclass(frozen=True)
class ReviewExample:
    """A person's decision on a mapping, as a training example: ``accepted`` True (confirmed) or False."""

    document_id: int
    text: str
    title: str | None
    path: str
    question_code: str
    doc_type: str | None
    accepted: bool


def review_decisions_as_examples(rt, *, with_text: bool = True) -> list[ReviewExample]:
    """Every confirmed and rejected mapping, oldest decision first, with the document's extracted text
    (from the object store; ``with_text`` False leaves it empty). The classifier's training adds these
    to the labelled documents, so each installation learns from its reviewers."""
    with rt.records.session() as session:
        rows = session.scalars(select(MappingDecision).order_by(MappingDecision.id)
                               .options(selectinload(MappingDecision.document))).all()
        return [ReviewExample(r.document_id, read_text(rt, r.document) if with_text else "", r.document.title,
                              r.document.relative_path, r.question_code, r.doc_type or r.document.doc_type,
                              r.decision == CONFIRMED)
                for r in rows]
