"""The catalog's evidence rules applied to the documents of one question — plain functions, no I/O.

A document counts for an evidence item when one of its types is asked for by the item and, for that
type, it is recent enough (``recency``) and passes the content checks (``checks``); the item is met
when ``min`` documents count. Every decision leaves a :class:`DocumentFinding` on the document and,
when an item is not met, a sentence in plain Indonesian saying what is missing and why.

Content checks read the facts computed at ingest (``Document.facts``, :mod:`indexing.facts`); a
document without facts, without text, or processed before a check was edited cannot be checked and
is accepted or rejected as the catalog says (``completeness.unchecked``), with the reason. A file
that cannot be opened at all (corrupt, or locked with a password) never counts.
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from config.i18n import N_, _
from flows.completeness.issuer import ISSUER_PREFIX, issuer_note
from indexing.facts import covers_period, tanggal


@dataclass
class DocumentFinding:
    """One rule applied to one document: ``ok`` True/False, or None when it could not be decided."""

    rule: str  # "tanggal" or a content check code
    label: str
    ok: bool | None
    detail: str


@dataclass
class SupportingDocument:
    document_id: int
    path: str
    doc_types: list[str]
    confidence: float
    reason: str
    source: str
    doc_date: date | None = None
    findings: list[DocumentFinding] = field(default_factory=list)
    counted: bool | None = None  # counted for an evidence item of the question (None: not evaluated)
    verified_by: str | None = None  # a reviewer tagged the document ``ok``: it counts whatever the rules say
    given_at_upload: bool = False  # the question was chosen when the document was uploaded: sure
    certainty: str = ""  # how sure the mapping is, in words (:func:`confidence_words`)
    issued_by_other: str = ""  # the name of another unit that issued it (:mod:`flows.completeness.issuer`)
    facts: dict | str | None = field(default=None, repr=False)  # input of the checks (JSON text: decoded on use)

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def content_facts(self) -> dict | None:
        if isinstance(self.facts, (str, bytes)):
            self.facts = json.loads(self.facts)
        return self.facts


@dataclass
class RuleContext:
    """What the rules need beyond the documents: the evaluation year, today, catalog-wide policies."""

    year: int | None
    today: date | None = None
    undated: str = "accept"
    unchecked: str = "accept"
    min_confidence: float = 0.0
    _windows: dict = field(default_factory=dict, repr=False)

    def start(self, rec) -> date | None:
        """The earliest accepted date under ``rec`` (cached per rule object)."""
        key = id(rec)
        if key not in self._windows:
            self._windows[key] = (rec, window(rec, self.year))
        return self._windows[key][1]

    @classmethod
    def of(cls, catalog, year: int | None, today: date | None = None,
           min_confidence: float | None = None) -> "RuleContext":
        """``min_confidence``: the confirmation threshold (None: the catalog's ``completeness.min_confidence``)."""
        rules = catalog.completeness
        return cls(year=year, today=today, undated=rules.undated, unchecked=rules.unchecked,
                   min_confidence=rules.min_confidence if min_confidence is None else min_confidence)


@dataclass
class ItemResult:
    label: str
    required: bool
    need: int
    counted: list[SupportingDocument]
    rejected: list[tuple[SupportingDocument, list[DocumentFinding]]]

    @property
    def met(self) -> bool:
        return len(self.counted) >= self.need


# -- recency ---------------------------------------------------------------------------------------

def _months_before(d: date, months: int) -> date:
    """The same day ``months`` months earlier (clamped to the month's last day)."""
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def window(rec, year: int) -> date | None:
    """The earliest accepted date of ``rec`` for the evaluation ``year`` (None: no lower bound)."""
    if rec.within == "period":
        return _months_before(date(year, 1, 1), rec.grace_months)
    if rec.within == "months":
        return _months_before(date(year, 12, 31), rec.months or 0) + timedelta(days=1)
    return None


def describe_recency(rec, year: int | None) -> str:
    y = year if year is not None else _("periode")
    if rec.within == "period":
        if rec.grace_months:
            return _("bertanggal tahun %(year)s atau %(n)s bulan sebelumnya", year=y, n=rec.grace_months)
        return _("bertanggal tahun %(year)s", year=y)
    if rec.within == "months":
        return _("bertanggal dalam %(n)s bulan terakhir sampai akhir %(year)s", n=rec.months, year=y)
    return _("tanggal berapa pun sampai akhir %(year)s", year=y)


def judge_date(doc_date: date | None, rec, ctx: RuleContext) -> DocumentFinding:
    """Is the document recent enough under ``rec`` for the evaluation year?"""
    label = _("Tanggal dokumen")
    if ctx.year is None:
        return DocumentFinding("tanggal", label, True, _("periode tidak diketahui: tanggal tidak diperiksa"))
    if doc_date is None:
        if rec.within == "any":
            return DocumentFinding("tanggal", label, True, _("tanggal tidak diperlukan"))
        return DocumentFinding("tanggal", label, None if ctx.undated == "accept" else False,
                               _("tanggal dokumen tidak terbaca"))
    said = _("bertanggal %(day)s", day=tanggal(doc_date))
    year = ctx.year
    if doc_date > date(year, 12, 31):
        return DocumentFinding("tanggal", label, False, _("%(dated)s, setelah akhir periode %(year)s", dated=said,
                                                          year=year))
    if ctx.today is not None and doc_date > ctx.today:
        return DocumentFinding("tanggal", label, False, _("%(dated)s, setelah hari ini (%(today)s)", dated=said,
                                                          today=tanggal(ctx.today)))
    start = ctx.start(rec)
    if start is not None and doc_date < start:
        if rec.within == "months":
            why = _("lebih dari %(n)s bulan sebelum akhir periode %(year)s", n=rec.months, year=year)
        elif rec.grace_months:
            why = _("di luar periode %(year)s; paling awal %(day)s", year=year, day=tanggal(start))
        else:
            why = _("di luar periode %(year)s", year=year)
        return DocumentFinding("tanggal", label, False, f"{said} ({why})")
    return DocumentFinding("tanggal", label, True, said)


# -- content checks --------------------------------------------------------------------------------

def judge_check(check, doc: SupportingDocument, ctx: RuleContext) -> DocumentFinding:
    """One content check on one document, from the facts stored at ingest."""
    unknown = None if ctx.unchecked == "accept" else False
    facts = doc.content_facts()
    if not facts:
        return DocumentFinding(check.code, check.label, unknown,
                               _("isi belum diperiksa (dokumen diproses sebelum ada pemeriksaan isi) — buka "
                                 "dokumennya lalu pilih «Proses ulang»"))
    if not facts.get("text"):
        return DocumentFinding(check.code, check.label, unknown,
                               _("isi tidak dapat diperiksa: teks dokumen tidak terbaca (hasil pindai tanpa OCR?)"))
    if check.kind == "covers_period":
        if ctx.year is None:
            return DocumentFinding(check.code, check.label, None, _("periode tidak diketahui"))
        ok = covers_period(facts, doc.doc_date, ctx.year, check.years_before)
        wanted = str(ctx.year) if not check.years_before else f"{ctx.year - check.years_before}–{ctx.year}"
        return DocumentFinding(check.code, check.label, ok,
                               _("menyebut tahun %(years)s", years=wanted) if ok else check.message)
    stored = (facts.get("checks") or {}).get(check.code)
    if stored is None or stored.get("h") != check.fingerprint:
        return DocumentFinding(check.code, check.label, unknown,
                               _("pemeriksaan «%(check)s» belum dijalankan dengan aturan katalog saat ini — buka "
                                 "dokumennya lalu pilih «Proses ulang»", check=check.label))
    if stored.get("ok"):
        return DocumentFinding(check.code, check.label, True, stored.get("detail") or _("terpenuhi"))
    if check.kind == "ditetapkan" and stored.get("phrase") and doc.doc_date is not None:
        # the words were read at ingest, the date not: it was set later by a person
        return DocumentFinding(check.code, check.label, True, _("ditetapkan, tanggal %(day)s",
                                                                       day=tanggal(doc.doc_date)))
    return DocumentFinding(check.code, check.label, False, check.message)


# -- documents and items ---------------------------------------------------------------------------

def judge_document(catalog, doc: SupportingDocument, item, ctx: RuleContext) -> tuple[bool, list[DocumentFinding]]:
    """Does ``doc`` count for ``item``? Each matching type is tried (the document's order); first pass wins."""
    matching = [t for t in doc.doc_types if t in item.types]
    unreadable = (doc.content_facts() or {}).get("unreadable") if matching else None
    first: list[DocumentFinding] | None = None
    if unreadable:
        why = (_("berkas terkunci kata sandi, sehingga tidak dapat diperiksa — unggah ulang berkas yang benar")
               if unreadable == "encrypted" else
               _("berkas rusak atau gagal dibaca, sehingga tidak dapat diperiksa — unggah ulang berkas yang benar"))
        first = [DocumentFinding("berkas", _("Berkas dapat dibuka"), False, why)]
        matching_rules: list[str] = []
    else:
        matching_rules = matching
    for doc_type in matching_rules:
        findings = [judge_date(doc.doc_date, catalog.recency_for(doc_type, item), ctx)]
        for code in catalog.checks_for(doc_type, item):
            findings.append(judge_check(catalog.content_checks[code], doc, ctx))
        if all(f.ok is not False for f in findings):
            return True, findings
        if first is None:
            first = findings
    if matching and doc.verified_by:
        return True, (first or []) + [DocumentFinding("reviewer", _("Diverifikasi reviewer"), True,
                                                      _("dihitung karena diverifikasi oleh %(who)s",
                                                        who=doc.verified_by))]
    return False, first or []


def is_suggestion(doc: SupportingDocument, ctx: RuleContext) -> bool:
    """An automatic mapping below the confirmation threshold is only a suggestion ("perlu konfirmasi"):
    shown with its reason, never evidence. A question given at upload, a person's assignment or
    confirmation (``manual``) and a document a reviewer tagged ``ok`` are sure — except that a document
    another unit issued waits for a person's word even when chosen at upload."""
    if doc.source == "manual" or doc.verified_by:
        return False
    return bool(doc.issued_by_other) or (doc.source == "auto" and not doc.given_at_upload
                                         and doc.confidence < ctx.min_confidence)


def by_rank(docs: list[SupportingDocument]) -> list[SupportingDocument]:
    """Most confident first, then by path."""
    return sorted(docs, key=lambda d: (-d.confidence, d.path))


def split_suggestions(docs: list[SupportingDocument], ctx: RuleContext
                      ) -> tuple[list[SupportingDocument], list[SupportingDocument]]:
    """(sure documents, suggestions), in the given order; each document's ``certainty`` set in words."""
    for d in docs:
        d.certainty = confidence_words(d, ctx)
        note = issuer_note(d.issued_by_other) if d.issued_by_other else ""
        if note and is_suggestion(d, ctx) and not d.reason.startswith((ISSUER_PREFIX, note)):
            d.reason = f"{note}; {d.reason}"
    return [d for d in docs if not is_suggestion(d, ctx)], [d for d in docs if is_suggestion(d, ctx)]


def suggestions_note(suggestions: list[SupportingDocument]) -> str:
    """What a question's "why" adds when suggestions wait for confirmation ("" when none)."""
    if not suggestions:
        return ""
    return "; " + _("%(n)s dokumen disarankan dan perlu konfirmasi — belum dihitung sebagai bukti sampai reviewer "
                    "atau unit mengonfirmasinya", n=len(suggestions))


def confidence_words(doc: SupportingDocument, ctx: RuleContext) -> str:
    """How sure a mapping is, in words for a ZI team (never a number against a threshold)."""
    if doc.source == "manual":
        return N_("ditetapkan orang")
    if doc.verified_by:
        return N_("diverifikasi reviewer")
    if doc.issued_by_other:  # another unit's document: a person says whether it is this unit's evidence
        return N_("perlu konfirmasi")
    if doc.given_at_upload:
        return N_("dipilih saat unggah")
    return N_("perlu konfirmasi") if doc.confidence < ctx.min_confidence else N_("yakin")


def _item_label(catalog, item) -> str:
    if item.description:
        return item.description
    return " / ".join(catalog.document_types[t].label for t in item.types)


def evaluate_item(catalog, item, docs: list[SupportingDocument], ctx: RuleContext) -> ItemResult:
    result = ItemResult(label=_item_label(catalog, item), required=item.required, need=item.min, counted=[],
                        rejected=[])
    for doc in docs:
        if not set(doc.doc_types) & set(item.types):
            continue
        ok, findings = judge_document(catalog, doc, item, ctx)
        _remember(doc, findings)
        if ok:
            result.counted.append(doc)
            doc.counted = True
        else:
            result.rejected.append((doc, findings))
            if doc.counted is None:
                doc.counted = False
    return result


def _remember(doc: SupportingDocument, findings: list[DocumentFinding]) -> None:
    seen = {(f.rule, f.ok, f.detail) for f in doc.findings}
    for f in findings:
        if (f.rule, f.ok, f.detail) not in seen:
            doc.findings.append(f)
            seen.add((f.rule, f.ok, f.detail))


def missing_text(item: ItemResult) -> str:
    """What is missing for an unmet item, in plain Indonesian, naming the documents that did not count."""
    text = item.label
    if item.need > 1:
        text += " " + _("(perlu %(need)s, ada %(found)s)", need=item.need, found=len(item.counted))
    reasons = []
    for doc, findings in item.rejected[:3]:
        failed = [f.detail for f in findings if f.ok is False]
        reasons.append(_("ada '%(name)s', tetapi %(failed)s", name=doc.name, failed="; ".join(failed)))
    if len(item.rejected) > 3:
        reasons.append(_("dan %(n)s dokumen lain yang tidak memenuhi aturan", n=len(item.rejected) - 3))
    return text + (": " + "; ".join(reasons) if reasons else "")


def rule_names(catalog, item, doc: SupportingDocument, findings: list[DocumentFinding], year: int | None) -> list[str]:
    """The rules that kept ``doc`` out of ``item`` (for the "why" of a question)."""
    names = []
    doc_type = next((t for t in doc.doc_types if t in item.types), None)
    for f in findings:
        if f.ok is not False:
            continue
        if f.rule == "tanggal" and doc_type:
            label = catalog.document_types[doc_type].label if doc_type in catalog.document_types else doc_type
            names.append(_("aturan tanggal %(type)s (%(rule)s)", type=label,
                           rule=describe_recency(catalog.recency_for(doc_type, item), year)))
        elif f.rule == "berkas":
            names.append(_("berkas harus dapat dibuka"))
        elif f.rule != "tanggal":
            names.append(_("pemeriksaan isi «%(check)s»", check=f.label))
    return names
