"""The OCR stage: whether it can run here, and which documents wait for it.

The text pass (``flows.ingest.pipeline.process_batch``) marks documents whose pages have no usable text
layer, and images, ``ocr_state = pending``; after every text document of an upload is recorded
and indexed, ``flows.ingest.pipeline.ocr_documents`` reads the pending ones with Tesseract on its own pool
(``DUKUNG_INGEST__OCR_WORKERS`` processes, one Tesseract thread each), in small batches so progress
shows. Without Tesseract — or with ``DUKUNG_INGEST__OCR=false`` — they are marked ``unavailable``
with the reason, and ``dukung retry --failed`` reads them once it is installed.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from config.i18n import N_
from indexing.extract.base import OcrOptions
from indexing.extract.ocr import OcrUnavailable, check_available
from storage.records import repository as repo
from storage.records.models import Document, Extraction

#: OCR states ``dukung retry --failed`` picks up again.
RETRY_OCR_STATES = ("pending", "unavailable", "failed")


#: Kept in Indonesian in the documents' reasons (stored text); `dukung doctor` shows it in the reader's language.
OCR_OFF = N_("OCR dimatikan (DUKUNG_INGEST__OCR=false)")


def unavailable_reason(settings) -> str | None:
    """Why OCR cannot run with these settings on this machine (Indonesian), or ``None``."""
    if not settings.ingest.ocr:
        return OCR_OFF
    languages = tuple(lang for lang in settings.ingest.ocr_languages.split("+") if lang)
    try:
        check_available(OcrOptions(command=settings.ingest.ocr_command), languages)
    except OcrUnavailable as exc:
        return str(exc)
    return None


def settle_unavailable(outcomes: Sequence, reason: str) -> None:
    """Mark the outcomes that wait for OCR as ``unavailable``, saying why in their reason."""
    for outcome in outcomes:
        if outcome.ocr_state != "pending":
            continue
        outcome.ocr_state = "unavailable"
        note = f"OCR tidak tersedia: {reason}"
        if outcome.status == "ok":  # some pages had text; name the ones that did not
            from indexing.extract.ocr import describe_pages

            note = f"Halaman {describe_pages(outcome.pages_without_text)} tanpa lapisan teks; {note}"
        outcome.reason = f"{outcome.reason}; {note}" if outcome.reason else note


def batch_size(settings, workers: int) -> int:
    """OCR batches are small (a few documents per worker): each is recorded and indexed as it ends."""
    return max(1, min(settings.ingest.batch_size, 2 * workers))


def longest_first(rt, doc_ids: Sequence[int]) -> list[int]:
    """The documents ordered by how many pages wait for OCR, most first (ties keep their order).

    OCR jobs are handed out per document: starting with the long scans keeps both cores busy to the
    end instead of leaving one core on a 40-page scan while the other has nothing left.
    """
    ids = list(doc_ids)
    with rt.records.session() as session:
        pages = dict(session.execute(select(Extraction.document_id, Extraction.ocr_pages)
                                     .where(Extraction.document_id.in_(ids))).all())
    position = {d: i for i, d in enumerate(ids)}
    return sorted(ids, key=lambda d: (-len(pages.get(d) or [1]), position[d]))


def pending_ids(rt, *, unit_code: str | None = None, states: Sequence[str] = ("pending",)) -> list[int]:
    """Current documents whose OCR state is one of ``states``, oldest first."""
    from storage.records.models import Unit

    query = (select(Document.id).join(Extraction, Extraction.document_id == Document.id)
             .where(Document.is_current.is_(True), Extraction.ocr_state.in_(list(states))).order_by(Document.id))
    if unit_code:
        query = query.join(Unit, Unit.id == Document.unit_id).where(repo.unit_code_is(unit_code))
    with rt.records.session() as session:
        return list(session.scalars(query))
