"""The audit log for administrators: newest first, filtered by actor, action and entity, in pages."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request

from flows.people.accounts import Principal
from flows.people.audit_log import audit_page
from web.access import require_admin, runtime
from web.security import page_principal
from web.templating import render

router = APIRouter(include_in_schema=False)
Who = Annotated[Principal, Depends(page_principal)]


@router.get("/admin/audit")
def audit(request: Request, who: Who, actor: str = "", action: str = "", entity: str = "", entity_id: str = "",
          page: int = 1, per_page: int = 50):
    require_admin(who)
    result = audit_page(runtime(request), actor=actor, action=action, entity=entity, entity_id=entity_id,
                        page=page, per_page=per_page)
    keep = {k: v for k, v in dict(actor=actor, action=action, entity=entity, entity_id=entity_id).items() if v}
    if result.per_page != 50:
        keep["per_page"] = result.per_page
    return render(request, "audit.html", a=result, actor=actor, action=action, entity=entity, entity_id=entity_id,
                  base_query=urlencode(keep))
