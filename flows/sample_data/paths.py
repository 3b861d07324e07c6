"""Folder styles: where a document of a question lands inside a unit folder.

* ``serang`` – ``AREA I/i. Penyusunan Tim Kerja/1.i.a SK TIM ZONA INTEGRITAS 2025.pdf``
* ``bps``    – ``1. Manajemen Perubahan/I. Pemenuhan/i. .../a. <short question title>/<label>.pdf``
* ``loose``  – ``Manajemen Perubahan/<loose folder>/<label>.pdf``
"""

from __future__ import annotations

import random
import re

from flows.sample_data.questions import _Question
from flows.sample_data.units import _Profile

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}

# Loose (RSUD) folder names per indicator.
_LOOSE_FOLDERS = {
    ("I", 1, "i"): "Tim Kerja", ("I", 1, "ii"): "Rencana Kerja ZI", ("I", 1, "iii"): "Monev",
    ("I", 1, "iv"): "Budaya Kerja", ("I", 2, "i"): "SOP", ("I", 2, "ii"): "SPBE",
    ("I", 2, "iii"): "PPID", ("I", 3, "i"): "Kebutuhan Pegawai", ("I", 3, "ii"): "Mutasi",
    ("I", 3, "iii"): "Diklat", ("I", 3, "iv"): "SKP", ("I", 3, "v"): "Disiplin",
    ("I", 3, "vi"): "SIMPEG", ("I", 4, "i"): "Keterlibatan Pimpinan", ("I", 4, "ii"): "SAKIP",
    ("I", 5, "i"): "Gratifikasi", ("I", 5, "ii"): "SPIP", ("I", 5, "iii"): "Pengaduan",
    ("I", 5, "iv"): "WBS", ("I", 5, "v"): "Benturan Kepentingan", ("I", 6, "i"): "Standar Pelayanan",
    ("I", 6, "ii"): "Pelayanan Prima", ("I", 6, "iii"): "SP4N LAPOR", ("I", 6, "iv"): "SKM",
    ("I", 6, "v"): "IT Pelayanan", ("II", 1, "i"): "Agen Perubahan", ("II", 1, "ii"): "Komitmen Pimpinan",
    ("II", 1, "iii"): "Budaya Kerja", ("II", 2, "i"): "Proses Bisnis", ("II", 2, "ii"): "SPBE",
    ("II", 2, "iii"): "Transformasi Digital", ("II", 3, "i"): "Kinerja Individu",
    ("II", 3, "ii"): "Assessment", ("II", 3, "iii"): "Disiplin", ("II", 4, "i"): "Capaian Kinerja",
    ("II", 4, "ii"): "Reward Punishment", ("II", 4, "iii"): "Pohon Kinerja",
    ("II", 5, "i"): "Manajemen Risiko", ("II", 5, "ii"): "Pengaduan", ("II", 5, "iii"): "LHKPN LHKASN",
    ("II", 6, "i"): "Inovasi", ("II", 6, "ii"): "Pengaduan",
}


def _safe(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("/", "-").replace(":", "").replace("\\", "-")).strip()


def _with_year(label: str, year: int) -> str:
    return label if str(year) in label or re.search(r"\b20\d\d\b", label) else f"{label} {year}"


def _doc_path(p: _Profile, q: _Question, label: str, ext: str, year: int, rng: random.Random) -> str:
    area, ind = q.area_no, q.ind
    if p.style == "serang":
        base = f"AREA {_ROMAN[area]}"
        if q.komponen == "II":
            base += "/REFORM"
            prefix = f"R.{area}.{ind}.{q.letter}"
        else:
            prefix = f"{area}.{ind}.{q.letter}"
        return f"{base}/{ind}. {_safe(q.indicator_name)}/{prefix} {_safe(_with_year(label, year).upper())}.{ext}"
    if p.style == "bps":
        komp = "I. Pemenuhan" if q.komponen == "I" else "II. Reform"
        leaf = f"{q.letter.split('.')[0]}. {_safe(q.short)}"
        folder = f"{area}. {q.area_name}/{komp}/{ind}. {_safe(q.indicator_name)}/{leaf}"
        name = _safe(label)
        if q.code == "A.I.6.iv.a" or rng.random() < 0.2:
            name = f"{q.code} {name}"
        return f"{folder}/{name}.{ext}"
    return f"{q.area_name}/{_LOOSE_FOLDERS[q.indicator_key]}/{_safe(label)}.{ext}"


_LABEL_OVERRIDES = {
    ("bps", "SK Tim Zona Integritas"): "SK Tim ZI",
    ("loose", "SK Tim Zona Integritas"): "SK Tim Pembangunan ZI",
    ("bps", "Rencana Aksi Pembangunan ZI {year}"): "Rencana Aksi ZI {year}",
}
