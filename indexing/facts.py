"""Content facts of a document, computed once at ingest for the catalog's content checks.

``document_facts(text, catalog, doc_date=…)`` runs next to :func:`indexing.metadata.extract_metadata`
in the worker processes; the result is stored in ``Document.facts`` so that the completeness check
only reads records. The shape (JSON)::

    {"v": 1,
     "text": true,                       # false: no text to check (scan without OCR, failed parse)
     "unreadable": "failed",             # only when the file itself cannot be opened (failed/encrypted)
     "years": [2021, 2025],              # four-digit years mentioned in the text
     "index": {"value": 86.25, "text": "Indeks Kepuasan Masyarakat (IKM) … 86.25"} | null,
     "checks": {"sk_ditetapkan": {"ok": true, "h": "81ce33e459", "detail": "…"}, …}}

``checks`` holds every content check of the catalog that can be decided from the text alone
(``ditetapkan``, ``phrases``, ``regex``, ``states_index``); ``h`` is the check's fingerprint, so a
check edited in the YAML after the document was processed is recognised as not yet run.
``covers_period`` depends on the evaluation year and is decided at check time from ``years`` and
the document date (:func:`covers_period`).

Plain functions, no I/O; regexes of the catalog run with a timeout (the ``regex`` module).
"""

from __future__ import annotations

import re
from datetime import date
from collections.abc import Iterator

FACTS_VERSION = 1
#: Only the first part of a very long text is checked (keeps a 500-page scan dump cheap).
MAX_CHECK_CHARS = 400_000
#: Seconds a catalog regex may run on one document before it counts as "not found".
REGEX_TIMEOUT_S = 1.0
#: Phrases of a "ditetapkan" check when the catalog gives none.
DITETAPKAN_PHRASES = ("ditetapkan di", "ditetapkan pada", "ditetapkan tanggal", "ditetapkan tgl", "disahkan di",
                      "disahkan pada", "ditandatangani")
#: Words that may link an index label to its value ("IKM … adalah 86,25").
_INDEX_LINKS = {"adalah", "sebesar", "yaitu", "yakni", "senilai", "mencapai", "memperoleh", "diperoleh",
                "nilai", "dengan", "sebagai", "berikut", "="}
#: Labels of the general ``index`` fact (the per-check labels come from the catalog).
INDEX_LABELS_DEFAULT = ("indeks kepuasan masyarakat", "nilai ikm", "ikm", "indeks persepsi anti korupsi", "ipak",
                        "indeks persepsi kualitas pelayanan", "ipkp", "nilai indeks")
_INDEX_MAX_WORDS = 6  # words between label and value without a linking word
_INDEX_MAX_WORDS_LINKED = 12

_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember")
_SPACES = re.compile(r"\s+")
_DIGIT_RUN = re.compile(r"[0-9]+")
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,4})?)(?![\d]|[.,]\d)")
_WORD = re.compile(r"[^\W_]+|=", re.UNICODE)


def tanggal(d: date) -> str:
    """A date as Indonesians write it: 3 Januari 2022."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def years_mentioned(text: str) -> list[int]:
    """The distinct four-digit years 1950–2099 in the text, ascending (not inside longer numbers)."""
    runs = set(_DIGIT_RUN.findall(text[:MAX_CHECK_CHARS]))  # a year is a run of exactly four digits
    return sorted({year for year in (int(r) for r in runs if len(r) == 4) if 1950 <= year <= 2099})


def _is_word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def phrase_spans(norm: str, phrase: str) -> Iterator[tuple[int, int]]:
    r"""Where ``phrase`` occurs on word boundaries in lowercase text whose whitespace runs are single spaces.

    A plain substring search (C speed) with the boundaries checked around each hit — what the
    regex ``(?<!\w)word\s+word(?!\w)`` finds, without a regex scan of the whole text.
    """
    needle = " ".join(phrase.lower().split())
    if not needle:
        return
    start = norm.find(needle)
    while start >= 0:
        end = start + len(needle)
        if not _is_word_char(norm, start - 1) and not _is_word_char(norm, end):
            yield start, end
        start = norm.find(needle, start + 1)


def has_phrase(norm: str, phrase: str) -> bool:
    """``phrase`` occurs in normalised text on word boundaries."""
    return next(phrase_spans(norm, phrase), None) is not None


def _collapsed(text: str) -> tuple[str, str]:
    """The checked part of ``text`` with whitespace runs as one space, and its lowercase form."""
    norm = " ".join(text[:MAX_CHECK_CHARS].split())
    return norm, norm.lower()


def find_index(text: str, labels, *, collapsed: tuple[str, str] | None = None) -> tuple[float, str] | None:
    """The first number stated as an index after one of ``labels``: (value, the words that say so).

    "Indeks Kepuasan Masyarakat (IKM) Dinas Kesehatan adalah 86,25" → (86.25, …); "IKM: 3,45" → 3.45.
    Between label and number at most a few words, or a few more with a linking word (adalah,
    sebesar, …); a number that is part of a date or a longer number is not an index.
    """
    norm, lower = collapsed or _collapsed(text)
    best: tuple[int, float, str] | None = None
    for label in sorted(set(labels), key=len, reverse=True):
        for m_start, m_end in phrase_spans(lower, label):
            if best is not None and m_start >= best[0]:
                break
            window = norm[m_end: m_end + 140]
            num = _NUMBER.search(window)
            if num is None:
                continue
            gap = window[: num.start()]
            words = [w.lower() for w in _WORD.findall(gap)]
            linked = any(w in _INDEX_LINKS for w in words)
            if len(words) > (_INDEX_MAX_WORDS_LINKED if linked else _INDEX_MAX_WORDS):
                continue
            after = window[num.end(): num.end() + 12].lower().lstrip()
            if re.match(r"(orang|responden|unsur|hari|bulan|tahun|persen responden|%)", after) and not linked:
                continue
            if re.match(r"(januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
                        r"desember|tahun\s+\d{4})", after):
                continue  # "… 12 Maret 2025" is a date
            value = float(num.group(1).replace(",", "."))
            said = (norm[m_start: m_end] + gap + num.group(1)).strip()
            if best is None or m_start < best[0]:
                best = (m_start, value, said[:160])
            break
    return None if best is None else (best[1], best[2])


def _regex_search(pattern: str, text: str) -> bool | None:
    """Search with a timeout (``regex`` module); None when the timeout is hit."""
    try:
        import regex
    except ImportError:  # pragma: no cover - regex is a dependency; plain re as a last resort
        return re.search(pattern, text, re.IGNORECASE | re.MULTILINE) is not None
    try:
        return regex.search(pattern, text, regex.IGNORECASE | regex.MULTILINE | regex.V0,
                            timeout=REGEX_TIMEOUT_S) is not None
    except TimeoutError:
        return None


def _run_check(check, text: str, collapsed: tuple[str, str], doc_date: date | None) -> dict | None:
    """One text-decidable check → {"ok", "h", "detail"?, "value"?}; None for covers_period."""
    out: dict = {"ok": False, "h": check.fingerprint}
    norm = collapsed[1]
    if check.kind == "ditetapkan":
        phrases = check.phrases or DITETAPKAN_PHRASES
        said = next((p for p in phrases if has_phrase(norm, p)), None)
        out["phrase"] = said is not None  # the date part is judged again at check time (a person may set it)
        if said and doc_date is not None:
            out["ok"] = True
            out["detail"] = f"tertulis '{said}', tanggal {tanggal(doc_date)}"
        elif said:
            out["detail"] = f"tertulis '{said}', tetapi tanggalnya tidak terbaca"
        else:
            out["detail"] = "tidak tertulis " + " / ".join(f"'{p}'" for p in phrases[:3])
    elif check.kind == "phrases":
        found = [p for p in check.phrases if has_phrase(norm, p)]
        out["ok"] = bool(found) if check.match == "any" else len(found) == len(check.phrases)
        if check.match == "all" and not out["ok"]:
            out["detail"] = "tidak ada: " + ", ".join(f"'{p}'" for p in check.phrases if p not in found)
        elif found:
            out["detail"] = "ada: " + ", ".join(f"'{p}'" for p in found[:3])
    elif check.kind == "regex":
        hit = _regex_search(check.pattern or "", text[:MAX_CHECK_CHARS])
        out["ok"] = bool(hit)
        if hit is None:
            out["detail"] = f"pemeriksaan dihentikan: pola berjalan lebih dari {REGEX_TIMEOUT_S:g} detik"
    elif check.kind == "states_index":
        found = find_index(text, check.phrases or ("indeks", "nilai indeks"), collapsed=collapsed)
        if found is not None:
            value, said = found
            in_range = ((check.min_value is None or value >= check.min_value)
                        and (check.max_value is None or value <= check.max_value))
            out["ok"] = in_range
            out["value"] = value
            out["detail"] = f"'{said}'" + ("" if in_range else " (di luar rentang yang wajar)")
    else:  # covers_period: decided at check time
        return None
    return out


#: Extraction statuses of files nobody can open (a corrupt file, a password): they never count as evidence.
UNREADABLE_STATUSES = ("failed", "encrypted")


def document_facts(text: str, catalog, *, doc_date: date | None = None, extraction_status: str | None = None) -> dict:
    """The facts of one document's text for the catalog's content checks (see the module doc)."""
    text = text or ""
    if not text.strip():
        facts = {"v": FACTS_VERSION, "text": False, "years": [], "index": None, "checks": {}}
        if extraction_status in UNREADABLE_STATUSES:
            facts["unreadable"] = extraction_status
        return facts
    collapsed = _collapsed(text)
    checks = {}
    for code, check in catalog.content_checks.items():
        result = _run_check(check, text, collapsed, doc_date)
        if result is not None:
            checks[code] = result
    index = find_index(text, INDEX_LABELS_DEFAULT, collapsed=collapsed)
    return {
        "v": FACTS_VERSION,
        "text": True,
        "years": years_mentioned(text)[:60],
        "index": None if index is None else {"value": index[0], "text": index[1]},
        "checks": checks,
    }



def covers_period(facts: dict, doc_date: date | None, year: int, years_before: int = 0) -> bool:
    """The text mentions the evaluation year (or up to ``years_before`` earlier), or its date is in it."""
    wanted = set(range(year - years_before, year + 1))
    if doc_date is not None and doc_date.year in wanted:
        return True
    return bool(wanted & set(facts.get("years") or ()))
