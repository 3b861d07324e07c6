"""The records database on PostgreSQL: migrations up and down, and the ingest pipeline end to end.

The repository behaviour (dedup/versioning, manual assignments, tags, audit) runs on PostgreSQL
through the parametrized ``records`` fixture of ``tests/test_records.py``.
"""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import BIGINT, func, inspect, select

from storage.records.database import alembic_config, current_revision, make_engine, migrate
from storage.records.models import Base
from tests.services.require import service_env

TABLES = {"units", "periods", "documents", "extractions", "classifications", "tags", "audit_log"}


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    from tests.services.postgres import drop_database, fresh_database

    base = service_env("DUKUNG_TEST_POSTGRES_URL")["DUKUNG_TEST_POSTGRES_URL"]
    name, url = fresh_database(base, "pg")
    yield url
    drop_database(base, name)


def _diff(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)


def test_migrations_from_empty_reach_head_and_match_the_models(pg_url):
    engine = make_engine(pg_url)
    try:
        assert inspect(engine).get_table_names() == []
        migrate(pg_url)
        head = ScriptDirectory.from_config(alembic_config(pg_url)).get_current_head()
        assert current_revision(engine) == head
        assert TABLES <= set(inspect(engine).get_table_names())
        assert _diff(engine) == []
        size = {c["name"]: c["type"] for c in inspect(engine).get_columns("documents")}["size"]
        assert isinstance(size, BIGINT)  # files over 2 GiB fit (migration 0002)
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(pg_url):
    engine = make_engine(pg_url)
    try:
        migrate(pg_url)
        command.downgrade(alembic_config(pg_url), "base")
        assert current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate(pg_url)
        assert current_revision(engine) is not None
        assert _diff(engine) == []
    finally:
        engine.dispose()


def test_pipeline_records_on_postgresql(dukung_env, evidence_folder, pg_url, monkeypatch):
    from config.settings import get_settings
    from flows.completeness.check import check_completeness
    from flows.ingest.pipeline import ingest
    from flows.runtime import open_runtime
    from storage.records import repository as repo
    from storage.records.models import AuditEntry, Document

    monkeypatch.setenv("DUKUNG_RECORDS__URL", pg_url)
    get_settings.cache_clear()
    rt = open_runtime(get_settings())
    try:
        assert rt.records.engine.dialect.name == "postgresql"
        with rt.records.session() as session:
            repo.add_unit(session, "DINKES-JBR", "Dinas Kesehatan Kabupaten Jember", ["zi@dinkes.example.go.id"])

        report = ingest(rt, evidence_folder, unit_code="DINKES-JBR", year=2025, uploaded_by="tester")
        assert len(report.stage.new) == 5 and report.batches.processed == 5  # Thumbs.db skipped
        assert dict(report.batches.statuses) == {"ok": 4, "failed": 1}
        with rt.records.session() as session:
            docs = {d.relative_path: d for d in repo.list_documents(session, unit_codes=["DINKES-JBR"])}
            uploads = session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "upload"))
        assert uploads == 5
        sk = docs["AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2025.pdf"]
        assert sk.extraction.status == "ok" and sk.doc_type == "sk_tim_kerja"
        assert sk.doc_date.isoformat() == "2025-01-06" and "440/123" in sk.doc_number
        assert "A.I.1.i.a" in {c.question_code for c in sk.classifications}
        broken = docs["AREA V/iii. Pengaduan Masyarakat/5.iii.c LAPORAN MONEV RUSAK.pdf"]
        assert broken.extraction.status == "failed" and "PDF" in broken.extraction.reason
        assert any(c.question_code == "A.I.5.iii.c" for c in broken.classifications)

        again = ingest(rt, evidence_folder, unit_code="DINKES-JBR", year=2025)
        assert again.stage.new == [] and again.stage.new_versions == [] and len(again.stage.unchanged) == 5
        with rt.records.session() as session:
            assert session.scalar(select(func.count(Document.id))) == 5

        completeness = check_completeness(rt, "DINKES-JBR", 2025).as_dict()
        by_code = {q["code"]: q for q in completeness["questions"]}
        assert len(by_code) == 113 and by_code["A.I.1.i.a"]["documents"]
    finally:
        rt.close()
        get_settings.cache_clear()
