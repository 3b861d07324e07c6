"""Short-lived links to a document's bytes: presigned GET on S3, a signed local link otherwise.

Both expire after ``DUKUNG_STORAGE__PRESIGN_EXPIRY_S``; every link handed out is in the audit log.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, RedirectResponse
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from config.i18n import _
from config.errors import NotFoundError
from flows.people.accounts import Principal
from storage.records import repository as repo
from web.access import require_document, runtime

router = APIRouter()
SALT = "dukung-download"


def _serializer(request: Request) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(request.app.state.secret_key, salt=SALT)


def download_url(request: Request, who: Principal, doc_id: int, *, inline: bool = False) -> str:
    """A link that works for a few minutes, for this document, after checking access; audited."""
    rt = runtime(request)
    require_document(rt, who, doc_id)
    with rt.records.session() as session:
        doc = repo.get_document(session, doc_id)
        repo.audit(session, who.label, "download", "document", doc.id, {"path": doc.relative_path,
                                                                        "inline": inline})
        key = doc.object_key
    if rt.objects.local_path(key) is None:
        return rt.objects.presign_get(key, rt.settings.storage.presign_expiry_s)
    token = _serializer(request).dumps({"d": doc_id, "i": int(inline)})
    return f"/files/{token}"


def download_response(request: Request, who: Principal, doc_id: int, *, inline: bool = False):
    return RedirectResponse(download_url(request, who, doc_id, inline=inline), status_code=307)


@router.get("/files/{token}", include_in_schema=False)
def signed_file(request: Request, token: str):
    rt = runtime(request)
    try:
        data = _serializer(request).loads(token, max_age=rt.settings.storage.presign_expiry_s)
    except SignatureExpired:
        raise NotFoundError(_("Tautan unduhan sudah kedaluwarsa: buka lagi dari halaman dokumen")) from None
    except BadSignature:
        raise NotFoundError(_("Tautan unduhan tidak valid")) from None
    with rt.records.session() as session:
        doc = repo.get_document(session, int(data["d"]))
        key, name, media_type = doc.object_key, doc.file_name, doc.media_type
    local = rt.objects.local_path(key)
    return FileResponse(local, media_type=media_type, filename=name,
                        content_disposition_type="inline" if data.get("i") else "attachment")
