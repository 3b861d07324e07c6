"""The JSON API: bearer tokens (installation or user), the same answers as the CLI, domain errors as HTTP codes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from flows.ingest.pipeline import ingest

TOKEN = "token-uji-yang-panjang"


@pytest.fixture
def client(runtime, evidence_folder, monkeypatch):
    from config.settings import get_settings, load_settings
    from web.app import create_app

    ingest(runtime, evidence_folder, unit_code="DINKES-JBR", year=2025)
    monkeypatch.setenv("DUKUNG_WEB__API_TOKEN", TOKEN)
    get_settings.cache_clear()
    with TestClient(create_app(load_settings())) as c:
        c.headers["Authorization"] = f"Bearer {TOKEN}"
        yield c


def test_health_needs_no_token(client):
    assert client.get("/health", headers={"Authorization": ""}).json() == {"status": "ok", "documents_indexed": 5}


@pytest.mark.parametrize("path", ["/api/search?q=x", "/api/documents", "/api/documents/1",
                                  "/api/units/DINKES-JBR/completeness?period=2025"])
def test_api_requires_the_token(client, path):
    assert client.get(path, headers={"Authorization": ""}).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer salah"}).status_code == 401


def test_without_an_installation_token_only_user_tokens_open_the_api(runtime):
    from config.settings import load_settings
    from flows.people.accounts import add_user, create_api_token
    from web.app import create_app

    add_user(runtime, "zi@dinkes.example.go.id", role="unit", password="kata-sandi-uji", units=["DINKES-JBR"])
    token = create_api_token(runtime, "zi@dinkes.example.go.id", "skrip")
    with TestClient(create_app(load_settings()), base_url="https://testserver") as c:
        assert c.get("/api/documents", headers={"Authorization": "Bearer "}).status_code == 401
        assert c.get("/api/documents", headers={"Authorization": "Bearer dkg_salah"}).status_code == 401
        assert c.get("/api/documents", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        # the unit member's token reaches its own unit only
        assert c.get("/api/units/PKM-SUMBERSARI/completeness", params={"period": 2025},
                     headers={"Authorization": f"Bearer {token}"}).status_code == 403


def test_search_documents_download_and_completeness(client):
    found = client.get("/api/search", params={"q": "mengadukan", "unit": "DINKES-JBR"}).json()
    assert found["total"] >= 2 and any("<mark>" in h["snippet"] for h in found["hits"])
    docs = client.get("/api/documents", params={"unit": "DINKES-JBR"}).json()
    sk = next(d for d in docs if d["path"].endswith("SK TIM ZONA INTEGRITAS 2025.pdf"))
    one = client.get(f"/api/documents/{sk['id']}").json()
    assert one["doc_type"] == "sk_tim_kerja" and one["questions"][0]["code"] == "A.I.1.i.a"
    body = client.get(f"/api/documents/{sk['id']}/download")  # → a short-lived signed link → the bytes
    assert body.status_code == 200 and body.content.startswith(b"%PDF")
    assert body.url.path.startswith("/files/")
    assert client.get(body.url.path[:-3] + "xyz", headers={"Authorization": ""}).status_code == 404
    report = client.get("/api/units/DINKES-JBR/completeness", params={"period": 2025}).json()
    assert len(report["questions"]) == 113


def test_domain_errors_become_http_codes(client):
    assert client.get("/api/documents/999999").status_code == 404
    assert client.get("/api/units/TIDAK-ADA/completeness", params={"period": 2025}).status_code == 404


def test_inbox_webhook_runs_the_sync(client, runtime, evidence_folder):
    import io

    runtime.objects.put("inbox/PKM-SUMBERSARI/2025/laporan.pdf", io.BytesIO(b"%PDF-1.4 rusak"))
    result = client.post("/api/hooks/inbox").json()
    assert result["new_or_changed"] == 1 and result["processed"] == 1


def test_openapi_document_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/documents", "/api/documents/{doc_id}", "/api/hooks/inbox"} <= set(paths)
