"""Heuristic metadata of Indonesian government documents: date, number, title, issuer.

Built for the text that :func:`indexing.extract.extract_file` returns from SK decrees
(*Surat Keputusan*), reports, minutes (*notulen*) and letters. Conventions handled:

* date — "Ditetapkan di Jember pada tanggal 5 Februari 2024" wins, else the last
  signature-style date "<Kota>, 12 Maret 2025", else the first full date in the text;
  Indonesian month names and abbreviations, and numeric d-m-yyyy / d/m/yyyy / d.m.yyyy;
  impossible dates (31 Februari) are ignored;
* number — "Nomor : 800/123/2024", "NOMOR 12 TAHUN 2024", "No. 045/SK/ZI/II/2024";
* title — the lines after "TENTANG" (up to :data:`TITLE_MAX_LINES`), else the first
  heading-like line (mostly uppercase);
* issuer — "KEPUTUSAN KEPALA DINAS …" / "PERATURAN BUPATI …", else the office line of
  the signature block ("KEPALA DINAS …" above a name or NIP).

Everything is regex-based and compiled once; no step looks at more than the text given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: A title after "TENTANG" is read from at most this many lines. ZI titles
#: ("PEMBENTUKAN TIM KERJA PEMBANGUNAN ZONA INTEGRITAS MENUJU WILAYAH BEBAS DARI
#: KORUPSI DAN WILAYAH BIROKRASI BERSIH DAN MELAYANI DI LINGKUNGAN …") often wrap to 4.
TITLE_MAX_LINES = 4
#: A heading-style title (no "TENTANG") is looked for in this many first lines.
HEADING_SEARCH_LINES = 200
MIN_YEAR, MAX_YEAR = 1945, 2100


@dataclass
class DocumentMetadata:
    date: dt.date | None = None
    #: The date as written in the document, e.g. "5 Februari 2024".
    date_text: str | None = None
    number: str | None = None
    title: str | None = None
    issuer: str | None = None


_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "jan", "january"),
        ("februari", "pebruari", "feb", "peb", "february"),
        ("maret", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agu", "agt", "ags", "agust", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "des", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "5 Februari 2024", "05-Feb-2024", "5 Agu. 2024"
_TEXT_DATE = rf"(?<!\d)(?P<td>\d{{1,2}})[ \t]*[-/ ][ \t]*(?P<tm>{_MONTH_ALT})\b\.?[ \t]*[-/ ,][ \t]*(?P<ty>\d{{4}})(?!\d)"
# "05/02/2024", "5-2-2024", "5.2.2024" (day first, as written in Indonesia)
_NUM_DATE = r"(?<![\d/.\-])(?P<nd>\d{1,2})(?P<sep>[-/.])(?P<nm>\d{1,2})(?P=sep)(?P<ny>\d{4})(?![\d/.\-])"
# "2024-02-05"
_ISO_DATE = r"(?<![\d/.\-])(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?![\d/.\-])"

_DATE_RE = re.compile(rf"{_TEXT_DATE}|{_NUM_DATE}|{_ISO_DATE}", re.IGNORECASE)
# "Ditetapkan di Jember", "Ditetapkan pada tanggal …" — not "berlaku pada tanggal ditetapkan."
_ENACTED_RE = re.compile(r"\b(?:ditetapkan|disahkan)\b(?=[ \t]*(?:di\b|pada\b|tanggal\b|:))", re.IGNORECASE)
_ENACTED_WINDOW = 160
_CITY = r"[A-Z][A-Za-z.'\-]*(?:[ \t]+[A-Z][A-Za-z.'\-]*){0,3}"
_SIGNATURE_DATE_RE = re.compile(
    rf"^[ \t]*{_CITY}[ \t]*,[ \t]*(?i:(?:tanggal[ \t]+)?(?:{_TEXT_DATE}|{_NUM_DATE}))[ \t]*$",
    re.MULTILINE,
)

_NUMBER_RE = re.compile(
    r"^[ \t]*(?:nomor|nomer|nmr\.?|no\.?)(?![a-z])[ \t]*[:.]?[ \t]*"
    r"(?P<value>[0-9A-Za-z][\w.\-]*(?:[ \t]*/[ \t]*[\w.\-]+)*(?:[ \t]+tahun[ \t]+\d{4})?)",
    re.IGNORECASE | re.MULTILINE,
)

# Lowercase "tentang" right after a number cites another regulation; the document's own
# number is followed by an uppercase or title-case "TENTANG" heading.
_REFERENCE_RE = re.compile(r"[ \t,]*(?:\n[ \t]*)?tentang\b")

_TITLE_START_UPPER_RE = re.compile(r"^[ \t]*TENTANG\b[ \t]*:?[ \t]*(?P<rest>.*)$", re.MULTILINE)
# "Tentang" in title case; a lowercase "tentang" at a line start is a wrapped legal reference
# ("... Nomor 90 Tahun 2021\ntentang Pembangunan ..."), not a title.
_TITLE_START_ANY_RE = re.compile(r"^[ \t]*T(?i:entang)\b[ \t]*:?[ \t]*(?P<rest>.*)$", re.MULTILINE)
_TITLE_STOP_RE = re.compile(
    r"^[ \t]*(?:menimbang|mengingat|memperhatikan|memutuskan|menetapkan|dengan[ \t]+rahmat|"
    r"kepala|bupati|wali[ \t]?kota|gubernur|menteri|sekretaris|direktur|nomor|ditetapkan)\b",
    re.IGNORECASE,
)

_ROLE = (
    r"(?:plt\.?[ \t]+|plh\.?[ \t]+|pj\.?[ \t]+)?"
    r"(?:kepala|bupati|wakil[ \t]+bupati|wali[ \t]?kota|wakil[ \t]+wali[ \t]?kota|gubernur|menteri|"
    r"sekretaris|direktur|camat|lurah|kepala[ \t]+desa|ketua|inspektur|rektor|dekan|kapolres|kapolda)\b"
)
_ISSUER_HEADER_RE = re.compile(
    rf"^[ \t]*(?:surat[ \t]+)?(?:keputusan|peraturan|instruksi|surat[ \t]+edaran|edaran)[ \t]+"
    rf"(?P<issuer>{_ROLE}[^\n]*(?:\n(?![ \t]*(?:nomor|no\.|tentang)\b)[ \t]*[^\n]+)?)",
    re.IGNORECASE | re.MULTILINE,
)
_ROLE_LINE_RE = re.compile(
    rf"^[ \t]*(?P<on_behalf>a\.?[ \t]*n\.?[ \t]+)?(?P<role>{_ROLE}[^\n]*)$", re.IGNORECASE | re.MULTILINE
)
_SIGNATURE_EVIDENCE_RE = re.compile(
    r"^[ \t]*(?:nip\.?\b|ttd\b|\(?ttd\)?|cap\b|"
    r"(?:dr|drg|drs|dra|ir|h|hj|prof|apt|ns)\.[ \t]*\S|"
    r"\S.*,[ \t]*(?:S|M|Dr)\.[ \t]*[A-Za-z]|"
    r"(?:pembina|penata|pengatur|juru)\b)",
    re.IGNORECASE,
)
_SIGNATURE_LOOKAHEAD = 6

_LETTER_RE = re.compile(r"[^\W\d_]")
_HEADING_DOC_WORDS_RE = re.compile(
    r"^(?:laporan|notulen|notula|notulensi|risalah|berita[ \t]+acara|surat|keputusan|peraturan|"
    r"standar[ \t]+operasional|sop|rencana|rancangan|program|pedoman|petunjuk|panduan|daftar|"
    r"ringkasan|matriks|pakta|maklumat|instruksi|kerangka|dokumen|rekapitulasi|evaluasi|"
    r"hasil|profil|piagam|kebijakan|materi|undangan)\b",
    re.IGNORECASE,
)
_LETTERHEAD_RE = re.compile(
    r"^(?:pemerintah|kementerian|kementrian|republik|provinsi|kabupaten|kota|jalan|jl\.|telp|telepon|"
    r"website|e-?mail|laman|faks)\b",
    re.IGNORECASE,
)
_SPACES_RE = re.compile(r"\s+")
_VOWEL_RE = re.compile(r"[AEIOU]")
_SLASH_SPACES_RE = re.compile(r"[ \t]*/[ \t]*")

_ACRONYMS = {
    "RI", "RSUD", "UPT", "UPTD", "BLUD", "DPRD", "OPD", "ZI", "WBK", "WBBM", "BPS", "BKD", "BKPSDM",
    "BPKAD", "BAPPEDA", "BPBD", "PUPR", "SDM", "KB", "TK", "SD", "SMP", "SMA", "SMK", "PPID", "LKE",
    "IT", "TIK", "PNS", "ASN", "KPK", "BPK", "BPKP", "POLRI", "TNI", "PKK", "RT", "RW", "II", "III", "IV",
}
_SMALL_WORDS = {"dan", "dari", "di", "ke", "pada", "untuk", "yang", "atau", "serta", "dengan"}


def extract_metadata(text: str) -> DocumentMetadata:
    """Date, number, title and issuer of a document, each ``None`` when not found."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    date, date_text = _find_date(text)
    return DocumentMetadata(
        date=date,
        date_text=date_text,
        number=_find_number(text),
        title=_find_title(text),
        issuer=_find_issuer(text),
    )


# -- date -------------------------------------------------------------------------------


def _date_from_match(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    try:
        if groups.get("td"):
            day, month, year = int(groups["td"]), _MONTHS[groups["tm"].lower()], int(groups["ty"])
        elif groups.get("nd"):
            day, month, year = int(groups["nd"]), int(groups["nm"]), int(groups["ny"])
        else:
            day, month, year = int(groups["id"]), int(groups["im"]), int(groups["iy"])
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return dt.date(year, month, day)
    except (ValueError, KeyError, TypeError):
        return None


def _dates(text: str, start: int = 0, end: int | None = None):
    for match in _DATE_RE.finditer(text, start, len(text) if end is None else end):
        date = _date_from_match(match)
        if date is not None:
            yield date, match


def _find_date(text: str) -> tuple[dt.date | None, str | None]:
    for enacted in _ENACTED_RE.finditer(text):
        for date, match in _dates(text, enacted.end(), enacted.end() + _ENACTED_WINDOW):
            return date, _clean(match.group(0))
    signature = None
    for line in _SIGNATURE_DATE_RE.finditer(text):
        found = next(_dates(text, line.start(), line.end()), None)
        if found:
            signature = found
    if signature:
        return signature[0], _clean(signature[1].group(0))
    first = next(_dates(text), None)
    if first:
        return first[0], _clean(first[1].group(0))
    return None, None


# -- number -----------------------------------------------------------------------------


def _find_number(text: str) -> str | None:
    for match in _NUMBER_RE.finditer(text):
        value = match.group("value").strip(" .,;:")
        if _REFERENCE_RE.match(text, match.end()):
            continue  # "Nomor 28 Tahun 1999 tentang …" cites another regulation
        if any(c.isdigit() for c in value):
            return _SLASH_SPACES_RE.sub("/", _clean(value))
    return None


# -- title ------------------------------------------------------------------------------


def _find_title(text: str) -> str | None:
    start = _TITLE_START_UPPER_RE.search(text) or _TITLE_START_ANY_RE.search(text)
    if start:
        title = _title_after(text, start)
        if title:
            return title
    return _heading_title(text)


def _title_after(text: str, start: re.Match[str]) -> str | None:
    parts: list[str] = []
    rest = start.group("rest").strip()
    if rest:
        parts.append(rest)
    following = text[start.end():].split("\n")[1:]
    for line in following:
        stripped = line.strip()
        if not stripped:
            if parts:
                break
            continue  # blank line between "TENTANG" and the title
        if _TITLE_STOP_RE.match(stripped) or len(parts) >= TITLE_MAX_LINES:
            break
        parts.append(stripped)
    title = _clean(" ".join(parts)).rstrip(" ,;:")
    return title or None


def _is_heading(line: str, min_words: int, min_letters: int = 6) -> bool:
    if len(line) > 200:
        return False
    letters, upper = _letter_counts(line)
    if letters < min_letters:
        return False
    return upper / letters >= 0.8 and len(line.split()) >= min_words


_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))
_ASCII_UPPER = bytes(range(ord("A"), ord("Z") + 1))


def _letter_counts(line: str) -> tuple[int, int]:
    """(letters, uppercase letters) of a line; ASCII lines are counted with ``bytes.translate`` (C)."""
    if line.isascii():
        raw = line.encode("ascii")
        lower = len(raw) - len(raw.translate(None, _ASCII_LOWER))
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        return lower + upper, upper
    letters = _LETTER_RE.findall(line)
    return len(letters), sum(map(str.isupper, letters))


def _heading_title(text: str) -> str | None:
    lines = [line.strip() for line in text.split("\n", HEADING_SEARCH_LINES)[:HEADING_SEARCH_LINES]]
    candidates = [i for i, line in enumerate(lines) if _is_heading(line, 2) and not _LETTERHEAD_RE.match(line)]
    # Prefer a heading that names a document type ("LAPORAN …", "NOTULEN RAPAT …").
    chosen = next((i for i in candidates if _HEADING_DOC_WORDS_RE.match(lines[i])), None)
    if chosen is None:
        chosen = next((i for i in candidates if len(lines[i].split()) >= 3), None)
    if chosen is None:
        return None
    parts = [lines[chosen]]
    for line in lines[chosen + 1:chosen + 3]:  # a heading may wrap onto two more uppercase lines
        if not line or not _is_heading(line, 1, min_letters=3) or _TITLE_STOP_RE.match(line):
            break
        parts.append(line)
    return _clean(" ".join(parts)).rstrip(" ,;:")


# -- issuer -----------------------------------------------------------------------------


def _find_issuer(text: str) -> str | None:
    header = _ISSUER_HEADER_RE.search(text)
    if header:
        return _format_issuer(header.group("issuer"))
    lines = text.split("\n")
    found = None
    on_behalf_line = -10
    index, counted_to = 0, 0
    for match in _ROLE_LINE_RE.finditer(text):
        index += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        if index <= on_behalf_line + 2:  # "a.n. KEPALA DINAS," / "Sekretaris": the office on whose behalf
            continue
        if match.group("on_behalf"):
            on_behalf_line = index
        role = match.group("role").strip()
        following = [line for line in lines[index + 1:index + 1 + _SIGNATURE_LOOKAHEAD] if line.strip()]
        if not any(_SIGNATURE_EVIDENCE_RE.match(line) for line in following):
            continue
        # "KEPALA DINAS KESEHATAN" / "KABUPATEN JEMBER," — an office title may wrap once.
        if not role.endswith(",") and following and _is_heading(following[0], 1) \
                and not _SIGNATURE_EVIDENCE_RE.match(following[0]) and following[0].strip().endswith(","):
            role = f"{role} {following[0].strip()}"
        found = role
    return _format_issuer(found) if found else None


def _format_issuer(raw: str) -> str | None:
    issuer = _clean(raw).strip(" ,;:")
    if not issuer:
        return None
    letters = _LETTER_RE.findall(issuer)
    if sum(c.isupper() for c in letters) < 0.8 * len(letters):  # written in mixed case: keep as written
        return issuer
    words = []
    for i, word in enumerate(issuer.split(" ")):
        bare = word.strip(".,()")
        if word != word.upper() or bare in _ACRONYMS or (len(bare) > 1 and not _VOWEL_RE.search(bare)):
            words.append(word)
        elif i and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word.capitalize())
    return " ".join(words)


def _clean(value: str) -> str:
    return _SPACES_RE.sub(" ", value).strip()
