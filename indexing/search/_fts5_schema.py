"""The FTS5 index's tables, triggers and upsert statements (the layout is described in :mod:`._fts5`)."""

from __future__ import annotations

import sqlite3

from indexing.search.base import BODY_WEIGHT, PATH_WEIGHT, TITLE_WEIGHT

#: 2: the folders and file name are searched (``path_stems``). An index of an older version is rebuilt by
#: ``dukung reindex`` (``--if-needed`` at start-up); until then it refuses reads and writes.
SCHEMA_VERSION = 2
#: bm25 weights of the FTS5 columns, in their order: title_stems, body_stems, path_stems.
BM25_WEIGHTS = f"{TITLE_WEIGHT}, {BODY_WEIGHT}, {PATH_WEIGHT}"
_SIDE_TABLES = (("doc_questions", "question_code"), ("doc_areas", "area"), ("doc_tags", "tag"))

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs(
    doc_id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    period INTEGER NOT NULL,
    year INTEGER,
    doc_type TEXT,
    doc_date TEXT,
    uploaded_at TEXT,
    ocr INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    path TEXT NOT NULL
);
CREATE INDEX docs_unit ON docs(unit);
CREATE INDEX docs_period ON docs(period);
CREATE INDEX docs_year ON docs(year);
CREATE INDEX docs_doc_type ON docs(doc_type);
CREATE INDEX docs_date ON docs(doc_date, uploaded_at);
CREATE TABLE doc_text(
    doc_id INTEGER PRIMARY KEY,
    title_stems TEXT NOT NULL,
    body_stems TEXT NOT NULL,
    body TEXT NOT NULL,
    path_stems TEXT NOT NULL
);
CREATE TABLE doc_questions(doc_id INTEGER NOT NULL, question_code TEXT NOT NULL,
    PRIMARY KEY(doc_id, question_code)) WITHOUT ROWID;
CREATE INDEX doc_questions_code ON doc_questions(question_code, doc_id);
CREATE TABLE doc_areas(doc_id INTEGER NOT NULL, area TEXT NOT NULL,
    PRIMARY KEY(doc_id, area)) WITHOUT ROWID;
CREATE INDEX doc_areas_area ON doc_areas(area, doc_id);
CREATE TABLE doc_tags(doc_id INTEGER NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY(doc_id, tag)) WITHOUT ROWID;
CREATE INDEX doc_tags_tag ON doc_tags(tag, doc_id);
CREATE VIRTUAL TABLE docs_fts USING fts5(
    title_stems, body_stems, path_stems,
    content='doc_text', content_rowid='doc_id',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO docs_fts(docs_fts, rank) VALUES('rank', 'bm25({weights})');
CREATE TRIGGER doc_text_ai AFTER INSERT ON doc_text BEGIN
    INSERT INTO docs_fts(rowid, title_stems, body_stems, path_stems)
    VALUES (new.doc_id, new.title_stems, new.body_stems, new.path_stems);
END;
CREATE TRIGGER doc_text_ad AFTER DELETE ON doc_text BEGIN
    INSERT INTO docs_fts(docs_fts, rowid, title_stems, body_stems, path_stems)
    VALUES ('delete', old.doc_id, old.title_stems, old.body_stems, old.path_stems);
END;
CREATE TRIGGER doc_text_au AFTER UPDATE ON doc_text BEGIN
    INSERT INTO docs_fts(docs_fts, rowid, title_stems, body_stems, path_stems)
    VALUES ('delete', old.doc_id, old.title_stems, old.body_stems, old.path_stems);
    INSERT INTO docs_fts(rowid, title_stems, body_stems, path_stems)
    VALUES (new.doc_id, new.title_stems, new.body_stems, new.path_stems);
END;
"""



def _split_sql(script: str) -> list[str]:
    """Split a script into statements (not executescript: it would COMMIT mid-rebuild)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    return out


_STATEMENTS = _split_sql(_SCHEMA.replace("{weights}", BM25_WEIGHTS))

_UPSERT_DOC = """
INSERT INTO docs(doc_id, unit, period, year, doc_type, doc_date, uploaded_at, ocr,
                 title, file_name, path)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(doc_id) DO UPDATE SET
    unit=excluded.unit, period=excluded.period, year=excluded.year,
    doc_type=excluded.doc_type, doc_date=excluded.doc_date,
    uploaded_at=excluded.uploaded_at, ocr=excluded.ocr, title=excluded.title,
    file_name=excluded.file_name, path=excluded.path
"""
_UPSERT_TEXT = """
INSERT INTO doc_text(doc_id, title_stems, body_stems, body, path_stems) VALUES (?, ?, ?, ?, ?)
ON CONFLICT(doc_id) DO UPDATE SET
    title_stems=excluded.title_stems, body_stems=excluded.body_stems, body=excluded.body,
    path_stems=excluded.path_stems
"""
