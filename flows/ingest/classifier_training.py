"""Train the evidence classifier: the dev set, the catalog's own texts, and the reviewers' decisions.

``dukung classifier train`` (and ``make train``) call :func:`train_classifier`. The examples come from

* the labelled dev set (``benchmarks/devset`` in the source tree, or ``--devset``);
* public pages (``benchmarks/public_pages``, kept as the terms the model reads, not as text): pages that are
  not evidence (news, blogs, adverts…), which teach the evidence gate what a unit's document is not, and
  institutions' own public documents of a known type (regulations, SOPs, reports…), which teach every
  model what documents of their type read like;
* the catalog: each question's wording and each topical document type (:mod:`indexing.classify.training_data`);
* the records database: :func:`recorded_examples` — documents a person assigned to a question by hand
  or whose suggested mapping they confirmed (a confirmed suggestion is stored as a manual mapping),
  documents a reviewer tagged ``tidak_relevan`` for every question (not evidence), and documents with a
  rejected suggestion or a ``tidak_relevan`` tag for one question that no person mapped or confirmed
  (taught, at half weight, as not evidence: to the kind model and to the evidence gate that decides
  "bukan data dukung").

Training is deterministic: the same examples give the same model file, byte for byte.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from indexing.classify.loading import forget_models
from indexing.classify.model import PACKAGED_MODEL
from indexing.classify.model_file import load_model, save_model
from indexing.classify.training import TrainingExample, train
from indexing.classify.training_data import catalog_examples, devset_examples, public_page_examples, subject_phrases

log = logging.getLogger(__name__)

#: the dev set as it sits in a source checkout (not shipped in the wheel: its texts are kept for development)
SOURCE_DEVSET = Path(__file__).resolve().parents[2] / "benchmarks" / "devset"
#: public pages, as the terms the model reads (``tools/public_pages.py``; source tree only)
SOURCE_PUBLIC_PAGES = Path(__file__).resolve().parents[2] / "benchmarks" / "public_pages"


@dataclass
class TrainingReport:
    path: Path
    examples: int
    devset: int
    catalog: int
    recorded: int
    seconds: float
    unchanged: bool = False
    public: int = 0  # public pages that are not evidence
    public_documents: int = 0  # public documents of a type


#: the say of a document taught as "not evidence" only because people rejected its suggestions
REJECTED_WEIGHT = 0.5


def recorded_examples(rt) -> list[TrainingExample]:
    """People's decisions as training examples.

    * each document assigned to questions by hand, or with a suggestion confirmed: evidence for them;
    * each document a reviewer tagged ``tidak_relevan`` for every question (an open tag) that no person
      mapped by hand: not evidence, as a labelled document (a person said it supports no question);
    * each document with a rejected suggestion, or an open ``tidak_relevan`` tag for one question, that
      no person mapped or confirmed: not evidence (weight :data:`REJECTED_WEIGHT` — such a decision says
      "not for this question", and is taken as "for none" only when nobody claimed the document for
      another one).

    Reads the document's extracted text from the object store; a document without text teaches nothing.
    """
    from sqlalchemy import select

    from flows.ingest.indexer import read_text
    from flows.ingest.review_examples import review_decisions_as_examples
    from storage.records.models import Classification, Document, Tag

    decided: dict[int, list] = {}
    for decision in review_decisions_as_examples(rt):
        decided.setdefault(decision.document_id, []).append(decision)
    claimed: dict[int, list[str]] = {}
    examples = []
    with rt.records.session() as session:
        rows = session.execute(
            select(Document, Classification.question_code)
            .join(Classification, Classification.document_id == Document.id)
            .where(Classification.source == "manual", Classification.question_code.is_not(None))
            .order_by(Document.id, Classification.question_code)).all()
        docs = {doc.id: doc for doc, _ in rows}
        for doc, code in rows:
            claimed.setdefault(doc.id, []).append(code)
        for doc_id, codes in claimed.items():
            doc = docs[doc_id]
            text = read_text(rt, doc)
            if text.strip():
                examples.append(TrainingExample(text=text, questions=tuple(dict.fromkeys(codes)),
                                                doc_type=doc.doc_type if doc.doc_type != "bukan_data_dukung" else None,
                                                title=doc.title, source=f"records:{doc.sha256}"))
        tagged = session.execute(
            select(Document, Tag.question_code).join(Tag, Tag.document_id == Document.id)
            .where(Tag.label == "tidak_relevan", Tag.resolved.is_(False), Document.id.not_in(list(claimed)))
            .order_by(Document.id, Tag.id)).all()
        irrelevant = {doc.id: doc for doc, code in tagged if code is None}
        for doc in irrelevant.values():
            text = read_text(rt, doc)
            if text.strip():
                examples.append(TrainingExample(text=text, not_evidence=True, title=doc.title,
                                                source=f"irrelevant:{doc.id}"))
        # a tidak_relevan tag for one question says what a rejected suggestion says
        one_question = {doc.id: doc for doc, code in tagged if code is not None and doc.id not in irrelevant}
        declined = {doc_id: (decided[doc_id][0].text if doc_id in decided else read_text(rt, doc), doc.title)
                    for doc_id, doc in one_question.items() if not any(d.accepted for d in decided.get(doc_id, ()))}
    for doc_id, decisions in decided.items():
        if not (doc_id in claimed or doc_id in irrelevant or doc_id in declined or any(d.accepted for d in decisions)):
            declined[doc_id] = (decisions[0].text, decisions[0].title)
    for doc_id, (text, title) in sorted(declined.items()):
        if text.strip():
            examples.append(TrainingExample(text=text, not_evidence=True, weight=REJECTED_WEIGHT, title=title,
                                            source=f"rejected:{doc_id}"))
    return examples


def train_classifier(catalog, *, output: Path | None = None, devset: Path | None = SOURCE_DEVSET,
                     extra: Iterable[TrainingExample] = (), force: bool = False,
                     public_pages: Path | None = SOURCE_PUBLIC_PAGES) -> TrainingReport:
    """Train from the dev set and the public pages (if present), the catalog and ``extra``; write the model file.

    Nothing is written when a model trained from the same examples is already at ``output``.
    """
    started = time.perf_counter()
    output = Path(output) if output else PACKAGED_MODEL
    dev = devset_examples(devset) if devset and (Path(devset) / "labels.jsonl").exists() else []
    public = public_page_examples(public_pages) if public_pages else []
    counts = {"public": sum(e.not_evidence for e in public),
              "public_documents": sum(not e.not_evidence for e in public)}
    cat = catalog_examples(catalog)
    recorded = list(extra)
    examples = dev + public + cat + recorded
    from indexing.classify.training import _sorted, training_hash

    phrases = subject_phrases(catalog)
    digest = training_hash(_sorted(examples), phrases)
    if not force:
        try:
            existing = load_model(output)
        except Exception:  # noqa: BLE001 - an unreadable or old model file is simply replaced
            existing = None
        if existing is not None and existing.training_hash == digest:
            return TrainingReport(output, len(examples), len(dev), len(cat), len(recorded),
                                  round(time.perf_counter() - started, 1), unchanged=True, **counts)
    model = train(examples, subject_phrases=phrases)
    save_model(model, output)
    forget_models()
    log.info("classifier trained from %d examples → %s", len(examples), output)
    return TrainingReport(output, len(examples), len(dev), len(cat), len(recorded),
                          round(time.perf_counter() - started, 1), **counts)
