"""Content model shared by the builders: blocks, the per-document context and text helpers."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from flows.sample_data.questions import _Question
from flows.sample_data.units import _Profile

_MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

#   ("title", text) centred bold · ("center", text) · ("h", text) heading · ("p", text)
#   ("kv", [(key, value), ...]) · ("table", header, rows) · ("sign", [lines]) · ("break",)
Block = tuple


@dataclass
class _Ctx:
    unit: _Profile
    year: int
    title: str
    question: _Question
    rng: random.Random
    people: list[tuple[str, str, str]]  # (name, nip, jabatan)

    def d(self, month: int | None = None) -> date:
        m = month or self.rng.randint(1, 11)
        day = date(self.year, m, self.rng.randint(2, 27))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return day

    def nomor(self, prefix: str = "800") -> str:
        return f"{prefix}/{self.rng.randint(12, 980):03d}/{self.unit.kode}/{self.year}"

    def pick(self, n: int) -> list[tuple[str, str, str]]:
        return self.rng.sample(self.people, min(n, len(self.people)))


def _tgl(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _tc(text: str) -> str:
    """Title-case an official title but keep acronyms (RSUD, UPTD) and "dr." intact."""
    out = text.title()
    for a, b in (("Rsud", "RSUD"), ("Uptd", "UPTD"), ("Dr.", "dr.")):
        out = out.replace(a, b)
    return out


def _hari_tgl(d: date) -> str:
    return f"{_DAYS[d.weekday()]}, {_tgl(d)}"


def _kop(c: _Ctx) -> list[Block]:
    return [("title", c.unit.kop[0]), ("title", " ".join(c.unit.kop[1:-2]) if len(c.unit.kop) > 3 else c.unit.kop[1]),
            ("center", c.unit.kop[-2]), ("center", c.unit.kop[-1]), ("rule",)]


def _sign(c: _Ctx, d: date, who: str = "head") -> Block:
    if who == "head":
        return ("sign", [f"Jember, {_tgl(d)}", c.unit.head_title, "", "", c.unit.head_name, f"NIP. {c.unit.head_nip}"])
    name, nip, jab = c.people[0]
    return ("sign", [f"Jember, {_tgl(d)}", jab, "", "", name, f"NIP. {nip}"])


def _attendance_rows(c: _Ctx, n: int) -> list[list[str]]:
    return [[str(i + 1), nm, nip, jab, f"{i + 1}. ........"] for i, (nm, nip, jab) in enumerate(c.pick(n))]

