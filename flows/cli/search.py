"""`dukung search` (full text with facets) and `dukung documents` (what each upload became).

The commands are registered on the root app in :mod:`flows.cli.app`."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from config.i18n import _
from flows.cli.common import ListFormat, _require_data, _runtime
from flows.cli.render import console, print_json, render_search


def search(
    query: Annotated[str, typer.Argument(help=_('Kata kunci; "frasa dalam tanda kutip", OR, -kata'))] = "",
    unit: Annotated[Optional[list[str]], typer.Option("--unit", "-u", help=_("Unit (boleh berulang)"))] = None,
    period: Annotated[Optional[list[int]], typer.Option("--period", "-p", help=_("Periode"))] = None,
    area: Annotated[Optional[list[str]], typer.Option("--area", help=_("Kode area, mis. A.I.1"))] = None,
    question: Annotated[Optional[list[str]], typer.Option("--question", "-q", help=_("Kode pertanyaan"))] = None,
    doc_type: Annotated[Optional[list[str]], typer.Option("--type", "-t", help=_("Jenis dokumen"))] = None,
    tag: Annotated[Optional[list[str]], typer.Option("--tag", help=_("Tag reviewer"))] = None,
    year: Annotated[Optional[list[int]], typer.Option("--year", "-y", help=_("Tahun dokumen"))] = None,
    page: Annotated[int, typer.Option("--page", min=1)] = 1,
    per_page: Annotated[int, typer.Option("--per-page", min=1, max=200)] = 10,
    sort: Annotated[str, typer.Option("--sort", help=_("relevance atau date"))] = "relevance",
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table,
) -> None:
    """Full-text search (Indonesian, with stemming) across all evidence."""
    from dataclasses import asdict

    from indexing.search import SearchQuery, open_search_index

    settings = _require_data()
    index = open_search_index(settings.search.backend, path=settings.search_path, settings=settings.search)
    try:
        result = index.search(SearchQuery(text=query, units=unit, periods=period, areas=area, questions=question,
                                          doc_types=doc_type, tags=tag, years=year, page=page, per_page=per_page,
                                          sort=sort))
    finally:
        index.close()
    if fmt is ListFormat.json:
        print_json({"total": result.total, "page": result.page, "per_page": result.per_page,
                    "hits": [asdict(h) for h in result.hits],
                    "facets": {k: [[v, n] for v, n in vals] for k, vals in result.facets.items()}})
    else:
        render_search(result, query)


def documents(
    unit: Annotated[Optional[str], typer.Option("--unit", "-u", help=_("Kode unit"))] = None,
    period: Annotated[Optional[int], typer.Option("--period", "-p", help=_("Tahun periode"))] = None,
    status: Annotated[Optional[str], typer.Option("--status", "-s", help=_("Status ekstraksi: ok, empty, failed, unsupported, needs_ocr, encrypted"))] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help=_("Tampilkan juga versi lama"))] = False,
    not_evidence: Annotated[bool, typer.Option("--not-evidence", help=_("Hanya dokumen 'bukan data dukung'"))] = False,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f", help=_("table atau json"))] = ListFormat.table,
) -> None:
    """List documents with their extraction status, question code, document type, confidence and reason."""
    from rich.table import Table

    from storage.records import repository as repo

    with _runtime() as rt, rt.records.session() as session:
        docs = repo.list_documents(session, unit_codes=[unit] if unit else None, year=period,
                                   current_only=not all_versions, extraction_status=[status] if status else None)
        if not_evidence:
            docs = [d for d in docs if d.evidence_status == repo.NOT_EVIDENCE]
        rows = [{
            "id": d.id, "unit": d.unit.code, "period": d.period.year, "path": d.relative_path,
            "version": d.version, "current": d.is_current, "size": d.size, "media_type": d.media_type,
            "sha256": d.sha256, "uploaded_at": d.uploaded_at, "uploaded_by": d.uploaded_by,
            "extraction": {
                "status": d.extraction.status if d.extraction else "pending",
                "reason": d.extraction.reason if d.extraction else None,
                "pages": d.extraction.page_count if d.extraction else None,
                "text_length": d.extraction.text_length if d.extraction else 0,
                "extractor": d.extraction.extractor if d.extraction else None,
                "ocr": ({"state": d.extraction.ocr_state, "pages": d.extraction.ocr_pages,
                         "confidence": d.extraction.ocr_confidence}
                        if d.extraction and d.extraction.ocr_state else None),
            },
            "doc_type": d.doc_type, "doc_types": d.doc_types, "doc_date": d.doc_date, "doc_number": d.doc_number,
            "title": d.title, "evidence_status": d.evidence_status, "evidence_reason": d.evidence_reason,
            "questions": [{"code": c.question_code, "confidence": c.confidence, "reason": c.reason, "source": c.source}
                          for c in d.classifications if c.question_code],
        } for d in docs]
    if fmt is ListFormat.json:
        print_json(rows)
        return
    t = Table(title=_("Dokumen (%(n_rows)s)", n_rows=len(rows)))
    for col in ("#", _("Unit"), _("Path"), _("Status"), _("Jenis"), _("Pertanyaan (keyakinan)"), _("Alasan")):
        t.add_column(col, overflow="fold")
    for r in rows:
        qs = ", ".join(f"{q['code']} ({q['confidence']:.2f})" for q in r["questions"][:4]) or "-"
        reason = r["questions"][0]["reason"] if r["questions"] else (r["extraction"]["reason"] or "")
        if r["evidence_status"]:
            reason = f"bukan data dukung: {r['evidence_reason'] or ''}"
        st = r["extraction"]["status"]
        ocr = r["extraction"]["ocr"]
        if ocr and ocr["state"] == "done":
            st += f" (OCR hlm {len(ocr['pages'] or [])}, {ocr['confidence'] or 0:.0f}%)"
        elif ocr:
            st += f" (OCR {ocr['state']})"
        t.add_row(str(r["id"]), r["unit"], r["path"], st if st.startswith("ok") else f"[yellow]{st}[/]",
                  r["doc_type"] or "-", qs, reason[:120])
    console.print(t)
