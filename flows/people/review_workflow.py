"""The review of each question of a unit and period, as ZI teams and TPI work today:

``draf`` → ``diajukan`` (the unit submits) → ``perlu_perbaikan`` (a reviewer asks for changes, with a
note) → ``diajukan`` again (revision + 1) → ``disetujui``. Who and when is kept for every step.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from config.i18n import _, N_

from config.errors import DukungError, InvalidInputError
from flows.people.accounts import Principal
from storage.records import repository as repo
from storage.records.models import ReviewEvent, ReviewState, Tag, utcnow

DRAF, DIAJUKAN, PERLU_PERBAIKAN, DISETUJUI = "draf", "diajukan", "perlu_perbaikan", "disetujui"
STATE_LABEL = {DRAF: N_("Draf"), DIAJUKAN: N_("Diajukan"), PERLU_PERBAIKAN: N_("Perlu perbaikan"),
               DISETUJUI: N_("Disetujui")}
ACTIONS = {
    # action: (allowed from-states, to-state, who may: "unit" = members of the unit, "reviewer")
    "ajukan": ({DRAF, PERLU_PERBAIKAN}, DIAJUKAN, "unit"),
    "minta_perbaikan": ({DIAJUKAN, DISETUJUI}, PERLU_PERBAIKAN, "reviewer"),
    "setujui": ({DIAJUKAN}, DISETUJUI, "reviewer"),
}


class ForbiddenError(DukungError):
    """The signed-in user may not do this."""

    http_status = 403


class OpenGapError(DukungError):
    """Approving a question while a gap tag on it is still open: close the tag (or keep it and not approve)."""

    http_status = 409

    def __init__(self, code: str, tags: list[Tag]):
        self.tag_ids = [t.id for t in tags]
        listed = "; ".join(f"#{t.id} \u201c{t.note or _('tanpa catatan')}\u201d ({t.created_by})" for t in tags)
        super().__init__(_(
            "Pertanyaan %(code)s belum dapat disetujui: masih ada %(n)s celah terbuka dari reviewer (%(listed)s). "
            "Tutup celah yang sudah diperbaiki (tombol «Tutup» pada daftar tag terbuka), lalu setujui; "
            "atau biarkan celah terbuka dan minta perbaikan dari unit.", code=code, n=len(tags), listed=listed))


def open_gap_tags(session, unit_id: int, period_id: int, code: str) -> list[Tag]:
    """The open ``gap`` tags on question ``code`` (on the question itself or on one of its documents),
    whoever set them: a question with any of them is not approved."""
    return list(session.scalars(select(Tag).where(
        Tag.unit_id == unit_id, Tag.period_id == period_id, Tag.question_code == code, Tag.label == "gap",
        Tag.resolved.is_(False)).order_by(Tag.id)))


@dataclass
class ReviewView:
    unit: str
    year: int
    question: str
    state: str
    revision: int
    note: str
    updated_by: str
    updated_at: str | None
    history: list[dict]

    @property
    def label(self) -> str:
        return STATE_LABEL[self.state]


def _view(unit: str, year: int, code: str, row: ReviewState | None) -> ReviewView:
    if row is None:
        return ReviewView(unit, year, code, DRAF, 0, "", "", None, [])
    return ReviewView(unit, year, code, row.state, row.revision, row.note, row.updated_by,
                      row.updated_at.isoformat(timespec="seconds"),
                      [{"from": e.from_state, "to": e.to_state, "revision": e.revision, "note": e.note,
                        "by": e.actor, "at": e.at.isoformat(timespec="seconds")} for e in row.events])


def review_states(rt, unit: str, year: int) -> dict[str, ReviewView]:
    """Every question's review state of a unit and period (questions never touched are ``draf``)."""
    with rt.records.session() as session:
        u, p = repo.get_unit(session, unit), repo.get_or_create_period(session, year)
        rows = session.scalars(select(ReviewState).where(ReviewState.unit_id == u.id, ReviewState.period_id == p.id))
        found = {r.question_code: _view(unit, year, r.question_code, r) for r in rows}
    return {q.code: found.get(q.code) or _view(unit, year, q.code, None) for q in rt.catalog.questions()}


def review_state(rt, unit: str, year: int, question: str) -> ReviewView:
    code = rt.catalog.question(question).code
    return review_states(rt, unit, year)[code]


def transition(rt, principal: Principal, unit: str, year: int, question: str, action: str,
               note: str = "", *, close_gaps: bool = False) -> ReviewView:
    """Apply ``action`` (ajukan, minta_perbaikan, setujui) for ``principal``; audited.

    ``setujui`` is refused (:class:`OpenGapError`) while a gap tag on the question is open — anyone's,
    since an approval says the evidence has no gap left; ``close_gaps=True`` closes them with the
    approval (each closing audited, the tags named in the review history)."""
    if action not in ACTIONS:
        raise InvalidInputError(_("Aksi tidak dikenal: %(action)s (pilihan: %(choices)s)", action=repr(action),
                                  choices=', '.join(ACTIONS)))
    allowed_from, to_state, who = ACTIONS[action]
    code = rt.catalog.question(question).code
    if not principal.can_see(unit):
        raise ForbiddenError(_("Anda tidak punya akses ke unit ini"))
    if who == "reviewer" and not principal.is_reviewer:
        raise ForbiddenError(_("Hanya reviewer yang dapat meminta perbaikan atau menyetujui"))
    if who == "unit" and principal.role == "reviewer":
        raise ForbiddenError(_("Pengajuan dilakukan oleh anggota unit"))
    note = (note or "").strip()
    if to_state == PERLU_PERBAIKAN and not note:
        raise InvalidInputError(_("Tuliskan apa yang perlu diperbaiki"))
    reindex: list[int] = []
    with rt.records.session() as session:
        u, p = repo.get_unit(session, unit), repo.get_or_create_period(session, year)
        row = session.scalar(select(ReviewState).where(ReviewState.unit_id == u.id, ReviewState.period_id == p.id,
                                                       ReviewState.question_code == code))
        if row is None:
            row = ReviewState(unit_id=u.id, period_id=p.id, question_code=code, state=DRAF, revision=0, note="")
            session.add(row)
        if row.state not in allowed_from:
            raise InvalidInputError(_("Tidak dapat '%(action)s' dari status '%(state)s'", action=action,
                                      state=_(STATE_LABEL[row.state])))
        from_state = row.state
        if to_state == DISETUJUI:
            note, reindex = _settle_open_gaps(session, principal, u, p, code, note, close_gaps)
        if to_state == DIAJUKAN:
            row.revision += 1
        row.state, row.note, row.updated_by = to_state, note, principal.label
        row.updated_at = utcnow()
        row.events.append(ReviewEvent(from_state=from_state, to_state=to_state, revision=row.revision, note=note,
                                      actor=principal.label, at=row.updated_at))
        repo.audit(session, principal.label, f"review_{action}", "question", f"{unit}/{year}/{code}",
                   {"from": from_state, "to": to_state, "revision": row.revision, "note": note})
        session.flush()
        view = _view(unit, year, code, row)
    if reindex:
        from flows.ingest.indexer import index_documents

        index_documents(rt, reindex)  # a document's open tags are a search filter
    return view


def _settle_open_gaps(session, principal: Principal, unit, period, code: str, note: str, close_gaps: bool) -> tuple[str, list[int]]:
    """Refuse an approval over open gap tags, or close them (``close_gaps``) and say so in the note;
    also the documents whose tags were closed (their search entries change)."""
    gaps = open_gap_tags(session, unit.id, period.id, code)
    if not gaps:
        return note, []
    if not close_gaps:
        raise OpenGapError(code, gaps)
    for tag in gaps:
        tag.resolved = True
        repo.audit(session, principal.label, "resolve_tag", "tag", tag.id,
                   {"label": tag.label, "question": code, "with": "review_setujui"})
    closed = "celah ditutup saat disetujui: " + ", ".join(f"#{t.id}" for t in gaps)
    return (f"{note} ({closed})" if note else closed), sorted({t.document_id for t in gaps if t.document_id})
