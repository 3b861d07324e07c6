"""Hostile and broken uploads (tests/hostile_files.py), all in one upload through the real pipeline.

Every case is built in the test. The batch runs on two limited worker processes (5 s, 768 MB each)
with OCR on: no case may take the pipeline down, no uploaded bytes may be lost, and each case ends
with its expected status and a reason that says what happened.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hostile_files import CASES
from sqlalchemy import select

from flows.ingest.pipeline import process_documents
from flows.ingest.staging import clean_relative_path, stage_files
from storage.objects.base import blob_key
from storage.records import repository as repo
from storage.records.models import AuditEntry
from tests.builders import make_pdf
from tests.conftest import LAPORAN_PENGADUAN
from tests.services.tesseract import require_tesseract

pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parents[1] / ".test-artifacts"


def test_at_least_25_distinct_cases():
    assert len(CASES) >= 25
    assert len({c.name for c in CASES}) == len(CASES) == len({c.path for c in CASES})


def test_hostile_uploads_in_one_batch(runtime, tmp_path):
    ingest = runtime.settings.ingest
    ingest.ocr_command = require_tesseract()
    ingest.workers = ingest.ocr_workers = 2
    ingest.parse_timeout_s = 5
    ingest.parse_memory_mb = 768
    ingest.max_file_mb = 2
    files, shas = [], {}
    for number, case in enumerate(CASES):
        local = tmp_path / f"kasus-{number:02d}"
        local.mkdir()
        target = local / "berkas"
        case.build(target)
        files.append((target, case.path))
        shas[case.name] = hashlib.sha256(target.read_bytes()).hexdigest()

    stage = stage_files(runtime, iter(files), unit_code="DINKES-JBR", year=2025, uploaded_by="uji")
    report = process_documents(runtime, stage.to_process)  # returns: nothing took the pipeline down

    with runtime.records.session() as session:
        docs = {d.relative_path: d for d in repo.list_documents(session, unit_codes=["DINKES-JBR"])}
        rejected = session.scalars(select(AuditEntry).where(AuditEntry.action == "upload_rejected")).all()
        rows, wrong = [], []
        for case in CASES:
            # 0 uploads lost: every case's bytes are in the object store under their SHA-256
            assert runtime.objects.exists(blob_key(shas[case.name])), f"{case.name}: bytes lost"
            if case.status is None:
                entry = next(e for e in rejected if e.detail["sha256"] == shas[case.name])
                status, reason = "ditolak", entry.detail["reason"]
                assert case.path not in docs
            else:
                path = case.stored_path or clean_relative_path(case.path)
                doc = docs[path]
                status, reason = doc.extraction.status, doc.extraction.reason or ""
            phrases = case.reason if isinstance(case.reason, tuple) else (case.reason,)
            expected = case.status or "ditolak"
            if status != expected or not any(p in reason for p in phrases):
                wrong.append(f"{case.name}: {status} ({reason!r}), expected {expected} with {phrases}")
            rows.append({"case": case.name, "path": case.path, "status": status, "reason": reason})
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "hostile-files.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False), encoding="utf-8")
    assert not wrong, "\n".join(wrong)

    assert report.processed == len(CASES) - 1  # every stored case processed, whatever its parser did
    sk = docs["AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZI 2025.pdf"]
    assert sk.doc_type == "sk_tim_kerja"
    scan = docs["Salah nama/SK TIM.pdf"]  # a PNG named .pdf: read with OCR
    assert scan.media_type == "image/png" and scan.extraction.ocr_state == "done"
    assert "ZONA INTEGRITAS" in runtime.objects.open(scan.extraction.text_key).read().decode()
    xxe = docs["Rusak/xxe.xlsx"]
    assert xxe.extraction.text_key is None  # nothing of /etc/passwd was read into the text
    long_name = next(c for c in CASES if c.name == "name-300-chars")
    assert len(docs[clean_relative_path(long_name.path)].file_name) <= 200
    # no case became a version of another: names that clean alike keep their own documents
    assert {d.version for d in docs.values()} == {1} and len(docs) == len(CASES) - 1

    # the pools survive killed and crashed workers: the next upload is processed as usual
    later = make_pdf(tmp_path / "setelah.pdf", [LAPORAN_PENGADUAN])
    again = stage_files(runtime, iter([(later, "AREA V/laporan pengaduan.pdf")]), unit_code="DINKES-JBR",
                        year=2025)
    assert process_documents(runtime, again.to_process).statuses == {"ok": 1}
