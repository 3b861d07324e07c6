"""Messages in the reader's language: one gettext catalogue, Indonesian first, English second.

The msgids are the Indonesian sentences themselves (``_("Celah terbuka")``): Indonesian is what ZI
teams read, so the code reads as the product speaks, a missing translation falls back to correct
Indonesian, and `make messages` (Babel's extract/update over ``babel.cfg``) finds them with the
standard keywords. ``locale/id/LC_MESSAGES/dukung.po`` lists them untranslated (the source language;
a wording fix can go there without touching code); ``locale/en/…`` holds the English. The ``.po``
files ship in the wheel and are compiled in memory on first use (no ``.mo`` build step to forget).

The locale and the display time zone of the running request, command or e-mail are a context
variable (:func:`use_locale`); the process defaults come from the settings (``DUKUNG_LOCALE``,
``DUKUNG_TIMEZONE``) through :func:`configure`. Imports nothing of Dukung: every layer may use it.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path

DOMAIN = "dukung"
LOCALES = ("id", "en")
DEFAULT_LOCALE = "id"
DEFAULT_TIMEZONE = "Asia/Jakarta"
LOCALE_DIR = Path(__file__).parent / "locale"


@dataclass(frozen=True)
class Audience:
    """Who reads: their language and the time zone their clock shows."""

    locale: str = DEFAULT_LOCALE
    timezone: str = DEFAULT_TIMEZONE


_defaults = Audience()
_current: ContextVar[Audience | None] = ContextVar("dukung_audience", default=None)


def normalise_locale(value: str | None) -> str | None:
    """``en_US``, ``EN-gb``, ``id-ID`` → ``en``/``id``; anything else → None."""
    if not value:
        return None
    lang = value.strip().replace("_", "-").split("-")[0].lower()
    return lang if lang in LOCALES else None


def configure(locale: str | None = None, timezone: str | None = None) -> None:
    """The process defaults (from the settings: ``DUKUNG_LOCALE``, ``DUKUNG_TIMEZONE``)."""
    global _defaults
    _defaults = Audience(normalise_locale(locale) or DEFAULT_LOCALE, timezone or DEFAULT_TIMEZONE)


def audience() -> Audience:
    return _current.get() or _defaults


def current_locale() -> str:
    return audience().locale


@contextmanager
def use_locale(locale: str | None = None, timezone: str | None = None):
    """Speak ``locale`` (and show times in ``timezone``) inside the block; None keeps the current one."""
    now = audience()
    token = _current.set(Audience(normalise_locale(locale) or now.locale, timezone or now.timezone))
    try:
        yield
    finally:
        _current.reset(token)


def set_locale(locale: str | None, timezone: str | None = None):
    """Set the audience for the rest of the current context (a web request); returns the reset token."""
    now = audience()
    return _current.set(Audience(normalise_locale(locale) or now.locale, timezone or now.timezone))


def negotiate(accept_language: str | None, default: str | None = None) -> str:
    """The best of :data:`LOCALES` for an HTTP ``Accept-Language`` header (``default`` when none fits)."""
    best, best_q = None, 0.0
    for part in (accept_language or "").split(","):
        lang, _sep, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = normalise_locale(lang)
        if code and q > best_q:
            best, best_q = code, q
    return best or normalise_locale(default) or _defaults.locale


@lru_cache(maxsize=None)
def translations(locale: str):
    """The compiled catalogue of ``locale`` (the .po read and compiled in memory once per process)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    po = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=locale, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def gettext(message: str, **values) -> str:
    """``message`` in the current locale, ``%(name)s`` placeholders filled from ``values``."""
    text = translations(current_locale()).gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values) -> str:
    text = translations(current_locale()).ngettext(singular, plural, n)
    return text % {"num": n, **values}


_ = gettext


def lazy_gettext(message: str):
    """A string translated when it is shown (module constants: labels, panel titles)."""
    from babel.support import LazyProxy

    return LazyProxy(gettext, message, enable_cache=False)


def N_(message: str) -> str:
    """Marks a string for extraction only; it is translated where it is shown (``_(value)``)."""
    return message
