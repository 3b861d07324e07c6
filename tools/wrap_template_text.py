"""Wrap the bare text of Jinja2/HTML templates in ``{{ _("…") }}`` (and read attributes in ``_()``).

``python tools/wrap_template_text.py web/templates/*.html`` rewrites each file in place; text that is
already in ``_()``/``{% trans %}`` is left alone, so a second run changes nothing. Then ``make messages``
and translate the new entries of ``config/locale/en/LC_MESSAGES/dukung.po``. A sentence broken by
inline tags is wrapped piece by piece: join such pieces into one ``{% trans %}`` by hand where a
translator needs the whole sentence.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.template_text import LETTERS, READ_ATTRIBUTES, tokens  # noqa: E402


def literal(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def _attr(match: re.Match) -> str:
    return f'{match.group(1)}="{{{{ _({literal(match.group(2))}) }}}}"'


def wrap(source: str) -> str:
    out, skip = [], None
    for kind, text in tokens(source):
        if skip:
            out.append(text)
            if re.match(skip, text):
                skip = None
            continue
        if kind == "tag" and re.match(r"<(script|style)\b", text, re.I):
            skip = r"</(script|style)"
        elif kind == "jinja" and re.match(r"\{%-?\s*trans\b", text):
            skip = r"\{%-?\s*endtrans"
        if kind == "text" and LETTERS.search(text):
            core = text.strip()
            lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
            text = f"{lead}{{{{ _({literal(' '.join(core.split()))}) }}}}{trail}"
        elif kind == "tag" and not skip:
            text = READ_ATTRIBUTES.sub(_attr, text)
        out.append(text)
    return "".join(out)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        before = path.read_text(encoding="utf-8")
        after = wrap(before)
        if after != before:
            path.write_text(after, encoding="utf-8")
            print(f"wrapped {path}")
