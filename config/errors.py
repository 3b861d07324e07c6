"""The one exception hierarchy of Dukung.

Every layer raises a subclass of :class:`DukungError`; the CLI turns it into one
clear line (exit code 1) and the web layer maps it to an HTTP status in one place.
Messages are written for the user, in Bahasa Indonesia.
"""

from __future__ import annotations

import re

# An absolute POSIX path ("/srv/dukung/objects/ab/12.pdf") or a Windows one ("C:\\data\\x.pdf").
_ABSOLUTE_PATH = re.compile(r"(?<![\w.~-])(?:/|[A-Za-z]:\\)(?:[^\s'\"/\\:]+[/\\])+([^\s'\"/\\:]*)")


def without_paths(text: str) -> str:
    """``text`` with each absolute path cut to its last part (the server's folders are nobody's business)."""
    return _ABSOLUTE_PATH.sub(lambda m: m.group(1) or "…", text)


class DukungError(Exception):
    """Base class of every expected, user-facing error."""

    http_status = 400


class ConfigurationError(DukungError):
    """Settings or catalog data are invalid."""

    http_status = 500


class CatalogError(ConfigurationError):
    """The indicator catalog does not validate. ``errors`` lists each problem with its YAML line."""

    def __init__(self, path: str, errors: list[str]):
        self.path = path
        self.errors = errors
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"Katalog indikator tidak valid ({path}):\n{lines}")


class NotFoundError(DukungError):
    """A unit, document, question or object does not exist."""

    http_status = 404


class InvalidInputError(DukungError):
    """The user gave something we cannot accept (bad path, unknown code, …)."""

    http_status = 422


class ParseError(DukungError):
    """A parser failed unexpectedly on a document (expected outcomes are result values)."""

    http_status = 422


class NotInitialisedError(DukungError):
    """The data folder or records database was never set up (or has an older schema): `dukung init` first."""

    http_status = 503
