"""Records database: migrations match the models; uploads deduplicate and version; tags and audit."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from config.errors import InvalidInputError, NotFoundError
from storage.records import Records
from storage.records import repository as repo
from storage.records.database import current_revision
from storage.records.models import Base


@pytest.fixture(params=["sqlite", "postgres"])
def records(request, tmp_path):
    """A migrated, empty records database: SQLite file, or a fresh database on the test PostgreSQL."""
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    else:
        from tests.services.postgres import drop_database, fresh_database
        from tests.services.require import service_env

        base = service_env("DUKUNG_TEST_POSTGRES_URL")["DUKUNG_TEST_POSTGRES_URL"]
        name, url = fresh_database(base, "records")
        drop = lambda: drop_database(base, name)  # noqa: E731
    rec = Records(url)
    rec.migrate()
    yield rec
    rec.dispose()
    if drop:
        drop()


def test_migrations_from_empty_match_the_models(records):
    assert current_revision(records.engine) is not None
    with records.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert {"units", "periods", "documents", "extractions", "classifications", "tags", "audit_log"} <= set(
        inspect(records.engine).get_table_names())


@pytest.mark.parametrize("records", ["sqlite"], indirect=True)
def test_sqlite_uses_wal(records):
    with records.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def _upload(sha, path="AREA I/sk.pdf"):
    return repo.UploadedFile(relative_path=path, file_name=path.rsplit("/", 1)[-1], size=10, sha256=sha,
                             object_key=f"blobs/{sha}", media_type="application/pdf")


def test_record_upload_dedups_and_versions(records):
    with records.session() as s:
        unit = repo.add_unit(s, "U1", "Unit Satu", ["a@example.go.id"])
        period = repo.get_or_create_period(s, 2025)
        d1, o1 = repo.record_upload(s, unit, period, _upload("a" * 64))
        d2, o2 = repo.record_upload(s, unit, period, _upload("a" * 64))
        d3, o3 = repo.record_upload(s, unit, period, _upload("b" * 64))
        assert (o1, o2, o3) == (repo.UploadOutcome.NEW, repo.UploadOutcome.UNCHANGED, repo.UploadOutcome.NEW_VERSION)
        assert d1.id == d2.id != d3.id
        assert (d1.is_current, d3.is_current, d3.version) == (False, True, 2)
        # another path with the same bytes is another document
        d4, o4 = repo.record_upload(s, unit, period, _upload("b" * 64, "AREA II/copy.pdf"))
        assert o4 is repo.UploadOutcome.NEW and d4.id != d3.id


def test_units_are_idempotent_and_unknown_units_are_clear(records):
    with records.session() as s:
        repo.add_unit(s, "U1", "Unit Satu")
        repo.add_unit(s, "U1", "Unit Satu (baru)", ["x@example.go.id"])
        assert [u.name for u in repo.list_units(s)] == ["Unit Satu (baru)"]
        with pytest.raises(NotFoundError, match="belum terdaftar"):
            repo.get_unit(s, "NOPE")
        with pytest.raises(InvalidInputError):
            repo.get_or_create_period(s, 1890)


def test_manual_assignment_survives_reclassification_and_tags_are_audited(records):
    with records.session() as s:
        unit = repo.add_unit(s, "U1", "Unit Satu")
        period = repo.get_or_create_period(s, 2025)
        doc, _ = repo.record_upload(s, unit, period, _upload("c" * 64))
        repo.replace_auto_classifications(s, doc, ["notulen"], [repo.QuestionRecord("A.I.1.i.a", 0.9, "folder")])
        repo.assign_question(s, doc, "A.I.1.i.b", actor="reviewer1", note="notulen juga memuat mekanisme")
        repo.replace_auto_classifications(s, doc, ["notulen"], [repo.QuestionRecord("A.I.1.iii.b", 0.5, "isi")])
        codes = {(c.question_code, c.source) for c in doc.classifications}
        assert codes == {("A.I.1.i.b", "manual"), ("A.I.1.iii.b", "auto")}
        tag = repo.add_tag(s, unit=unit, period=period, label="gap", actor="reviewer1", question_code="A.I.1.i.a",
                           note="SK belum ditandatangani")
        assert tag.id
        with pytest.raises(InvalidInputError):
            repo.add_tag(s, unit=unit, period=period, label="bagus", actor="r", question_code="A.I.1.i.a")
        from sqlalchemy import select

        from storage.records.models import AuditEntry

        actions = [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
        assert actions == ["assign", "tag"]


def test_large_files_and_long_names_fit_every_backend(records):
    # PostgreSQL enforces INTEGER and VARCHAR limits that SQLite ignores: both must behave the same
    big = repo.UploadedFile(relative_path="AREA II/video inovasi.mp4", file_name="n" * 600 + ".mp4",
                            size=5 * 1024 ** 3, sha256="d" * 64, object_key="blobs/" + "d" * 64,
                            media_type="video/mp4")
    with records.session() as s:
        unit = repo.add_unit(s, "U1", "Unit Satu")
        period = repo.get_or_create_period(s, 2025)
        doc, outcome = repo.record_upload(s, unit, period, big, uploaded_by="u" * 300)
        assert outcome is repo.UploadOutcome.NEW
        assert len(doc.file_name) <= 512 and doc.file_name.endswith(".mp4") and len(doc.uploaded_by) == 255
        with pytest.raises(InvalidInputError, match="terlalu panjang"):
            repo.record_upload(s, unit, period, _upload("e" * 64, "A/" + "x" * 1100 + ".pdf"))
        repo.audit(s, "r" * 300, "check", "document", "q" * 100)
    with records.session() as s:
        assert repo.get_document(s, doc.id).size == 5 * 1024 ** 3
