"""The Elasticsearch index's settings and mappings (a versioned JSON file under ``mappings/``) and each document
as it is indexed (``_source``)."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

from config.errors import ConfigurationError
from indexing.search.base import IndexDocument
from indexing.search.stemmer import ANALYZER_VERSION, stem_text

#: v2: ``path_stems``, the folders and file name, searched below the title. An index of an older mapping is
#: rebuilt by ``dukung reindex`` (``--if-needed``): a new index behind the alias, like every rebuild.
MAPPING_FILE = Path(__file__).with_name("mappings") / "documents-v2.json"
SCHEMA_VERSION = int(re.search(r"-v(\d+)\.json$", MAPPING_FILE.name).group(1))


def load_mapping() -> dict:
    """Index settings + mappings from the JSON file, with the versions in ``_meta``."""
    body = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    meta = body["mappings"].setdefault("_meta", {})
    if int(meta.get("schema_version", SCHEMA_VERSION)) != SCHEMA_VERSION:
        raise ConfigurationError(f"{MAPPING_FILE.name}: _meta.schema_version differs from the file name")
    meta.update(
        schema_version=SCHEMA_VERSION, analyzer_version=ANALYZER_VERSION, mapping_file=MAPPING_FILE.name
    )
    return body


def _iso(v: date | datetime | None) -> str | None:
    return v.isoformat() if v is not None else None


def _source(doc: IndexDocument) -> dict:
    year = doc.year if doc.year is not None else (doc.doc_date.year if doc.doc_date else None)
    title, text = doc.title or "", doc.text or ""
    return {
        "doc_id": int(doc.doc_id),
        "unit": doc.unit,
        "period": int(doc.period),
        "year": year,
        "doc_type": doc.doc_type,
        "areas": sorted(set(doc.areas or [])),
        "question_codes": sorted(set(doc.question_codes or [])),
        "tags": sorted(set(doc.tags or [])),
        "doc_date": _iso(doc.doc_date),
        "uploaded_at": _iso(doc.uploaded_at),
        "ocr": bool(doc.ocr),
        "file_name": doc.file_name or "",
        "path": doc.path or "",
        "path_stems": doc.path_stems(),
        "title": title,
        "title_stems": stem_text(title),
        "text": text,
        "text_stems": doc.body_stems(),
    }
