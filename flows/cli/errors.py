"""What the `dukung` command says when something goes wrong: one line in plain words, never a traceback
(``--debug`` or ``DUKUNG_DEBUG=1`` shows it)."""

from __future__ import annotations

from config.errors import DukungError
from config.i18n import _
from flows.ingest.outage import outage_message


def error_line(exc: BaseException, *, debug: bool = False) -> str:
    """The ``Galat:`` line of ``exc``: a domain error's own message, an outage's cause, else what to do."""
    if isinstance(exc, DukungError):
        return str(exc)
    message = outage_message(exc)
    if message is not None:
        return message
    what = f"{type(exc).__name__}: {exc}".strip().rstrip(":")
    if debug:
        return _("kesalahan tak terduga (%(what)s) — rinciannya di atas; laporkan ke admin Dukung.", what=what)
    return _("kesalahan tak terduga (%(what)s). Ulangi perintah dengan --debug untuk melihat rinciannya, "
             "lalu laporkan ke admin Dukung.", what=what)
