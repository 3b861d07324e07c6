"""Upgrading an installation in use keeps its rows: a migration that rebuilds a table on SQLite (Alembic's
batch copy: CREATE new, copy, DROP old) meets the foreign keys of the rows that refer to it — the DROP is
refused, or worse, ``ON DELETE CASCADE`` silently empties the children."""

from __future__ import annotations

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
