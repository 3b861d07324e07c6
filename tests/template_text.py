"""The words of a Jinja2/HTML template that a person reads and that no ``_()``/``{% trans %}`` wraps.

A small tokenizer: Jinja tags (``{{ }}``, ``{% %}``, ``{# #}``), HTML tags (whose attributes may hold
Jinja) and the text between them; ``<script>``, ``<style>`` and ``{% trans %}…{% endtrans %}`` are
skipped. Used by ``tests/test_i18n.py`` to fail on a page or e-mail with bare text.
"""

from __future__ import annotations

import re

LETTERS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
#: Attributes whose value a person reads (or hears, with a screen reader; data-label: a phone table's cell heading).
READ_ATTRIBUTES = re.compile(r'\b(placeholder|title|aria-label|alt|data-label)="([^"{]*[A-Za-z][^"{]*)"')


def tokens(source: str):
    """(kind, text) pairs: ``jinja``, ``tag`` or ``text``."""
    i, n = 0, len(source)
    while i < n:
        two = source[i:i + 2]
        if two in ("{{", "{%", "{#"):
            end = source.find({"{{": "}}", "{%": "%}", "{#": "#}"}[two], i + 2)
            end = n if end < 0 else end + 2
            yield "jinja", source[i:end]
            i = end
        elif source[i] == "<" and i + 1 < n and (source[i + 1].isalpha() or source[i + 1] in "/!"):
            j = i + 1
            while j < n and source[j] != ">":
                if source[j:j + 2] in ("{{", "{%"):
                    close = source.find("}}" if source[j + 1] == "{" else "%}", j + 2)
                    j = n if close < 0 else close + 2
                else:
                    j += 1
            yield "tag", source[i:j + 1]
            i = j + 1
        else:
            j = i + 1
            while j < n and not (source[j] == "<" or source[j:j + 2] in ("{{", "{%", "{#")):
                j += 1
            yield "text", source[i:j]
            i = j


def bare_text(source: str) -> list[str]:
    """Text segments (and read attributes) with words in them that are not run through the catalogue."""
    found, skip = [], None
    for kind, text in tokens(source):
        if skip:
            if re.match(skip, text):
                skip = None
            continue
        if kind == "tag" and re.match(r"<(script|style)\b", text, re.I):
            skip = r"</(script|style)"
            continue
        if kind == "jinja" and re.match(r"\{%-?\s*trans\b", text):
            skip = r"\{%-?\s*endtrans"
            continue
        if kind == "text" and LETTERS.search(text):
            found.append(text.strip())
        elif kind == "tag":
            found += [f'{m.group(1)}="{m.group(2)}"' for m in READ_ATTRIBUTES.finditer(text)]
    return found
