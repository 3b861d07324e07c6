"""The language the `dukung` command speaks, chosen before any command module is imported.

The ``--help`` texts are translated as the command modules are imported (``help=_("…")`` in their
decorators and options), so the locale must be set first: :mod:`flows.cli` calls :func:`choose` before it
imports :mod:`flows.cli.app`. It reads ``DUKUNG_LOCALE``/``DUKUNG_TIMEZONE`` as the settings will
(the environment, then the `.env` file) without loading them (``--help`` needs no pydantic).
"""

from __future__ import annotations

from config.env_file import setting
from config.i18n import configure


def choose() -> None:
    """Set the process's language and time zone from DUKUNG_LOCALE and DUKUNG_TIMEZONE (else Indonesian, WIB)."""
    try:
        locale, timezone = setting("DUKUNG_LOCALE"), setting("DUKUNG_TIMEZONE")
    except (OSError, UnicodeDecodeError):  # an unreadable `.env`: the settings will say so in their own error
        locale = timezone = None
    configure(locale, timezone)
