"""Elasticsearch backend: the search contract plus ES-specific behaviour (real server).

Run with ``DUKUNG_TEST_SERVICES=elasticsearch python -m tests.services run -- tests/test_search_elasticsearch.py``.
"""

from __future__ import annotations

import json
import threading
import time
import uuid

import pytest
from tests.search_contract import SearchContract, corpus, idset, ids, make_doc

from config.settings import SearchSettings
from indexing.search import SearchQuery, open_search_index
from indexing.search import _elasticsearch_schema as es_schema
from indexing.search._elasticsearch import ElasticsearchSearchIndex
from indexing.search._elasticsearch_schema import MAPPING_FILE, SCHEMA_VERSION
from tests.services.require import service_env

STEM_WORDS = [
    "pengaduan", "mengadukan", "aduan", "perencanaan", "rencana", "pembangunan", "membangun", "bangun",
    "kepegawaian", "pegawai", "pelayanan", "melayani", "layan", "kebijakan", "bijak", "pemantauan",
    "pantau", "penetapan", "tetap", "sosialisasi", "gratifikasi",
]


@pytest.fixture(scope="module")
def es_url() -> str:
    return service_env("DUKUNG_TEST_ELASTICSEARCH_URL")["DUKUNG_TEST_ELASTICSEARCH_URL"]


@pytest.fixture
def open_index(es_url):
    """Open indexes with a unique prefix; delete every index of that prefix afterwards."""
    prefix = f"dukung-test-{uuid.uuid4().hex[:8]}"
    opened: list[ElasticsearchSearchIndex] = []

    def _open() -> ElasticsearchSearchIndex:
        ix = open_search_index("elasticsearch", settings=SearchSettings(backend="elasticsearch", url=es_url,
                                                                        index_prefix=prefix))
        opened.append(ix)
        return ix

    yield _open
    if opened:
        opened[0].drop()
    for ix in opened:
        ix.close()


class TestElasticsearch(SearchContract):
    @pytest.fixture
    def search_index(self, open_index):
        return open_index()

    @pytest.mark.xfail(
        strict=True,
        reason="BM25 statistics (docFreq/docCount) still count upserted/deleted documents: ES 8 keeps them "
        "as soft deletes under the shard's peer-recovery retention lease (renewed every 30 s, not settable "
        "per index), so even a forcemerge cannot drop them right away and incremental scores differ from "
        "a fresh rebuild (up to ~20 % for a rare term in this 6-document corpus). Ids, totals, facets and snippets are equal (next test).",
    )
    def test_rebuild_equals_incremental(self, search_index):
        super().test_rebuild_equals_incremental(search_index)

    def test_rebuild_equals_incremental_except_scores(self, search_index):
        docs = corpus()
        search_index.index(docs[:3])
        search_index.index([make_doc(99, "akan dihapus pelayanan")])
        search_index.index(docs[3:])
        search_index.index([docs[0]])
        search_index.delete([99])
        queries = [SearchQuery(t, per_page=50) for t in
                   ["", "pelayanan", "pengaduan", '"tim kerja"', "masyarakat -lambat"]]
        queries.append(SearchQuery("masyarakat", units=["A", "B"], areas=["A.I.1"]))
        before = [search_index.search(q) for q in queries]
        assert search_index.rebuild(iter(docs)) == 6
        after = [search_index.search(q) for q in queries]
        for b, a in zip(before, after):
            assert (a.total, ids(a), a.facets) == (b.total, ids(b), b.facets)
            assert [h.snippet for h in a.hits] == [h.snippet for h in b.hits]
            assert all(h.score > 0 for h in a.hits if b.hits and b.hits[0].score > 0)


# --------------------------------------------------------------------------- ES specific


def test_mapping_file_is_valid_and_used(open_index):
    body = json.loads(MAPPING_FILE.read_text(encoding="utf-8"))
    assert MAPPING_FILE.name == f"documents-v{SCHEMA_VERSION}.json"
    assert body["settings"]["index"]["number_of_replicas"] == 0
    ix = open_index()
    (name,) = ix.client.indices.get_alias(name=ix.alias).keys()
    assert name.startswith(f"{ix.alias}-v{SCHEMA_VERSION}-")
    mapping = ix.client.indices.get_mapping(index=name)[name]["mappings"]
    assert mapping["_meta"]["schema_version"] == SCHEMA_VERSION
    assert mapping["_meta"]["mapping_file"] == MAPPING_FILE.name
    for field in ("unit", "doc_type", "areas", "question_codes", "tags"):
        assert mapping["properties"][field]["type"] == "keyword"
    assert mapping["properties"]["text_stems"]["analyzer"] == "whitespace"
    assert mapping["properties"]["path_stems"]["analyzer"] == "whitespace"  # folders and file name, pre-stemmed
    settings = ix.client.indices.get_settings(index=name)[name]["settings"]["index"]
    assert settings["number_of_replicas"] == "0"
    assert "dukung_raw" in settings["analysis"]["analyzer"]


def test_needs_rebuild_before_and_after(open_index):
    ix = open_index()
    assert ix.needs_rebuild() is False
    ix.index(corpus())
    # An index built by schema 1, before the folders and file name were searched: point the alias at it.
    old = f"{ix.alias}-v1-legacy"
    mapping = es_schema.load_mapping()
    mapping["mappings"]["_meta"]["schema_version"] = 1
    del mapping["mappings"]["properties"]["path_stems"]
    mapping["mappings"]["_source"]["excludes"].remove("path_stems")
    ix.client.indices.create(index=old, settings=mapping["settings"], mappings=mapping["mappings"])
    (current,) = ix.client.indices.get_alias(name=ix.alias).keys()
    ix.client.indices.update_aliases(actions=[{"remove": {"index": current, "alias": ix.alias}},
                                              {"add": {"index": old, "alias": ix.alias}}])
    ix.client.indices.delete(index=current)
    assert ix.needs_rebuild() is True
    from config.errors import ConfigurationError

    with pytest.raises(ConfigurationError):
        ix.search(SearchQuery("pengaduan"))
    assert ix.rebuild(corpus() + [make_doc(7, "isi", file_name="SK Tim.pdf", path="AREA I/SK Tim.pdf")]) == 7
    assert ix.needs_rebuild() is False
    assert idset(ix.search(SearchQuery("pengaduan"))) == {1, 4, 6}
    assert idset(ix.search(SearchQuery("sk tim"))) == {7}
    assert not ix.client.indices.exists(index=old)
    # Alias missing entirely.
    ix.client.indices.delete_alias(index="*", name=ix.alias)
    assert ix.needs_rebuild() is True


def test_rebuild_swaps_alias_while_searching(open_index):
    ix = open_index()
    docs = [make_doc(i, f"pelayanan publik dokumen nomor {i}") for i in range(1, 301)]
    ix.index(docs)
    (before,) = ix.client.indices.get_alias(name=ix.alias).keys()
    reader = open_index()  # a second client, like another web worker
    errors: list[BaseException] = []
    totals: list[int] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                r = reader.search(SearchQuery("pelayanan", per_page=5))
                totals.append(r.total)
                if r.total != 300 or len(r.hits) != 5:
                    errors.append(AssertionError(f"partial result: total={r.total} hits={len(r.hits)}"))
            except BaseException as exc:  # noqa: BLE001 - recorded and asserted below
                errors.append(exc)

    thread = threading.Thread(target=keep_searching)
    thread.start()
    try:
        time.sleep(0.3)
        for _ in range(2):
            assert ix.rebuild(iter(docs)) == 300
        time.sleep(0.3)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not errors, errors[:3]
    assert len(totals) > 10
    (after,) = ix.client.indices.get_alias(name=ix.alias).keys()
    assert after != before
    assert not ix.client.indices.exists(index=before)


def test_failed_rebuild_keeps_old_index(open_index):
    ix = open_index()
    ix.index(corpus())
    (before,) = ix.client.indices.get_alias(name=ix.alias).keys()

    def broken():
        yield make_doc(100, "gratifikasi")
        raise RuntimeError("source database went away")

    with pytest.raises(RuntimeError):
        ix.rebuild(broken())
    assert list(ix.client.indices.get_alias(name=ix.alias).keys()) == [before]
    indexes = ix.client.indices.get(index=f"{ix.alias}-v*")
    assert list(indexes) == [before]  # the half-built index was deleted
    assert ix.count() == 6
    assert idset(ix.search(SearchQuery("pengaduan"))) == {1, 4, 6}


def test_two_megabyte_document_highlights(open_index):
    ix = open_index()
    filler = "kata pengisi yang tidak penting sama sekali. "
    text = filler * (2_000_000 // len(filler)) + "Rencana pemantauan gratifikasi triwulan. " + filler * 200
    assert len(text) > 2_000_000
    ix.index([make_doc(1, text)])
    (hit,) = ix.search(SearchQuery("pantau")).hits
    assert "<mark>pemantauan</mark>" in hit.snippet
    (hit,) = ix.search(SearchQuery('"pemantauan gratifikasi"')).hits
    assert "<mark>pemantauan</mark> <mark>gratifikasi</mark>" in hit.snippet


def test_sastrawi_beats_builtin_indonesian_stemmer(open_index, capsys):
    """Compare ES's `indonesian` analyzer (via _analyze) with our Sastrawi stems; report per word."""
    from indexing.search.stemmer import stem

    ix = open_index()
    rows = []
    for word in STEM_WORDS:
        tokens = ix.client.indices.analyze(analyzer="indonesian", text=word)["tokens"]
        rows.append((word, tokens[0]["token"] if tokens else "", stem(word)))
    with capsys.disabled():
        print("\nword            ES indonesian   Sastrawi")
        for word, es_stem, ours in rows:
            print(f"{word:<15} {es_stem:<15} {ours}")
    es = dict((w, e) for w, e, _ in rows)
    ours = dict((w, s) for w, _, s in rows)
    assert es["perencanaan"] != es["rencana"]  # the known miss of Lucene's IndonesianStemmer
    assert ours["perencanaan"] == ours["rencana"] == "rencana"
    assert ours["kepegawaian"] == ours["pegawai"]
    # The whitespace analyzer of the stems field keeps our stems intact.
    name = next(iter(ix.client.indices.get_alias(name=ix.alias)))
    toks = ix.client.indices.analyze(index=name, analyzer="whitespace", text="rencana adu pegawai")["tokens"]
    assert [t["token"] for t in toks] == ["rencana", "adu", "pegawai"]
