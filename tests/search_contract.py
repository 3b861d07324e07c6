"""Reusable contract for :class:`indexing.search.SearchIndex` backends.

A backend's test module subclasses :class:`SearchContract` (named ``Test…``)
and provides a ``search_index`` fixture returning an EMPTY index, e.g.::

    class TestFts5(SearchContract):
        @pytest.fixture
        def search_index(self, tmp_path):
            ix = open_search_index("fts5", path=tmp_path / "s.db")
            yield ix
            ix.close()
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from indexing.search import (
    FACET_FIELDS,
    IndexDocument,
    InvalidQueryError,
    SearchIndex,
    SearchQuery,
    SearchResult,
)


def make_doc(doc_id: int, text: str = "", **kw) -> IndexDocument:
    defaults = dict(
        unit="A",
        period=2024,
        title=f"Dokumen {doc_id}",
        file_name=f"dok{doc_id}.pdf",
        path=f"A/2024/dok{doc_id}.pdf",
    )
    defaults.update(kw)
    return IndexDocument(doc_id=doc_id, text=text, **defaults)


def corpus() -> list[IndexDocument]:
    """A small, fully controlled corpus for filter/facet assertions."""
    return [
        make_doc(1, "Laporan pengaduan masyarakat melalui SP4N-LAPOR.", unit="A", period=2024,
                 doc_type="laporan", areas=["A.I.1"], question_codes=["1.a", "1.b"],
                 tags=["pengaduan"], doc_date=date(2024, 3, 1)),
        make_doc(2, "Tim kerja zona integritas menyusun rencana aksi.", unit="A", period=2024,
                 doc_type="sk", areas=["A.I.1", "A.I.2"], question_codes=["1.b"],
                 tags=["tim"], doc_date=date(2024, 1, 10)),
        make_doc(3, "Survei kepuasan masyarakat terhadap pelayanan publik.", unit="A", period=2023,
                 doc_type="laporan", areas=["A.II.1"], question_codes=["2.a"],
                 tags=["survei"], doc_date=date(2023, 6, 5)),
        make_doc(4, "Masyarakat mengadukan pelayanan yang lambat.", unit="B", period=2024,
                 doc_type="laporan", areas=["A.I.1"], question_codes=["1.a"],
                 tags=["pengaduan"], doc_date=date(2024, 2, 20)),
        make_doc(5, "Monitoring dan evaluasi pengendalian gratifikasi.", unit="B", period=2023,
                 doc_type="notulen", areas=["A.III.1"], question_codes=["3.a"],
                 tags=["gratifikasi"], doc_date=date(2023, 11, 30)),
        make_doc(6, "Kerja sama tim pelayanan untuk aduan masyarakat.", unit="C", period=2024,
                 doc_type=None, areas=[], question_codes=[], tags=[], doc_date=None),
    ]


def ids(result: SearchResult) -> list[int]:
    return [h.doc_id for h in result.hits]


def idset(result: SearchResult) -> set[int]:
    return set(ids(result))


def facet(result: SearchResult, key: str) -> dict[str, int]:
    return dict(result.facets[key])


HOSTILE = [
    "AND", "OR", "NOT", '"', '""', '"""', "*", "NEAR(", "NEAR(a b, 2)", "-", "--", "(", ")",
    "a AND", "OR pelayanan", "pelayanan OR", "title_stems:pelayanan", "^pelayanan", "pel*",
    "'; DROP TABLE docs; --", "{title_stems body_stems}:x", "🙂", "pelayanan 🙂 publik",
    "ÄÖÜ ñ ç é", "漢字", "\x00", "a\"b", "-\"", "\"tim", "kerja\"", "+pelayanan", ":", "&|!",
    " " * 5, "pelayanan -", "pelayanan - OR", "OR OR OR", "x" * 500,
]


class SearchContract:
    """Behaviour every search backend must show. Subclasses provide ``search_index``."""

    @pytest.fixture
    def search_index(self) -> SearchIndex:  # pragma: no cover - overridden
        raise NotImplementedError

    @pytest.fixture
    def loaded(self, search_index: SearchIndex) -> SearchIndex:
        search_index.index(corpus())
        return search_index

    # ------------------------------------------------------------------ basics

    def test_is_a_search_index(self, search_index):
        assert isinstance(search_index, SearchIndex)
        assert search_index.count() == 0
        assert search_index.needs_rebuild() is False

    def test_index_and_count(self, search_index):
        assert search_index.index(corpus()) == 6
        assert search_index.count() == 6
        assert search_index.index(iter([])) == 0

    def test_index_accepts_generator(self, search_index):
        n = search_index.index(make_doc(i, "pelayanan publik") for i in range(1, 1201))
        assert n == 1200
        assert search_index.count() == 1200
        assert search_index.search(SearchQuery("pelayanan")).total == 1200

    def test_upsert_replaces(self, loaded):
        loaded.index([make_doc(1, "Dokumen tentang gratifikasi saja.", unit="C", tags=["baru"])])
        assert loaded.count() == 6
        assert 1 not in idset(loaded.search(SearchQuery("pengaduan")))
        r = loaded.search(SearchQuery("gratifikasi"))
        assert idset(r) == {1, 5}
        hit = next(h for h in r.hits if h.doc_id == 1)
        assert hit.unit == "C"
        assert hit.question_codes == []
        assert facet(loaded.search(SearchQuery(tags=["baru"])), "tag") == {"baru": 1}
        assert loaded.search(SearchQuery(tags=["pengaduan"])).total == 1

    def test_delete(self, loaded):
        assert loaded.delete([1, 4, 999]) == 2
        assert loaded.count() == 4
        assert loaded.search(SearchQuery("pengaduan")).total == 1  # only 6 (aduan)
        assert "1.a" not in facet(loaded.search(SearchQuery()), "question")
        assert loaded.delete([]) == 0

    def test_indexed_ids(self, search_index):
        assert search_index.indexed_ids() == set()
        search_index.index(make_doc(i, "pelayanan publik") for i in range(1, 5002))  # more than one page
        search_index.delete([7])
        assert search_index.indexed_ids() == set(range(1, 5002)) - {7}

    def test_hit_fields(self, loaded):
        r = loaded.search(SearchQuery("gratifikasi"))
        (hit,) = r.hits
        assert hit.doc_id == 5
        assert hit.title == "Dokumen 5"
        assert hit.file_name == "dok5.pdf"
        assert hit.path == "A/2024/dok5.pdf"
        assert hit.unit == "B"
        assert hit.period == 2023
        assert hit.doc_type == "notulen"
        assert hit.question_codes == ["3.a"]
        assert hit.year == 2023  # defaults to doc_date.year
        assert hit.doc_date == date(2023, 11, 30)
        assert hit.ocr is False
        assert hit.score > 0

    def test_explicit_year_and_ocr(self, search_index):
        search_index.index([make_doc(1, "pelayanan", year=2020, doc_date=date(2024, 1, 1),
                                     ocr=True, uploaded_at=datetime(2024, 5, 1, 8, 30))])
        (hit,) = search_index.search(SearchQuery("pelayanan")).hits
        assert hit.year == 2020
        assert hit.ocr is True

    # ------------------------------------------------------------------ language

    def test_stemming_finds_affixed_forms(self, search_index):
        search_index.index([
            make_doc(1, "Masyarakat mengadukan pungutan liar."),
            make_doc(2, "Kotak aduan tersedia di lobi."),
            make_doc(3, "Rencana kerja tahunan."),
            make_doc(4, "Tidak relevan sama sekali."),
        ])
        assert idset(search_index.search(SearchQuery("pengaduan"))) == {1, 2}
        assert idset(search_index.search(SearchQuery("perencanaan"))) == {3}
        assert idset(search_index.search(SearchQuery("PENGADUAN"))) == {1, 2}

    def test_reduplication(self, search_index):
        search_index.index([make_doc(1, "Kegiatan-kegiatan pembangunan zona integritas.")])
        assert idset(search_index.search(SearchQuery("kegiatan"))) == {1}
        assert idset(search_index.search(SearchQuery("membangun"))) == {1}

    def test_phrase_query(self, loaded):
        r = loaded.search(SearchQuery('"tim kerja"'))
        assert idset(r) == {2}
        # Without quotes both words anywhere: 2 and 6 ("Kerja sama tim").
        assert idset(loaded.search(SearchQuery("tim kerja"))) == {2, 6}

    def test_all_words_must_match(self, loaded):
        assert idset(loaded.search(SearchQuery("pelayanan masyarakat"))) == {3, 4, 6}
        assert idset(loaded.search(SearchQuery("pelayanan gratifikasi"))) == set()

    def test_or_and_exclusion(self, loaded):
        assert idset(loaded.search(SearchQuery("gratifikasi OR survei"))) == {3, 5}
        assert idset(loaded.search(SearchQuery("pelayanan -lambat"))) == {3, 6}
        assert idset(loaded.search(SearchQuery('masyarakat -"kerja sama"'))) == {1, 3, 4}

    def test_only_exclusions_is_invalid(self, loaded):
        with pytest.raises(InvalidQueryError):
            loaded.search(SearchQuery("-pelayanan"))

    def test_title_is_searchable(self, search_index):
        search_index.index([make_doc(1, "isi tanpa kata kunci", title="SK Tim Zona Integritas")])
        assert idset(search_index.search(SearchQuery("integritas"))) == {1}

    def test_ranking_sanity(self, search_index):
        search_index.index([
            make_doc(1, "Dokumen umum yang menyebut gratifikasi sekali di antara banyak kata lain "
                        "tentang pelayanan publik, survei kepuasan dan monitoring evaluasi."),
            make_doc(2, "Gratifikasi wajib dilaporkan. Pengendalian gratifikasi dan laporan "
                        "gratifikasi disusun tim.", title="Pengendalian Gratifikasi"),
            make_doc(3, "Tidak relevan."),
        ])
        r = search_index.search(SearchQuery("gratifikasi"))
        assert ids(r) == [2, 1]
        assert r.hits[0].score > r.hits[1].score

    # ------------------------------------------------------------------ file names and folders

    @pytest.fixture
    def named(self, search_index: SearchIndex) -> SearchIndex:
        """Documents whose file names and folders say what their title and text do not."""
        search_index.index([
            make_doc(1, "Keputusan kepala dinas tentang pembentukan kelompok pelaksana.", title="Keputusan Kepala",
                     file_name="SK Tim Kerja ZI.pdf", path="AREA I/Penyusunan/SK Tim Kerja ZI.pdf"),
            make_doc(2, "Daftar nama pelaksana kegiatan.", title="Lampiran", file_name="1.i.a SK TIM ZI.pdf",
                     path="AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZI.pdf"),
            make_doc(3, "Susunan pelaksana.", title="Susunan", file_name="SKTimPembangunanZI_2025.pdf",
                     path="Manajemen Perubahan/SKTimPembangunanZI_2025.pdf"),
            make_doc(4, "Notulen rapat koordinasi tentang pengaduan.", title="Notulen Rapat",
                     file_name="notulen_rapat-koordinasi_WBK.docx",
                     path="AREA V/5.iii.b Pengaduan/notulen_rapat-koordinasi_WBK.docx"),
            make_doc(5, "Rekapitulasi tahunan responden.", title="Rekapitulasi", file_name="HasilSurveiKepuasan.xlsx",
                     path="AREA VI/HasilSurveiKepuasan.xlsx"),
            make_doc(6, "Surat keputusan pembentukan kelompok.", title="Surat Keputusan",
                     file_name="A.I.1.i.a Surat Keputusan.pdf",
                     path="1. Manajemen Perubahan/a. Kelompok/A.I.1.i.a Surat Keputusan.pdf"),
            make_doc(7, "Tidak ada kaitannya.", title="Lain", file_name="lain.pdf", path="AREA VI/lain.pdf"),
        ])
        return search_index

    @pytest.mark.parametrize(("text", "expected"), [
        ("sk tim", {1, 2, 3}),
        ("SK Tim", {1, 2, 3}),
        ('"sk tim"', {1, 2, 3}),
        ("sk tim -zi", set()),
        ("tim kerja", {1, 2}),  # 2 through its folder
        ("1.i.a", {2, 6}),  # the code alone, and inside A.I.1.i.a
        ("A.I.1.i.a", {6}),
        ("5.iii.b", {4}),
        ("wbk", {4}),
        ("survei kepuasan", {5}),  # split at case changes
        ("kepuasan", {5}),
        ("puas", {5}),  # stemmed like the text
        ("xlsx", {5}),
        ("perubahan", {3, 6}),
    ])
    def test_file_name_and_folders_are_searched(self, named, text, expected):
        assert idset(named.search(SearchQuery(text))) == expected

    def test_path_words_combine_with_text_words(self, named):
        assert idset(named.search(SearchQuery("sk pelaksana"))) == {1, 2, 3}
        assert idset(named.search(SearchQuery("sk tim kegiatan"))) == {2}
        assert idset(named.search(SearchQuery("sk tim", units=["B"]))) == set()

    def test_path_follows_upserts_and_deletes(self, named):
        named.index([make_doc(1, "Keputusan kepala dinas.", title="Keputusan Kepala", file_name="keputusan.pdf",
                              path="AREA I/keputusan.pdf")])
        named.delete([3])
        assert idset(named.search(SearchQuery("sk tim"))) == {2}
        assert idset(named.search(SearchQuery("keputusan"))) == {1, 6}

    def test_a_hit_by_its_path_shows_the_marked_path(self, named):
        hits = {h.doc_id: h for h in named.search(SearchQuery("sk tim")).hits}
        assert hits[1].path_highlighted == "AREA I/Penyusunan/<mark>SK</mark> <mark>Tim</mark> Kerja ZI.pdf"
        assert hits[2].path_highlighted == (
            "AREA I/i. Penyusunan <mark>Tim</mark> Kerja/1.i.a <mark>SK</mark> <mark>TIM</mark> ZI.pdf")
        assert hits[3].path_highlighted == "Manajemen Perubahan/<mark>SK</mark><mark>Tim</mark>PembangunanZI_2025.pdf"
        assert hits[1].file_name == "SK Tim Kerja ZI.pdf" and hits[1].title == "Keputusan Kepala"
        (code,) = named.search(SearchQuery("5.iii.b")).hits
        assert code.path_highlighted.startswith("AREA V/<mark>5</mark>.<mark>iii</mark>.<mark>b</mark> Pengaduan/")

    def test_marked_path_is_html_escaped(self, search_index):
        search_index.index([make_doc(1, "isi", path='A & B/<x> "SK" Tim.pdf', file_name='<x> "SK" Tim.pdf')])
        (hit,) = search_index.search(SearchQuery("sk tim")).hits
        assert hit.path_highlighted == "A &amp; B/&lt;x&gt; &quot;<mark>SK</mark>&quot; <mark>Tim</mark>.pdf"

    def test_file_name_alone_is_searched_when_the_path_lacks_it(self, search_index):
        search_index.index([make_doc(1, "isi", file_name="SK Tim.pdf", path="")])
        assert idset(search_index.search(SearchQuery("sk tim"))) == {1}

    def test_title_ranks_above_path_above_body(self, search_index):
        search_index.index([
            make_doc(1, "Catatan pendek.", title="SK Tim Kerja", path="dokumen/a.pdf", file_name="a.pdf"),
            make_doc(2, "Catatan pendek.", title="Lampiran", path="dokumen/SK Tim Kerja.pdf",
                     file_name="SK Tim Kerja.pdf"),
            make_doc(3, "Catatan rapat yang panjang tentang banyak hal, antara lain sk tim kerja yang disebut "
                        "sekali saja di tengah uraian kegiatan, anggaran, jadwal, peserta dan hasil rapat.",
                     title="Catatan", path="dokumen/c.pdf", file_name="c.pdf"),
            make_doc(4, "Tidak relevan.", title="Lain", path="dokumen/d.pdf", file_name="d.pdf"),
        ])
        r = search_index.search(SearchQuery("sk tim"))
        assert ids(r) == [1, 2, 3]  # title, then the path only, then the body only; 4 not at all
        assert r.hits[0].score > r.hits[1].score > r.hits[2].score > 0

    # ------------------------------------------------------------------ filters

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            (SearchQuery(units=["A"]), {1, 2, 3}),
            (SearchQuery(units=["A", "C"]), {1, 2, 3, 6}),
            (SearchQuery(periods=[2023]), {3, 5}),
            (SearchQuery(areas=["A.I.1"]), {1, 2, 4}),
            (SearchQuery(areas=["A.I.2", "A.III.1"]), {2, 5}),
            (SearchQuery(questions=["1.b"]), {1, 2}),
            (SearchQuery(doc_types=["laporan"]), {1, 3, 4}),
            (SearchQuery(tags=["pengaduan", "tim"]), {1, 2, 4}),
            (SearchQuery(years=[2023]), {3, 5}),
            (SearchQuery(units=["A"], periods=[2024], doc_types=["laporan", "sk"]), {1, 2}),
            (SearchQuery("pelayanan", units=["A", "B"], periods=[2024]), {4}),
            (SearchQuery(areas=["A.I.1"], questions=["1.a"], tags=["pengaduan"]), {1, 4}),
            (SearchQuery(areas=["A.I.1"], units=["B"]), {4}),
            (SearchQuery(units=["Z"]), set()),
            (SearchQuery(units=[]), set()),
            (SearchQuery(areas=[], tags=[]), {1, 2, 3, 4, 5, 6}),
        ],
    )
    def test_filters(self, loaded, query, expected):
        r = loaded.search(query)
        assert idset(r) == expected
        assert r.total == len(expected)

    def test_facets_over_whole_match_set(self, loaded):
        r = loaded.search(SearchQuery(per_page=1))
        assert len(r.hits) == 1 and r.total == 6
        assert set(r.facets) == set(FACET_FIELDS)
        assert r.facets["unit"] == [("A", 3), ("B", 2), ("C", 1)]
        assert r.facets["period"] == [("2024", 4), ("2023", 2)]
        assert r.facets["area"] == [("A.I.1", 3), ("A.I.2", 1), ("A.II.1", 1), ("A.III.1", 1)]
        assert facet(r, "question") == {"1.a": 2, "1.b": 2, "2.a": 1, "3.a": 1}
        assert r.facets["doc_type"] == [("laporan", 3), ("notulen", 1), ("sk", 1)]
        assert facet(r, "tag") == {"pengaduan": 2, "tim": 1, "survei": 1, "gratifikasi": 1}
        assert r.facets["year"] == [("2024", 3), ("2023", 2)]

    def test_facets_restricted_by_query_and_filters(self, loaded):
        r = loaded.search(SearchQuery("pelayanan", periods=[2024]))
        assert idset(r) == {4, 6}
        assert facet(r, "unit") == {"B": 1, "C": 1}
        assert facet(r, "period") == {"2024": 2}
        assert facet(r, "area") == {"A.I.1": 1}
        assert facet(r, "doc_type") == {"laporan": 1}

    def test_unit_isolation(self, loaded):
        for text in ["", "pengaduan", "pelayanan OR gratifikasi", "masyarakat"]:
            r = loaded.search(SearchQuery(text, units=["A"], per_page=100))
            assert all(h.unit == "A" for h in r.hits)
            assert set(facet(r, "unit")) <= {"A"}
            assert r.total == sum(n for _, n in r.facets["unit"])
        r = loaded.search(SearchQuery("mengadukan", units=["A"]))
        assert 4 not in idset(r)  # unit B's document
        assert "A.I.1" in facet(r, "area") and facet(r, "area")["A.I.1"] == 1
        assert loaded.search(SearchQuery("gratifikasi", units=["A"])).total == 0
        empty = loaded.search(SearchQuery("", units=[]))
        assert empty.total == 0 and all(v == [] for v in empty.facets.values())

    # ------------------------------------------------------------------ paging & sorting

    def test_pagination(self, search_index):
        search_index.index(make_doc(i, "laporan monitoring " * (i % 7 + 1)) for i in range(1, 46))
        p1 = search_index.search(SearchQuery("monitoring", page=1, per_page=20))
        p2 = search_index.search(SearchQuery("monitoring", page=2, per_page=20))
        p3 = search_index.search(SearchQuery("monitoring", page=3, per_page=20))
        assert p1.total == p2.total == p3.total == 45
        assert (len(p1.hits), len(p2.hits), len(p3.hits)) == (20, 20, 5)
        assert not set(ids(p1)) & set(ids(p2))
        assert set(ids(p1)) | set(ids(p2)) | set(ids(p3)) == set(range(1, 46))
        assert (p2.page, p2.per_page) == (2, 20)
        assert search_index.search(SearchQuery("monitoring", page=9)).hits == []
        scores = [h.score for h in p1.hits + p2.hits + p3.hits]
        assert scores == sorted(scores, reverse=True)

    def test_sort_by_date(self, loaded):
        r = loaded.search(SearchQuery(sort="date"))
        assert ids(r) == [1, 4, 2, 5, 3, 6]  # newest first, undated last
        r = loaded.search(SearchQuery("pelayanan", sort="date"))
        assert ids(r) == [4, 3, 6]

    # ------------------------------------------------------------------ highlighting

    def test_highlight_marks_original_word(self, loaded):
        (hit,) = loaded.search(SearchQuery("pengaduan", units=["B"])).hits
        assert "<mark>mengadukan</mark>" in hit.snippet
        r = loaded.search(SearchQuery('"tim kerja"'))
        assert "<mark>Tim</mark> <mark>kerja</mark>" in r.hits[0].snippet

    def test_highlight_title(self, search_index):
        search_index.index([make_doc(1, "isi", title="Laporan Pengaduan <2024>")])
        (hit,) = search_index.search(SearchQuery("aduan")).hits
        assert hit.title_highlighted == "Laporan <mark>Pengaduan</mark> &lt;2024&gt;"

    def test_snippet_is_html_escaped(self, search_index):
        search_index.index([make_doc(1, 'Awal <script>alert("x")</script> & pengaduan <b>tebal</b>')])
        (hit,) = search_index.search(SearchQuery("pengaduan")).hits
        assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
        assert "<b>" not in hit.snippet
        assert re.sub(r"</?mark>", "", hit.snippet).count("<") == 0
        assert "<mark>pengaduan</mark>" in hit.snippet
        (browse,) = search_index.search(SearchQuery()).hits
        assert "&lt;script&gt;" in browse.snippet and "<script>" not in browse.snippet

    def test_snippet_window_around_best_match(self, search_index):
        filler = "kata pengisi yang tidak penting " * 200
        search_index.index([make_doc(1, filler + "Hasil survei kepuasan masyarakat baik. " + filler)])
        (hit,) = search_index.search(SearchQuery("survei kepuasan")).hits
        assert "<mark>survei</mark> <mark>kepuasan</mark>" in hit.snippet
        plain = re.sub(r"</?mark>", "", hit.snippet)
        assert 50 <= len(plain) <= 320

    # ------------------------------------------------------------------ robustness

    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_queries_never_raise(self, loaded, text):
        r = loaded.search(SearchQuery(text))
        assert r.total >= 0
        r = loaded.search(SearchQuery(text, units=["A"], periods=[2024]))
        assert all(h.unit == "A" for h in r.hits)

    def test_hostile_document_text(self, search_index):
        search_index.index([make_doc(1, 'NEAR( "AND" OR * ^ -- \x00 🙂 pelayanan', title='"*')])
        assert idset(search_index.search(SearchQuery("pelayanan"))) == {1}

    def test_empty_query_with_filters_browses(self, loaded):
        r = loaded.search(SearchQuery("", doc_types=["laporan"]))
        assert idset(r) == {1, 3, 4}

    # ------------------------------------------------------------------ rebuild

    def test_rebuild_equals_incremental(self, search_index):
        docs = corpus()
        search_index.index(docs[:3])
        search_index.index([make_doc(99, "akan dihapus pelayanan")])
        search_index.index(docs[3:])
        search_index.index([docs[0]])  # upsert again
        search_index.delete([99])
        queries = [SearchQuery(t, per_page=50) for t in
                   ["", "pelayanan", "pengaduan", '"tim kerja"', "masyarakat -lambat"]]
        queries.append(SearchQuery("masyarakat", units=["A", "B"], areas=["A.I.1"]))
        before = [search_index.search(q) for q in queries]
        assert search_index.rebuild(iter(docs)) == 6
        assert search_index.count() == 6
        assert search_index.needs_rebuild() is False
        after = [search_index.search(q) for q in queries]
        for b, a in zip(before, after):
            assert a.total == b.total
            assert ids(a) == ids(b)
            assert a.facets == b.facets
            assert [h.snippet for h in a.hits] == [h.snippet for h in b.hits]
            assert [round(h.score, 6) for h in a.hits] == pytest.approx([round(h.score, 6) for h in b.hits])

    def test_rebuild_replaces_everything(self, loaded):
        assert loaded.rebuild([make_doc(42, "gratifikasi")]) == 1
        assert loaded.count() == 1
        assert idset(loaded.search(SearchQuery())) == {42}
        assert loaded.rebuild([]) == 0
        assert loaded.count() == 0
