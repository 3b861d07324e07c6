"""The Jinja2 side of :mod:`config.i18n` and :mod:`config.formatting`, for web pages and e-mails alike.

Templates write ``{{ _("Celah terbuka") }}`` or ``{% trans %}…{% endtrans %}`` (extracted by `make
messages`), and format with the filters ``when`` (``1 Desember 2026 14.05 WIB``), ``clock``
(``14.05 WIB``), ``day`` (``1 Desember 2026``), ``number`` (``1.234,5``), ``pct`` (``43 %``) and ``size``.
"""

from __future__ import annotations

from jinja2 import Environment

from config import formatting
from config.i18n import current_locale, gettext, ngettext

FILTERS = {
    "when": formatting.format_time,
    "clock": lambda v: formatting.format_time(v, with_date=False),
    "day": formatting.format_date,
    "number": formatting.format_number,
    "pct": formatting.format_percent,
    "size": formatting.format_size,
}


def install_i18n(env: Environment) -> Environment:
    """Add the i18n extension, the catalogue's gettext and the formatting filters to ``env``."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext=gettext, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(FILTERS)
    env.globals.update(pct=formatting.format_percent, current_locale=current_locale)
    return env
