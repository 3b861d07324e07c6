"""Jinja2 templates of the web app, with the globals every page needs: the message catalogue
(``_()``, ``{% trans %}``) and the formatting filters of :mod:`config.jinja_i18n` (``when``, ``day``,
``number``…), and ``type_label`` for a document type's name."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from config.i18n import N_
from config.jinja_i18n import install_i18n
from web.js_messages import js_catalogue

from flows.completeness.check import STATUS_LABEL
from flows.periods.dates import tanggal
from flows.periods.registry import active_year, period_header
from flows.people.review_workflow import STATE_LABEL
from flows.people.users_admin import ROLE_LABEL
from web.security import csrf_token, principal_or_none

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
install_i18n(TEMPLATES.env)


@pass_context
def type_label(context, code: str) -> str:
    """A document type's name as ZI teams say it (``laporan_pengaduan`` → "Laporan / Rekap Pengaduan…")."""
    types = context["request"].app.state.runtime.catalog.document_types
    return types[code].label if code in types else code


@pass_context
def period_label(context, year: int) -> str:
    """Which period a page shows: "Periode 2025 (aktif)", or that it is not the active one."""
    return period_header(year, active_year(context["request"].app.state.runtime))


TEMPLATES.env.filters["type_label"] = type_label
#: A sign for each completeness status beside its colour (the colour alone says nothing to some readers).
STATUS_ICON = {"lengkap": "✓", "sebagian": "◐", "belum_ada": "✗", "ditandai_reviewer": "⚑"}
#: A reviewer tag's label as people read it (the code stays in forms and the API).
TAG_LABEL = {"gap": N_("celah (gap)"), "ok": N_("terverifikasi (ok)"), "tidak_relevan": N_("tidak relevan")}
TEMPLATES.env.globals.update(status_labels=STATUS_LABEL, status_icons=STATUS_ICON, review_labels=STATE_LABEL,
                             tag_labels=TAG_LABEL,
                             role_labels=ROLE_LABEL, js_messages=js_catalogue, tanggal=tanggal,
                             period_label=period_label)


def render(request: Request, name: str, status_code: int = 200, headers: dict | None = None, **context):
    """Render a page with the signed-in principal and the CSRF token available to the template."""
    return TEMPLATES.TemplateResponse(request, name, {"who": principal_or_none(request),
                                                      "csrf": csrf_token(request), **context},
                                      status_code=status_code, headers=headers)
