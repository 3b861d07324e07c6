"""Upgrading an installation in use keeps its rows: a migration that rebuilds a table on SQLite (Alembic's
batch copy: CREATE new, copy, DROP old) meets the foreign keys of the rows that refer to it — the DROP is
refused, or worse, ``ON DELETE CASCADE`` silently empties the children."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from storage.records.database import make_engine, migrate


def test_upgrading_from_0010_keeps_batches_their_files_periods_and_tags(tmp_path):
    url = f"sqlite:///{tmp_path / 'records.sqlite'}"
    migrate(url, "0010")
    engine = make_engine(url)  # foreign keys on, as every Dukung process opens SQLite
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO units (code, name, contacts, created_at) "
                              "VALUES ('DINKES-JBR', 'Dinas Kesehatan', '[]', CURRENT_TIMESTAMP)"))
            conn.execute(text("INSERT INTO periods (year) VALUES (2025)"))
            conn.execute(text("INSERT INTO tags (unit_id, period_id, question_code, label, note, created_by, "
                              "created_at, resolved) VALUES (1, 1, 'A.I.1.i.a', 'gap', 'belum ada SK', 'tpi', "
                              "CURRENT_TIMESTAMP, false)"))
            conn.execute(text("INSERT INTO upload_batches (unit_id, period_id, created_by, created_at, status) "
                              "VALUES (1, 1, 'zi@dinkes', CURRENT_TIMESTAMP, 'done')"))
            conn.execute(text("INSERT INTO upload_batch_files (batch_id, relative_path, outcome, size, created_at) "
                              "VALUES (1, 'AREA I/sk.pdf', 'baru', 10, CURRENT_TIMESTAMP), (1, 'AREA I/sop.pdf', 'baru', 20, CURRENT_TIMESTAMP)"))
        migrate(url)  # to the newest
        with engine.connect() as conn:
            counts = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()  # noqa: S608 - fixed names
                      for t in ("units", "periods", "tags", "upload_batches", "upload_batch_files")}
        assert counts == {"units": 1, "periods": 1, "tags": 1, "upload_batches": 1, "upload_batch_files": 2}
    finally:
        engine.dispose()


def _insert_unit(conn, code: str) -> None:
    conn.execute(text("INSERT INTO units (code, name, contacts, created_at) "
                      "VALUES (:code, :code, '[]', CURRENT_TIMESTAMP)"), {"code": code})


def _legacy_database(url: str, revision: str = "0013") -> None:
    """An installation from before case-insensitive unit codes: lower- and mixed-case codes with rows that
    refer to them by id (documents' tags, batches, accounts) and by text (outbox, audit)."""
    migrate(url, revision)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _insert_unit(conn, "dinkes")
            _insert_unit(conn, " Rsud-Jbr ")
            _insert_unit(conn, "BAPPEDA")
            conn.execute(text("INSERT INTO periods (year) VALUES (2025)"))
            conn.execute(text("INSERT INTO tags (unit_id, period_id, question_code, label, note, created_by, "
                              "created_at, resolved) VALUES (1, 1, 'A.I.1.i.a', 'gap', 'belum ada SK', 'tpi', "
                              "CURRENT_TIMESTAMP, false)"))
            conn.execute(text("INSERT INTO upload_batches (unit_id, period_id, created_by, created_at, status) "
                              "VALUES (2, 1, 'zi@rsud', CURRENT_TIMESTAMP, 'done')"))
            conn.execute(text("INSERT INTO users (email, name, role, all_units, active, failed_logins, password_hash, created_at) "
                              "VALUES ('zi@dinkes', 'ZI', 'unit', false, true, 0, 'x', CURRENT_TIMESTAMP)"))
            conn.execute(text("INSERT INTO user_units (user_id, unit_id) VALUES (1, 1)"))
            conn.execute(text("INSERT INTO outbox_messages (dedupe_key, content_hash, kind, unit_code, recipients, "
                              "subject, message, status, attempts, transport, created_at) VALUES "
                              "('2026-11-30|unit:dinkes|2025', 'h1', 'unit_gaps', 'dinkes', '[]', 's', :m, "
                              "'sent', 1, 'file', CURRENT_TIMESTAMP), "
                              "('2026-11-30|reviewers|2025', 'h2', 'reviewer_digest', NULL, '[]', 's', :m, "
                              "'sent', 1, 'file', CURRENT_TIMESTAMP)"), {"m": b"x"})
            conn.execute(text("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES "
                              "(CURRENT_TIMESTAMP, 'cli', 'unit_add', 'unit', 'dinkes', '{}'), "
                              "(CURRENT_TIMESTAMP, 'admin', 'unit_import', 'unit', 'units.csv', '{}')"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def empty_url(request, tmp_path):
    """An empty database: a SQLite file, or a fresh database on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.sqlite'}"
        return
    from tests.services.postgres import drop_database, fresh_database
    from tests.services.require import service_env

    base = service_env("DUKUNG_TEST_POSTGRES_URL")["DUKUNG_TEST_POSTGRES_URL"]
    name, url = fresh_database(base, "legacy")
    yield url
    drop_database(base, name)


def test_upgrading_upper_cases_legacy_unit_codes_and_what_refers_to_them(empty_url):
    url = empty_url
    _legacy_database(url)
    migrate(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            codes = conn.execute(text("SELECT id, code FROM units ORDER BY id")).all()
            outbox = conn.execute(text("SELECT unit_code, dedupe_key FROM outbox_messages ORDER BY id")).all()
            audit = conn.execute(text("SELECT entity_id FROM audit_log ORDER BY id")).scalars().all()
            kept = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()  # noqa: S608 - fixed names
                    for t in ("tags", "upload_batches", "user_units")]
    finally:
        engine.dispose()
    assert [tuple(r) for r in codes] == [(1, "DINKES"), (2, "RSUD-JBR"), (3, "BAPPEDA")]
    assert [tuple(r) for r in outbox] == [("DINKES", "2026-11-30|unit:DINKES|2025"),
                                          (None, "2026-11-30|reviewers|2025")]
    assert audit == ["DINKES", "units.csv"]  # an import's entry names its file, not a unit
    assert kept == [1, 1, 1]


def test_two_units_differing_only_by_case_stop_the_upgrade_with_their_codes_and_change_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'records.sqlite'}"
    _legacy_database(url, "0012")  # the collision found in the same run as 0013's columns
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _insert_unit(conn, "Dinkes")
        from config.errors import ConfigurationError

        with pytest.raises(ConfigurationError, match=r"Dinkes / dinkes -> DINKES.*Tidak ada data yang diubah"):
            migrate(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT code FROM units ORDER BY id")).scalars().all() == [
                "dinkes", " Rsud-Jbr ", "BAPPEDA", "Dinkes"]
            # the revisions before stand complete (0013's columns and its stamp), none of 0014 is applied
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0013"
        with engine.begin() as conn:  # the admin renames one of the two, and the upgrade goes through
            conn.execute(text("UPDATE units SET code = 'DINKES-2' WHERE code = 'Dinkes'"))
        migrate(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT code FROM units ORDER BY id")).scalars().all() == [
                "DINKES", "RSUD-JBR", "BAPPEDA", "DINKES-2"]
    finally:
        engine.dispose()


def test_an_upgrade_that_upper_cases_unit_codes_rebuilds_the_search_index(tmp_path, evidence_folder):
    """The index files documents under their unit's code: after 0014 rewrote ``dinkes`` as ``DINKES``, a
    search for the unit's documents must still find them (the runtime rebuilds the index after it)."""
    from config.settings import DukungSettings
    from flows.ingest.indexer import reindex
    from flows.ingest.pipeline import ingest
    from flows.runtime import open_runtime
    from indexing.search import SearchQuery
    from storage.records import repository as repo

    settings = DukungSettings(home=tmp_path / "home", ingest={"orchestrator": "direct", "ocr": False})
    with open_runtime(settings) as rt:
        with rt.records.session() as s:
            repo.add_unit(s, "DINKES", "Dinas Kesehatan")
        ingest(rt, evidence_folder, unit_code="DINKES", year=2025, uploaded_by="t")
        with rt.records.engine.begin() as conn:  # an installation of before issue 16: a lower-case code, at 0013
            conn.execute(text("UPDATE units SET code = 'dinkes'"))
            conn.execute(text("UPDATE alembic_version SET version_num = '0013'"))
        indexed = reindex(rt)
        assert indexed and rt.search.search(SearchQuery(units=["dinkes"])).total == indexed
    with open_runtime(settings) as rt:  # `dukung init` after the upgrade
        assert rt.search.search(SearchQuery(units=["DINKES"])).total == indexed
        assert rt.search.search(SearchQuery(units=["dinkes"])).total == 0
