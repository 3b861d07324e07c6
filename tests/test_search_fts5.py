"""SQLite FTS5 backend: the search contract plus FTS5-specific behaviour."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from search_contract import SearchContract, corpus, facet, idset, make_doc

from config.errors import ConfigurationError, InvalidInputError
from indexing.search import SearchQuery, open_search_index
from indexing.search import _fts5
from indexing.search._fts5 import Fts5SearchIndex, parse_query, to_match_expression


class TestFts5Contract(SearchContract):
    @pytest.fixture
    def search_index(self, tmp_path):
        ix = open_search_index("fts5", path=tmp_path / "search.db")
        yield ix
        ix.close()


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "search.db"


def test_unknown_backend_is_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError):
        open_search_index("lucene", path=tmp_path / "x.db")


def test_open_returns_fts5_and_uses_wal(db_path):
    ix = open_search_index("fts5", path=db_path)
    try:
        assert isinstance(ix, Fts5SearchIndex)
        mode = sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"
    finally:
        ix.close()


def test_reopen_keeps_data(db_path):
    ix = open_search_index("fts5", path=db_path)
    ix.index(corpus())
    ix.close()
    ix = open_search_index("fts5", path=db_path)
    try:
        assert ix.count() == 6
        assert ix.needs_rebuild() is False
        assert idset(ix.search(SearchQuery("pengaduan"))) == {1, 4, 6}
    finally:
        ix.close()


def test_schema_version_mismatch_needs_rebuild(db_path):
    ix = open_search_index("fts5", path=db_path)
    ix.index(corpus())
    ix.close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    ix = open_search_index("fts5", path=db_path)
    try:
        assert ix.needs_rebuild() is True
        with pytest.raises(ConfigurationError):
            ix.search(SearchQuery("pengaduan"))
        with pytest.raises(ConfigurationError):
            ix.index([make_doc(7, "x")])
        assert ix.rebuild(corpus()) == 6
        assert ix.needs_rebuild() is False
        assert idset(ix.search(SearchQuery("pengaduan"))) == {1, 4, 6}
    finally:
        ix.close()


#: The layout of schema 1 (before the folders and file name were searched), as earlier releases wrote it.
_SCHEMA_V1 = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1'), ('analyzer_version', '1');
CREATE TABLE docs(doc_id INTEGER PRIMARY KEY, unit TEXT NOT NULL, period INTEGER NOT NULL, year INTEGER,
    doc_type TEXT, doc_date TEXT, uploaded_at TEXT, ocr INTEGER NOT NULL DEFAULT 0, title TEXT NOT NULL,
    file_name TEXT NOT NULL, path TEXT NOT NULL);
CREATE TABLE doc_text(doc_id INTEGER PRIMARY KEY, title_stems TEXT NOT NULL, body_stems TEXT NOT NULL,
    body TEXT NOT NULL);
CREATE TABLE doc_questions(doc_id INTEGER NOT NULL, question_code TEXT NOT NULL, PRIMARY KEY(doc_id, question_code));
CREATE TABLE doc_areas(doc_id INTEGER NOT NULL, area TEXT NOT NULL, PRIMARY KEY(doc_id, area));
CREATE TABLE doc_tags(doc_id INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(doc_id, tag));
CREATE VIRTUAL TABLE docs_fts USING fts5(title_stems, body_stems, content='doc_text', content_rowid='doc_id',
    tokenize='unicode61 remove_diacritics 2');
INSERT INTO docs VALUES (1, 'A', 2025, NULL, NULL, NULL, NULL, 0, 'Keputusan', 'SK Tim.pdf', 'AREA I/SK Tim.pdf');
INSERT INTO doc_text VALUES (1, 'putus', 'putus kepala', 'Keputusan kepala');
INSERT INTO docs_fts(rowid, title_stems, body_stems) VALUES (1, 'putus', 'putus kepala');
"""


def test_an_index_of_schema_1_is_rebuilt_with_paths(db_path):
    """An index written before paths were searched: refused until rebuilt, then its paths are found."""
    con = sqlite3.connect(db_path)
    con.executescript(_SCHEMA_V1)
    con.close()
    ix = open_search_index("fts5", path=db_path)
    try:
        assert ix.needs_rebuild() is True
        with pytest.raises(ConfigurationError):
            ix.search(SearchQuery("sk tim"))
        with pytest.raises(ConfigurationError):
            ix.index([make_doc(2, "x")])
        assert ix.rebuild([make_doc(1, "Keputusan kepala", title="Keputusan", file_name="SK Tim.pdf",
                                    path="AREA I/SK Tim.pdf")]) == 1
        assert ix.needs_rebuild() is False
        assert idset(ix.search(SearchQuery("sk tim"))) == {1}
    finally:
        ix.close()


def test_analyzer_version_mismatch_needs_rebuild(db_path, monkeypatch):
    ix = open_search_index("fts5", path=db_path)
    ix.close()
    monkeypatch.setattr(_fts5, "ANALYZER_VERSION", _fts5.ANALYZER_VERSION + 1)
    ix = open_search_index("fts5", path=db_path)
    try:
        assert ix.needs_rebuild() is True
    finally:
        ix.close()


def test_foreign_database_needs_rebuild(db_path):
    con = sqlite3.connect(db_path)
    con.execute("CREATE TABLE docs(x)")
    con.commit()
    con.close()
    ix = open_search_index("fts5", path=db_path)
    try:
        assert ix.needs_rebuild() is True
        ix.rebuild([make_doc(1, "pelayanan")])
        assert ix.needs_rebuild() is False
        assert ix.count() == 1
    finally:
        ix.close()


def test_optimize_runs(db_path):
    ix = open_search_index("fts5", path=db_path)
    try:
        for i in range(5):  # several segments
            ix.index([make_doc(i * 10 + j, "pelayanan publik") for j in range(10)])
        ix.optimize()
        assert ix.search(SearchQuery("pelayanan")).total == 50
    finally:
        ix.close()


def test_fts_integrity_after_upserts_and_deletes(db_path):
    ix = open_search_index("fts5", path=db_path)
    try:
        ix.index(corpus())
        ix.index(corpus()[:3])
        ix.delete([2, 5])
        con = sqlite3.connect(db_path)
        con.execute("INSERT INTO docs_fts(docs_fts, rank) VALUES('integrity-check', 1)")
        con.close()
    finally:
        ix.close()


def test_rebuild_is_atomic_for_readers(db_path):
    ix = open_search_index("fts5", path=db_path)
    reader = open_search_index("fts5", path=db_path)
    try:
        ix.index(corpus())

        def docs():
            yield make_doc(100, "gratifikasi")
            # Mid-rebuild a reader still sees the old, complete index.
            assert reader.count() == 6
            assert reader.search(SearchQuery("pengaduan")).total == 3
            yield make_doc(101, "gratifikasi")

        assert ix.rebuild(docs()) == 2
        assert reader.count() == 2
    finally:
        reader.close()
        ix.close()


def test_failed_rebuild_keeps_old_index(db_path):
    ix = open_search_index("fts5", path=db_path)
    try:
        ix.index(corpus())

        def docs():
            yield make_doc(100, "gratifikasi")
            raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            ix.rebuild(docs())
        assert ix.count() == 6
        assert ix.needs_rebuild() is False
    finally:
        ix.close()


def test_invalid_paging_is_input_error(db_path):
    ix = open_search_index("fts5", path=db_path)
    try:
        with pytest.raises(InvalidInputError):
            ix.search(SearchQuery(page=0))
        with pytest.raises(InvalidInputError):
            ix.search(SearchQuery(per_page=0))
    finally:
        ix.close()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("pengaduan", '"adu"'),
        ("Pengaduan Masyarakat", '"adu" AND "masyarakat"'),
        ('"tim kerja"', '"tim kerja"'),
        ("survei OR gratifikasi", '("survei" OR "gratifikasi")'),
        ("pelayanan -lambat", '("layan") NOT ("lambat")'),
        ("sp4n-lapor", '"sp4n lapor"'),
        ('NEAR( * "', '"near"'),
        ('* " ( -', None),
        ("AND", None),
    ],
)
def test_match_expression_is_quoted(text, expected):
    assert to_match_expression(parse_query(text)) == expected


# ---------------------------------------------------------------------- analyzer (stemmer.py)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from indexing.search.stemmer import stem, stem_text, tokenize  # noqa: E402


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["pengaduan", "mengadukan", "aduan"], "adu"),
        (["perencanaan", "rencana"], "rencana"),
        (["pembangunan", "membangun"], "bangun"),
        (["kepegawaian"], "pegawai"),
        (["pelayanan", "layanan"], "layan"),
        (["kepuasan"], "puas"),
        (["Pengaduan", "PENGADUAN"], "adu"),
    ],
)
def test_stem_real_words(words, expected):
    assert {stem(w) for w in words} == {expected}


@pytest.mark.parametrize("word", ["sp4n", "2024", "a1b2", "covid19", "ke2"])
def test_tokens_with_digits_are_not_stemmed(word):
    assert stem(word) == word


def test_tokenize_offsets_and_lowercase():
    text = "Tim Kerja SP4N-LAPOR: pengaduan (2024)!"
    toks = tokenize(text)
    assert [t for t, _, _ in toks] == ["tim", "kerja", "sp4n", "lapor", "pengaduan", "2024"]
    for tok, a, b in toks:
        assert text[a:b].lower() == tok


def test_reduplication_is_one_token():
    toks = tokenize("kegiatan-kegiatan berkali-kali anti-korupsi")
    assert [t for t, _, _ in toks] == ["kegiatan-kegiatan", "berkali-kali", "anti", "korupsi"]
    assert stem_text("kegiatan-kegiatan berkali-kali anti-korupsi") == "giat kali anti korupsi"
    assert stem("kegiatan-kegiatan") == stem("kegiatan") == "giat"


def test_stem_text_is_token_aligned():
    text = "Pembangunan Zona Integritas — kegiatan-kegiatan SP4N-LAPOR, survei ke-2 (2024)."
    assert len(stem_text(text).split()) == len(tokenize(text))
    assert stem_text("") == "" and tokenize("") == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("aAeiknrsgtbm-_ 4\n.İÉé–")) | st.characters(), max_size=80))
def test_stem_text_equals_the_analyzer_stems(text):
    """The fast path (findall + a cache per raw token) gives exactly the stems of iter_analyzed."""
    from indexing.search.stemmer import iter_analyzed

    assert stem_text(text) == " ".join(s for _tok, s, _a, _b in iter_analyzed(text))


def test_iter_spans_matches_tokenize():
    from indexing.search.stemmer import iter_spans

    text = "Kegiatan-kegiatan SP4N-LAPOR, anti--korupsi berkali-kali a-b-c " * 5 + "akhir"
    toks = tokenize(text)
    spans = list(iter_spans(text, 0, 10**9))
    assert [(a, b) for _i, a, b in spans] == [(a, b) for _t, a, b in toks]
    assert [i for i, _a, _b in iter_spans(text, 7, 12)] == list(range(7, 12))


def _all_facets(ix, queries):
    return [(r.total, r.facets) for r in (ix.search(q) for q in queries)]


_FACET_QUERIES = [SearchQuery(""), SearchQuery("pelayanan"), SearchQuery("masyarakat", units=["A", "B"]),
                  SearchQuery("", areas=["A.I.1"]), SearchQuery("tim OR survei", periods=[2024])]


def test_facet_bitsets_equal_sql_facets(db_path, monkeypatch):
    ix = open_search_index("fts5", path=db_path)
    try:
        ix.index(corpus())
        fast = _all_facets(ix, _FACET_QUERIES)
        assert ix._facet_bits is not None
        monkeypatch.setattr(Fts5SearchIndex, "_facet_bitsets", lambda self: None)
        assert _all_facets(ix, _FACET_QUERIES) == fast
    finally:
        ix.close()


def test_facet_bitsets_follow_writes_of_this_and_other_connections(db_path):
    ix = open_search_index("fts5", path=db_path)
    other = open_search_index("fts5", path=db_path)
    try:
        ix.index(corpus())
        assert facet(ix.search(SearchQuery("pelayanan")), "unit") == {"A": 1, "B": 1, "C": 1}
        other.index([make_doc(7, "pelayanan prima", unit="B", tags=["baru"])])  # other connection
        r = ix.search(SearchQuery("pelayanan"))
        assert facet(r, "unit") == {"A": 1, "B": 2, "C": 1} and facet(r, "tag")["baru"] == 1
        ix.delete([4])  # this connection
        assert facet(ix.search(SearchQuery("pelayanan")), "unit") == {"A": 1, "B": 1, "C": 1}
        other.rebuild([make_doc(1, "pelayanan", unit="Z")])
        assert ix.search(SearchQuery("pelayanan")).facets["unit"] == [("Z", 1)]
    finally:
        other.close()
        ix.close()


def test_sparse_or_negative_doc_ids_use_sql_facets(db_path):
    ix = open_search_index("fts5", path=db_path)
    try:
        ix.index([make_doc(1, "pelayanan", unit="A"), make_doc(10**12, "pelayanan", unit="B"),
                  make_doc(-5, "pelayanan", unit="B", tags=["t"])])
        r = ix.search(SearchQuery("pelayanan"))
        assert ix._facet_bits is None
        assert r.total == 3 and r.facets["unit"] == [("B", 2), ("A", 1)] and r.facets["tag"] == [("t", 1)]
        assert ix.search(SearchQuery("")).facets["unit"] == [("B", 2), ("A", 1)]
    finally:
        ix.close()
