"""Training examples from files: the labelled dev set, and the catalog's own texts.

The catalog examples teach the model the wording of each question and document type as the
regulation writes it (question text, explanation, keywords; a type's label and keywords), so a
question with no real document in the dev set is still reachable. They are short and synthetic,
so they weigh less than a real document (:data:`CATALOG_WEIGHT`).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from indexing.classify.features import PageTerms
from indexing.classify.model import area_of
from indexing.classify.training import TrainingExample

CATALOG_WEIGHT = 0.5
#: a document type asked for by more questions than this is a form (undangan, notulen…), not a topic
GENERIC_TYPE_SHARE = 8
#: the dev set's area names → area keys of :func:`indexing.classify.model.area_of`
DEVSET_AREAS = {"manajemen_perubahan": "1", "penataan_tatalaksana": "2", "penataan_sdm": "3",
                "akuntabilitas_kinerja": "4", "penguatan_pengawasan": "5", "pelayanan_publik": "6", "hasil": "B",
                "none": "none"}


#: the dev set's names of document types that the catalog holds under another name (same kind of document,
#: same questions asked for): the model learns one class per kind, and reports the catalog's type
DEVSET_TYPES = {"anjab_abk": "analisis_beban_kerja", "ppid": "kebijakan_kip", "spip": "laporan_spip",
                "inovasi": "laporan_inovasi", "kompensasi_pelayanan": "kompensasi", "lakip": "laporan_kinerja",
                "pengaduan": "laporan_pengaduan", "agen_perubahan": "sk_agen_perubahan",
                "pengembangan_kompetensi": "rencana_pengembangan_kompetensi", "penilaian_kinerja_pegawai": "skp",
                "survei_persepsi_korupsi": "survei_ipak", "spbe": "aplikasi"}


def read_devset(folder: str | Path) -> list[dict]:
    """The dev set's labels (``labels.jsonl``) with each document's text under ``text``."""
    folder = Path(folder)
    rows = []
    with open(folder / "labels.jsonl", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                row["text"] = (folder / "texts" / f"{row['id']}.txt").read_text(encoding="utf-8")
                rows.append(row)
    return rows


def devset_example(row: dict) -> TrainingExample:
    not_evidence = row["doc_type"] == "not_evidence"
    return TrainingExample(
        text=row["text"], questions=tuple(row.get("expected_questions") or ()),
        doc_type=None if not_evidence else DEVSET_TYPES.get(row["doc_type"], row["doc_type"]), not_evidence=not_evidence,
        area=DEVSET_AREAS.get(row.get("zi_area", ""), None), source=f"devset:{row['id']}")


def devset_examples(folder: str | Path) -> list[TrainingExample]:
    return [devset_example(row) for row in read_devset(folder)]


#: a public page's file in the public-pages folder: pages that are not evidence, and documents of a type
PUBLIC_PAGES_FILE = "pages.jsonl"
PUBLIC_EVIDENCE_FILE = "evidence.jsonl"


def public_page_examples(folder: str | Path) -> list[TrainingExample]:
    """The public pages (kept as the terms the model reads, :class:`PageTerms`), never held out as uploads:
    those that are not evidence (``pages.jsonl``: news, blogs, adverts…) and institutions' own documents of
    a type (``evidence.jsonl``: a regulation, an SOP, a report… with the dev set's name of its type), whose
    questions are those of the uploads of their type (:func:`indexing.classify.training.with_type_questions`)."""
    out = []
    for name in (PUBLIC_PAGES_FILE, PUBLIC_EVIDENCE_FILE):
        path = Path(folder) / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    row = json.loads(line)
                    dtype = row.get("doc_type")
                    out.append(TrainingExample(text="", not_evidence=dtype is None, public=True,
                                               doc_type=DEVSET_TYPES.get(dtype, dtype) if dtype else None,
                                               source=f"public:{row['url']}", terms=PageTerms.from_json(row["terms"])))
    return out


def catalog_examples(catalog) -> list[TrainingExample]:
    """One example per question (its wording) and per topical document type (its label and keywords)."""
    examples = []
    asked_by: dict[str, list[str]] = {}
    for q in catalog.questions():
        for t in dict.fromkeys(t for item in q.evidence.items for t in item.types):
            asked_by.setdefault(t, []).append(q.code)
    generic = {code for code, dtype in catalog.document_types.items()
               if dtype.generic or len(asked_by.get(code, ())) > GENERIC_TYPE_SHARE}
    for q in catalog.questions():
        specific = [t for item in q.evidence.items for t in item.types if t not in generic]
        descriptions = [item.description for item in q.evidence.items if item.description]
        parts = [q.text, q.explanation or "", " ".join(q.keywords), getattr(q, "indicator_name", "") or "",
                 " ".join(descriptions)]
        # the question's wording joins the class of the first topical type it asks for
        # (its wording is also read as a title: a document's title names what the question asks for)
        text = "\n".join(p for p in parts if p)
        examples.append(TrainingExample(text=text, questions=(q.code,), doc_type=specific[0] if specific else None,
                                        weight=CATALOG_WEIGHT, document=False, title=q.text,
                                        source=f"catalog:question:{q.code}"))
    for code, dtype in sorted(catalog.document_types.items()):
        codes = asked_by.get(code, [])
        if code in generic or not codes:
            continue
        areas = Counter(area_of(c) for c in codes)
        main_area = areas.most_common(1)[0][0]
        codes = [c for c in codes if area_of(c) == main_area]
        text = dtype.label + "\n" + " ".join(dtype.keywords)
        examples.append(TrainingExample(text=text, questions=tuple(codes), doc_type=code, weight=CATALOG_WEIGHT,
                                        document=False, title=text, source=f"catalog:type:{code}"))
    return examples


#: a one-word keyword names its questions in a title only when the catalog gives it to this many questions
#: at most (``gratifikasi``, ``renstra``, ``lhkpn``; not ``pedoman`` or ``laporan``)
SPECIFIC_WORD_QUESTIONS = 3


def subject_phrases(catalog) -> dict[str, list[str]]:
    """Per question, the phrases whose presence in a document's subject (after TENTANG, or its heading)
    says the document is about what the question asks for: the question's keywords and those of the
    topical document types it asks for, normalised — phrases of two words or more, and single words
    that are keywords of few questions (:data:`SPECIFIC_WORD_QUESTIONS`)."""
    from indexing.classify.text import normalize_phrase

    asked_by: dict[str, int] = Counter(t for q in catalog.questions()
                                       for t in dict.fromkeys(t for item in q.evidence.items for t in item.types))
    out = {}
    keyword_use: dict[str, int] = Counter(w for q in catalog.questions()
                                          for w in {normalize_phrase(p).strip() for p in q.keywords})
    for q in catalog.questions():
        phrases = list(q.keywords)
        for t in dict.fromkeys(t for item in q.evidence.items for t in item.types):
            dtype = catalog.document_types.get(t)
            if dtype is not None and not dtype.generic and asked_by[t] <= GENERIC_TYPE_SHARE:
                phrases.extend(dtype.keywords)
        normalised = {normalize_phrase(p).strip() for p in phrases if len(p.split()) >= 2}
        normalised |= {w for w in (normalize_phrase(p).strip() for p in phrases)
                       if len(w) >= 3 and " " not in w and keyword_use[w] <= SPECIFIC_WORD_QUESTIONS}
        normalised = sorted(normalised)
        if normalised:
            out[q.code] = normalised
    return out
