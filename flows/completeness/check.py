"""Completeness per LKE question for a unit and period — plain functions over records + catalog.

For each question: which documents support it, which evidence items of the catalog rule are
satisfied — by type, count, date and content (:mod:`flows.completeness.evidence_rules`) — what is missing (in
plain Indonesian) and why, the automatic status and the reviewers' word. Per area (Pemenuhan and
Reform separately) and for the unit: an *estimate of evidence coverage* weighted by the catalog's
weights — clearly not an evaluation score. See docs/completeness.md.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

from sqlalchemy import String, or_, select, type_coerce

from config.i18n import N_, _, gettext
from flows.completeness.evidence_rules import (
    DocumentFinding,
    RuleContext,
    SupportingDocument,
    by_rank,
    evaluate_item,
    missing_text,
    rule_names,
    split_suggestions,
    suggestions_note,
)
from flows.completeness.issuer import UnitNames
from flows.completeness.report_model import (
    BELUM_ADA,
    DITANDAI,
    ESTIMATE_NOTE,  # noqa: F401 - re-exported
    LENGKAP,
    SEBAGIAN,
    STATUS_LABEL,
    WBBM_MIN,
    WBK_MIN,
    AreaCoverage,
    CompletenessReport,
    QuestionStatus,
    ReviewerNote,
)
from indexing.classify.reasons import readable_reason
from storage.records import repository as repo
from storage.records.models import Classification, Document, Tag, Unit

__all__ = [
    "BELUM_ADA", "DITANDAI", "LENGKAP", "SEBAGIAN", "STATUS_LABEL", "WBBM_MIN", "WBK_MIN",
    "AreaCoverage", "Assessment", "CompletenessReport", "DocumentFinding", "QuestionStatus", "ReviewerNote",
    "SupportingDocument", "assess_question", "check_completeness", "check_units", "evaluate_question",
]

@dataclass
class Assessment:
    """The evidence rule of one question applied to its documents (see :func:`assess_question`)."""

    status: str
    coverage: float
    satisfied: list[str]
    missing: list[str]
    why: str
    warnings: list[str]


def assess_question(catalog, question, docs: list[SupportingDocument], ctx: RuleContext) -> Assessment:
    """Apply all of the question's rule: all/any, min counts, recency and content checks (suggestions never count)."""
    docs = split_suggestions(docs, ctx)[0]
    if not docs:
        empty = _static(catalog).empty[question.code]
        return Assessment(empty.status, empty.coverage, [], list(empty.missing), empty.why, [])
    items = [evaluate_item(catalog, item, docs, ctx) for item in question.evidence.items]
    required = [r for r in items if r.required]
    satisfied = [r.label for r in items if r.met]
    missing = [missing_text(r) for r in required if not r.met]
    n_ok = sum(1 for r in required if r.met)
    if question.evidence.rule == "any":
        complete = n_ok >= 1
        coverage = 1.0 if complete else 0.0
        if complete:
            missing = []
        why = _("aturan: salah satu bukti wajib cukup")
    else:
        complete = n_ok == len(required)
        coverage = n_ok / len(required) if required else 1.0
        why = _("aturan: semua bukti wajib (%(ok)s dari %(n)s terpenuhi)", ok=n_ok, n=len(required))
    rejected = []
    for item, r in zip(question.evidence.items, items):
        if r.met or not r.required:
            continue
        for doc, findings in r.rejected:
            names = rule_names(catalog, item, doc, findings, ctx.year)
            if names:
                rejected.append(_("'%(name)s' tidak dihitung: %(rules)s", name=doc.name, rules=", ".join(names)))
    if complete:
        status = LENGKAP
    elif docs:
        status = SEBAGIAN
        if not any(r.counted or r.rejected for r in items):
            why += "; " + _("ada dokumen, tetapi jenisnya belum sesuai bukti yang diminta")
    else:
        status = BELUM_ADA
        why = _("belum ada dokumen yang dipetakan ke pertanyaan ini")
    if rejected and not complete:
        why += "; " + "; ".join(dict.fromkeys(rejected))
    warnings = list(dict.fromkeys(
        f"'{d.name}': {f.detail}" for d in docs if d.counted for f in d.findings if f.ok is None))
    return Assessment(status, coverage, satisfied, missing, why, warnings)


def evaluate_question(catalog, question, docs: list[SupportingDocument], *, year: int | None = None,
                      today: date | None = None) -> tuple[str, float, list[str], list[str], str]:
    """Apply the question's evidence rule to its supporting documents.

    Returns (status, coverage 0–1, satisfied item labels, missing item texts, why). Without ``year``
    the dates are not judged; content checks read each document's ``facts``. Each document gets its
    ``findings`` and ``counted``.
    """
    a = assess_question(catalog, question, docs, RuleContext.of(catalog, year, today))
    return a.status, a.coverage, a.satisfied, a.missing, a.why


# -- per catalog, computed once --------------------------------------------------------------------

@dataclass
class _Static:
    """What does not depend on documents: each question's place in the tree, and its empty assessment."""

    rows: list[tuple]  # (question, code, text, component, area_code, area_name, indicator, weight)
    empty: dict[str, Assessment]


_STATIC: dict[int, tuple[object, _Static]] = {}


def _static(catalog) -> _Static:
    cached = _STATIC.get(id(catalog))
    if cached is not None and cached[0] is catalog:
        return cached[1]
    rows, empty = [], {}
    for q in catalog.questions():
        rows.append((q, q.code, q.text, q.component_name, q.area_code, q.area_name, q.indicator_name or "", q.weight))
        items = [evaluate_item(catalog, item, [], RuleContext(year=None)) for item in q.evidence.items]
        empty[q.code] = Assessment(BELUM_ADA, 0.0, [], [missing_text(r) for r in items if r.required],
                                   "belum ada dokumen yang dipetakan ke pertanyaan ini", [])
    if len(_STATIC) > 8:
        _STATIC.clear()
    _STATIC[id(catalog)] = (catalog, _Static(rows, empty))
    return _STATIC[id(catalog)][1]


# -- records -----------------------------------------------------------------------------------------

@dataclass
class _Classified:
    doc: SupportingDocument
    auto: bool
    manual: bool


@dataclass
class _UnitRecords:
    """What one unit's report needs from the records: its documents per question and the reviewers' tags."""

    by_question: dict[str, list[_Classified]] = field(default_factory=dict)
    question_tags: dict[str, list[ReviewerNote]] = field(default_factory=lambda: defaultdict(list))
    # document id → question code (None: every question of the document) → tags on that document
    doc_tags: dict[int, dict[str | None, list[ReviewerNote]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list)))


def _load(session, units: list[Unit], period_id: int, catalog=None) -> dict[int, _UnitRecords]:
    """Current documents with their question classifications (one query) and open tags (one query); each
    document issued by another unit of the installation says which (:mod:`flows.completeness.issuer`); the
    reasons as people read them (:func:`readable_reason`, with ``catalog``)."""
    unit_ids = [u.id for u in units]
    own = {u.id: (u.code, u.name) for u in units}
    names = UnitNames.of(session.execute(select(Unit.code, Unit.name)).all())
    rows = session.execute(
        select(Document.unit_id, Document.id, Document.relative_path, type_coerce(Document.doc_types, String),
               Document.doc_date, type_coerce(Document.facts, String), Classification.question_code,
               Classification.confidence, Classification.reason, Classification.source, Document.explicit_question,
               Document.issuer)
        .join(Classification, Classification.document_id == Document.id)
        .where(Document.unit_id.in_(unit_ids), Document.period_id == period_id, Document.is_current.is_(True),
               Classification.question_code.is_not(None),
               or_(Document.evidence_status.is_(None), Classification.source == "manual",  # "bukan data dukung":
                   Classification.question_code == Document.explicit_question))  # only a person's word maps it
        .order_by(Document.id, Classification.confidence.desc()))
    out = {uid: _UnitRecords() for uid in unit_ids}
    grouped: dict[int, dict[str, dict[int, _Classified]]] = {uid: defaultdict(dict) for uid in unit_ids}
    parsed: dict[int, tuple] = {}  # JSON of each document, decoded once (not per classification)
    for unit_id, doc_id, path, raw_types, doc_date, raw_facts, code, confidence, reason, source, explicit, issuer \
            in rows:
        if doc_id not in parsed:  # facts: decoded when a check needs them
            parsed[doc_id] = (_json(raw_types) or [], raw_facts, names.other_issuer(issuer, *own[unit_id]))
        doc_types, facts, other = parsed[doc_id]
        per_doc = grouped[unit_id][code]
        seen = per_doc.get(doc_id)
        manual = source == "manual"
        if seen is None or (manual and not seen.manual):
            per_doc[doc_id] = _Classified(
                SupportingDocument(document_id=doc_id, path=path, doc_types=list(doc_types), confidence=confidence,
                                   reason=readable_reason(catalog, reason) if catalog else reason,
                                   source=source, doc_date=doc_date, facts=facts,
                                   given_at_upload=code == explicit, issued_by_other=other),
                auto=not manual or (seen is not None and seen.auto), manual=manual)
        else:
            seen.auto = seen.auto or not manual
            seen.manual = seen.manual or manual
    for uid, questions in grouped.items():
        out[uid].by_question = {code: list(docs.values()) for code, docs in questions.items()}
    tags = session.scalars(select(Tag).where(Tag.unit_id.in_(unit_ids), Tag.period_id == period_id,
                                             Tag.resolved.is_(False)).order_by(Tag.created_at, Tag.id))
    for t in tags:
        rec = out[t.unit_id]
        if t.document_id is None:
            if t.question_code:
                rec.question_tags[t.question_code].append(_note(t))
        else:
            rec.doc_tags[t.document_id][t.question_code].append(_note(t))
    return out


def _json(raw):
    """A JSON column read as text (SQLite) or already decoded (PostgreSQL's driver)."""
    return json.loads(raw) if isinstance(raw, (str, bytes)) else raw


def _note(t: Tag, document: str | None = None) -> ReviewerNote:
    return ReviewerNote(label=t.label, note=t.note or "", by=t.created_by or "",
                        at=t.created_at.isoformat(timespec="seconds") if t.created_at else "",
                        document_id=t.document_id, document=document)


#: what a reviewer's tag is called where a ZI team reads it (the tag's code is for the database)
TAG_WORDS = {"gap": N_("celah"), "ok": N_("terverifikasi"), "tidak_relevan": N_("tidak relevan")}


def _note_text(n: ReviewerNote) -> str:
    word = gettext(TAG_WORDS[n.label]) if n.label in TAG_WORDS else n.label
    head = word + (f" '{n.document.rsplit('/', 1)[-1]}'" if n.document else "")
    return f"{head}: {n.note}".strip(": ") + (f" — {n.by}" if n.by else "")


def check_completeness(rt, unit_code: str, year: int, *, today: date | None = None) -> CompletenessReport:
    """The completeness report of one unit for one evaluation year.

    ``automatic_status`` is what the rules say of the automatically classified documents alone;
    ``status`` adds the reviewers' word: documents assigned by hand count, documents tagged
    ``tidak_relevan`` do not, a question tagged ``gap`` is ``ditandai_reviewer`` and one tagged ``ok``
    is ``lengkap`` (unless a ``gap`` is open). ``today`` (default: today) bounds the document dates.
    """
    return check_units(rt, [unit_code], year, today=today)[0]


def check_units(rt, unit_codes: list[str] | None, year: int, *, today: date | None = None) -> list[CompletenessReport]:
    """The reports of many units (all when ``unit_codes`` is None), read with a few queries in total."""
    catalog = rt.catalog
    ctx = RuleContext.of(catalog, year, today or date.today(), rt.settings.classifier.confirm_threshold)
    with rt.records.session() as session:
        if unit_codes is None:
            units = repo.list_units(session)
        else:
            found = {u.code.upper(): u for u in session.scalars(select(Unit).where(repo.unit_code_in(unit_codes)))}
            units = [found.get(repo.unit_key(code)) or repo.get_unit(session, code) for code in unit_codes]  # raises NotFound
        period = repo.get_or_create_period(session, year)
        records = _load(session, units, period.id, rt.catalog)
        heads = [(u.code, u.name, records[u.id]) for u in units]
    paused = gc.isenabled()
    gc.disable()  # many small objects and no cycles: the collector would re-scan the growing reports
    try:
        return [_report(catalog, ctx, code, name, year, rec) for code, name, rec in heads]
    finally:
        if paused:
            gc.enable()


def _report(catalog, ctx: RuleContext, unit_code: str, unit_name: str, year: int,
            rec: _UnitRecords) -> CompletenessReport:
    statuses: list[QuestionStatus] = []
    for q, code, text, component, area_code, area_name, indicator, weight in _static(catalog).rows:
        entries = rec.by_question.get(code, ())
        excluded, reviews, touched = [], [], False
        for e in entries:
            by_question = rec.doc_tags.get(e.doc.document_id)
            notes = (by_question.get(code, []) + by_question.get(None, [])) if by_question else []
            for note in notes:
                note.document = e.doc.path
                reviews.append(note)
                if note.label == "tidak_relevan" and all(d is not e.doc for d in excluded):
                    excluded.append(e.doc)
                elif note.label == "ok":
                    e.doc.verified_by = note.by or "reviewer"
            touched = touched or bool(notes) or e.manual
        gone = {d.document_id for d in excluded}
        sure, suggestions = split_suggestions(by_rank([e.doc for e in entries if e.doc.document_id not in gone]), ctx)
        a = assess_question(catalog, q, sure, ctx)
        if touched:  # the rules alone, on the automatic classifications, without any reviewer's word
            automatic = by_rank([replace(e.doc, findings=[], counted=None, verified_by=None)
                                  for e in entries if e.auto])
            auto = assess_question(catalog, q, automatic, ctx)
        else:
            auto = a
        status, coverage = a.status, a.coverage
        reviews = rec.question_tags.get(code, []) + reviews
        if any(n.label == "gap" for n in reviews):  # on the question, or on one of its documents
            status = DITANDAI
        elif any(n.label == "ok" and n.document_id is None for n in reviews):
            status, coverage = LENGKAP, 1.0
        statuses.append(QuestionStatus(
            code=code, question=text, component=component, area_code=area_code,
            area_name=area_name, indicator=indicator, weight=weight, status=status,
            automatic_status=auto.status, coverage=round(coverage, 4), documents=sure,
            satisfied=a.satisfied, missing=a.missing, why=a.why + suggestions_note(suggestions),
            reviewer_notes=[_note_text(n) for n in reviews], reviews=reviews, warnings=a.warnings,
            excluded=excluded, suggestions=suggestions))

    by_area: dict[str | None, list[QuestionStatus]] = defaultdict(list)
    for st in statuses:
        by_area[st.area_code].append(st)
    areas = []
    for area in catalog.areas():
        qs = by_area.get(area.code, [])
        weight = sum(s.weight for s in qs) or 1.0
        cov = sum(s.weight * s.coverage for s in qs) / weight
        counts = {k: sum(1 for s in qs if s.status == k) for k in STATUS_LABEL}
        component = qs[0].component if qs else ""
        areas.append(AreaCoverage(code=area.code, name=area.name, short=area.short, component=component,
                                  weight=area.weight,
                                  questions=len(qs), counts=counts, coverage=round(cov, 4),
                                  meets_wbk=cov >= WBK_MIN, meets_wbbm=cov >= WBBM_MIN))
    pengungkit = sum(s.weight * s.coverage for s in statuses if s.code.startswith("A."))
    counts = {k: sum(1 for s in statuses if s.status == k) for k in STATUS_LABEL}
    return CompletenessReport(unit=unit_code, unit_name=unit_name, year=year,
                              generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              questions=statuses, areas=areas, counts=counts,
                              pengungkit_estimate=round(pengungkit, 2))
