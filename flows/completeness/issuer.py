"""Who issued a document, compared with the units of this installation at check time.

The issuer is what ingest read from the document and stored (``Document.issuer``,
:mod:`indexing.metadata`: "KEPUTUSAN KEPALA PUSKESMAS SUMBERSARI …" → "Kepala Puskesmas Sumbersari",
or the signing official's office line). A document counts as another unit's when its issuer names
another unit of the installation and not its own; an SK signed by another unit's head is then
only a suggestion for this unit ("perlu konfirmasi") until a person confirms it. Names are compared
whole-word, case- and punctuation-blind; a name of one word is too vague to compare (many issuers
say "Sekretariat"). When nothing is sure, nothing is flagged: a wrong flag is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from config.i18n import _

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _words(text: str) -> str:
    return " " + " ".join(_NON_WORD.sub(" ", (text or "").lower()).split()) + " "


@dataclass(frozen=True)
class UnitNames:
    """The installation's units by name, longest name first (a longer name is the more precise match)."""

    names: tuple[tuple[str, str, str], ...]  # (name as words, code, name)

    @classmethod
    def of(cls, units) -> "UnitNames":
        """``units``: (code, name) pairs."""
        rows = [(_words(name), code, name) for code, name in units if len(_words(name).split()) >= 2]
        return cls(tuple(sorted(rows, key=lambda r: -len(r[0]))))

    def named_in(self, text: str) -> tuple[str, str] | None:
        """(code, name) of the unit whose whole name ``text`` contains (the longest such name)."""
        words = _words(text)
        for key, code, name in self.names:
            if key in words:
                return code, name
        return None

    def other_issuer(self, issuer: str | None, own_code: str, own_name: str) -> str:
        """The name of the other unit that issued a document of ``own_code`` ("" if it is the unit's own,
        names no unit, or names this one too)."""
        if not issuer:
            return ""
        found = self.named_in(issuer)
        if found is None or found[0] == own_code:
            return ""
        own = _words(own_name)
        if len(own.split()) >= 2 and own in _words(issuer):
            return ""  # both names in one issuer line ("… Dinas Kesehatan, UPT Puskesmas …"): not sure
        return found[1]


ISSUER_PREFIX = "diterbitkan oleh unit lain: "


def issuer_note(other: str) -> str:
    """What the reason of such a mapping says first, in the words of a ZI team."""
    return _("diterbitkan oleh unit lain: %(other)s — perlu konfirmasi bahwa dokumen ini memang bukti unit ini",
             other=other)
