"""Read LKE positions from folder and file names, as ZI teams write them.

Recognised forms (see ../shared/domain §5.1):
- official codes anywhere: ``A.I.1.i.a``; BPS ids ``PPA1A``;
- PN-Serang prefixes: ``1.i.a SK TIM ZI.pdf`` (area.indicator.question);
- folder hierarchies: ``AREA I/i. Penyusunan Tim Kerja``, ``1. Manajemen Perubahan/I. Pemenuhan/
  i. Penyusunan Tim Kerja/a. Unit Kerja Telah Membentuk Tim``, or names only
  (``Manajemen Perubahan/Tim Kerja``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexing.classify.text import normalize, token_overlap

CODE_RE = re.compile(r"(?<![A-Za-z0-9])([AB]\.I{1,2}(?:\.[0-9ivx]+|\.[a-h])+)(?![A-Za-z0-9])")
BPS_RE = re.compile(r"(?<![A-Za-z0-9])(P[PR][A-F]\d[A-H])(?![A-Za-z0-9])")
SHORT_RE = re.compile(r"(?<![\w.])([1-6])\.([ivx]{1,4})\.([a-h])(?![a-z0-9])", re.IGNORECASE)
AREA_RE = re.compile(r"^\s*area\s*[-_.:]?\s*([ivx]{1,4}|[1-6])\b", re.IGNORECASE)
ENUM_RE = re.compile(r"^\s*([0-9]{1,2}|[ivx]{1,5}|[a-h])\s*[.)]\s*(.*)$", re.IGNORECASE)
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
COMPONENT_RE = re.compile(r"^\s*(pemenuhan|reform|pengungkit|hasil)\s*$", re.IGNORECASE)
NAME_MATCH = 0.6


@dataclass
class PathReading:
    """What a path says about the LKE position of a document."""

    question_codes: list[str] = field(default_factory=list)
    area_number: int | None = None
    component_code: str | None = None
    indicator_codes: list[str] = field(default_factory=list)
    reason: str = ""
    confidence: float = 0.0


def _best_alias(text: str, candidates) -> tuple[object, float]:
    """The candidate (obj, aliases) whose alias best matches ``text`` by word overlap."""
    best, best_score = None, 0.0
    norm = normalize(text).strip()
    if not norm:
        return None, 0.0
    for obj, aliases in candidates:
        for alias in aliases:
            a = normalize(alias).strip()
            if not a:
                continue
            if norm == a:
                score = 1.0
            else:
                score = token_overlap(norm, a)
                # a folder name that is much longer than the alias weakens the match a little
                if score >= NAME_MATCH and len(norm.split()) > 2 * len(a.split()) + 3:
                    score -= 0.1
            if score > best_score:
                best, best_score = obj, score
    return best, best_score


def _official_codes(catalog, text: str) -> list[str]:
    codes = []
    for raw in CODE_RE.findall(text):
        parts = raw.split(".")
        while len(parts) >= 3:
            candidate = ".".join(parts)
            if catalog.has_question(candidate):
                codes.append(candidate)
                break
            parts.pop()
    for bps in BPS_RE.findall(text):
        if catalog.has_question(bps):
            codes.append(catalog.question(bps).code)
    return list(dict.fromkeys(codes))


def read_path(catalog, relative_path: str) -> PathReading:
    """Read the LKE position from a document's relative path (folders and file name)."""
    parts = [p for p in relative_path.replace("\\", "/").split("/") if p]
    file_name = parts[-1] if parts else ""
    folders = parts[:-1]
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    reading = PathReading()
    component = "A.II" if any("reform" in p.lower() for p in parts) else None
    if component is None and any("pemenuhan" in p.lower() for p in parts):
        component = "A.I"
    reading.component_code = component

    # 1. Official codes or BPS ids anywhere in the path.
    codes = _official_codes(catalog, relative_path)
    if codes:
        reading.question_codes = codes
        reading.confidence = 0.95
        reading.reason = f"kode {', '.join(codes)} tertulis pada path '{relative_path}'"
        return reading

    # 2. PN-Serang style prefix "1.i.a" in file or folder names.
    for part in reversed(parts):
        m = SHORT_RE.search(part)
        if m:
            area, numeral, letter = m.group(1), m.group(2).lower(), m.group(3).lower()
            for comp in ([component] if component else ["A.I", "A.II"]):
                code = f"{comp}.{area}.{numeral}.{letter}"
                if catalog.has_question(code):
                    reading.question_codes = [code]
                    reading.confidence = 0.9
                    reading.reason = f"awalan '{m.group(0)}' pada '{part}' → {code}"
                    return reading

    # 3. Folder hierarchy: area → (component) → indicator → question.
    areas_by_number: dict[int, list] = {}
    for area in catalog.areas():
        areas_by_number.setdefault(area.number, []).append(area)
    area_candidates = [(n, list(dict.fromkeys([a.name.lower() for a in lst] + [al for a in lst for al in a.aliases])))
                       for n, lst in areas_by_number.items()]
    area_no = None
    area_from = ""
    indicator = None
    indicator_from = ""
    question = None
    question_from = ""
    for part in folders + [stem]:
        is_file = part == stem and part is not None and parts and part == parts[-1].rsplit(".", 1)[0]
        enum, rest = None, part
        m = ENUM_RE.match(part)
        if m:
            enum, rest = m.group(1).lower(), m.group(2)
        if area_no is None:
            am = AREA_RE.match(part)
            if am:
                token = am.group(1).lower()
                area_no = int(token) if token.isdigit() else ROMAN.get(token)
                area_from = part
                continue
            n, score = _best_alias(rest, area_candidates)
            if n is not None and score >= NAME_MATCH:
                area_no, area_from = n, part
                continue
            if is_file:
                break
            continue
        comps = [component] if component else ["A.I", "A.II"]
        if COMPONENT_RE.match(rest or part):
            continue  # "I. Pemenuhan", "II. Reform", "A. Pengungkit" only name the component
        if indicator is None:
            inds = [i for a in areas_by_number.get(area_no, []) if a.code.rsplit(".", 1)[0] in comps
                    for i in a.indicators]
            by_numeral = [i for i in inds if enum and i.numeral == enum] if not is_file else []
            # A numbered folder ("ii. Pola Mutasi Internal") is trusted when its name agrees.
            if by_numeral and (not rest.strip() or token_overlap(rest, by_numeral[0].name) >= 0.3):
                indicator, indicator_from = by_numeral[0], part
                continue
            found, score = _best_alias(rest, [(i, [i.name.lower(), *i.aliases]) for i in inds])
            if found is not None and score >= NAME_MATCH:
                indicator, indicator_from = found, part
            elif by_numeral:
                indicator, indicator_from = by_numeral[0], part
            continue
        if question is None:
            questions = _indicator_questions(indicator)
            by_letter = [q for q in questions if enum and q.letter == enum] if not is_file else []
            if by_letter:
                question, question_from = by_letter[0], part
                continue
            found, score = _best_alias(rest, [(q, [q.text.lower()]) for q in questions])
            if found is not None and score >= NAME_MATCH:
                question, question_from = found, part
            continue

    reading.area_number = area_no
    if question is not None:
        reading.question_codes = [question.code]
        reading.indicator_codes = [indicator.code]
        reading.confidence = 0.9
        reading.reason = f"folder '{area_from}/{indicator_from}/{question_from}' → {question.code}"
    elif indicator is not None:
        reading.indicator_codes = [indicator.code]
        reading.confidence = 0.75
        reading.reason = f"folder '{area_from}/{indicator_from}' → indikator {indicator.code} ({indicator.name})"
    elif area_no is not None:
        reading.confidence = 0.5
        reading.reason = f"folder '{area_from}' → area {area_no}"
    return reading


def _indicator_questions(indicator) -> list:
    questions = list(getattr(indicator, "questions", None) or [])
    for sub in getattr(indicator, "sub_indicators", None) or []:
        questions.extend(sub.questions)
    return questions
