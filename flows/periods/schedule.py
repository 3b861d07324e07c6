"""The calendar of one evaluation period: its windows (isian, verifikasi, revisi) and its deadlines.

Where the default dates come from — PermenPANRB 90/2021 (Pedoman Pembangunan dan Evaluasi Zona Integritas),
Lampiran II, BAB II "Pengajuan Unit Kerja/Satuan Kerja Berpredikat Menuju WBK dan WBBM", halaman 50:
"Pengajuan evaluasi kepada TPN melalui PMPZI dilakukan paling lambat pada tanggal 31 Mei setiap tahunnya.
Apabila terdapat perubahan terkait tanggal waktu pengajuan evaluasi, maka Kementerian PANRB akan memberikan
informasi melalui surat pemberitahuan." That is the only date the regulation fixes. Lampiran II, BAB I.A
orders the steps before it: the unit builds its ZI and fills the LKE, the TPI evaluates it with the LKE and
recommends improvements (tugas TPI 1–2), and only then does the head of the agency propose the unit to the TPN
(BAB II). So the other defaults are ours, laid out backwards from 31 May and editable per period by an admin
(the Kementerian may move the date by letter): isian 1 January – 31 March, verifikasi TPI 1–30 April, revisi
1–24 May (a week left to submit through PMPZI).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from config.i18n import N_, _

#: What each window is called where people read it.
WINDOW_LABELS = {
    "isian": N_("Isian LKE"),
    "verifikasi": N_("Verifikasi TPI"),
    "revisi": N_("Revisi"),
}
#: The windows in which units may upload evidence.
UPLOAD_WINDOWS = ("isian", "revisi")
DEADLINE_LABELS = {
    "isian": N_("Batas isian LKE"),
    "verifikasi": N_("Batas verifikasi TPI"),
    "revisi": N_("Batas revisi"),
    "tpn": N_("Batas pengajuan ke TPN"),
}


@dataclass(frozen=True)
class Window:
    name: str
    start: date | None
    end: date | None

    @property
    def label(self) -> str:
        return WINDOW_LABELS[self.name]

    @property
    def scheduled(self) -> bool:
        return self.start is not None and self.end is not None

    def is_open(self, day: date) -> bool:
        return self.scheduled and self.start <= day <= self.end


@dataclass(frozen=True)
class Schedule:
    year: int
    isian: Window
    verifikasi: Window
    revisi: Window
    tpn_deadline: date | None

    @property
    def windows(self) -> tuple[Window, Window, Window]:
        return (self.isian, self.verifikasi, self.revisi)

    @property
    def limits_uploads(self) -> bool:
        """False for a period whose upload windows were never scheduled (uploads not limited)."""
        return any(w.scheduled for w in self.windows if w.name in UPLOAD_WINDOWS)

    def open_windows(self, day: date) -> list[Window]:
        return [w for w in self.windows if w.is_open(day)]

    def deadlines(self) -> list[tuple[str, date]]:
        """(what, last day) of each scheduled deadline, in date order."""
        found = [(DEADLINE_LABELS[w.name], w.end) for w in self.windows if w.end is not None]
        if self.tpn_deadline is not None:
            found.append((DEADLINE_LABELS["tpn"], self.tpn_deadline))
        return sorted(found, key=lambda item: item[1])


def default_dates(year: int) -> dict[str, date]:
    """The default dates of a period (see the module's docstring for where each comes from)."""
    return {"isian_start": date(year, 1, 1), "isian_end": date(year, 3, 31),
            "verifikasi_start": date(year, 4, 1), "verifikasi_end": date(year, 4, 30),
            "revisi_start": date(year, 5, 1), "revisi_end": date(year, 5, 24),
            "tpn_deadline": date(year, 5, 31)}  # PermenPANRB 90/2021, Lampiran II BAB II: "paling lambat 31 Mei"


DATE_FIELDS = tuple(default_dates(2000))


def schedule_of(period) -> Schedule:
    """The schedule of a ``storage.records.models.Period`` row."""
    return Schedule(period.year,
                    Window("isian", period.isian_start, period.isian_end),
                    Window("verifikasi", period.verifikasi_start, period.verifikasi_end),
                    Window("revisi", period.revisi_start, period.revisi_end),
                    period.tpn_deadline)


def check_dates(dates: dict[str, date | None]) -> list[str]:
    """What is wrong with a period's dates (empty = nothing), in Indonesian."""
    problems = []
    for name in WINDOW_LABELS:
        start, end = dates.get(f"{name}_start"), dates.get(f"{name}_end")
        if (start is None) != (end is None):
            problems.append(_("%(window)s: isi tanggal mulai dan tanggal selesai, atau kosongkan keduanya",
                              window=_(WINDOW_LABELS[name])))
        elif start and end and start > end:
            problems.append(_("%(window)s: tanggal mulai sesudah tanggal selesai", window=_(WINDOW_LABELS[name])))
    if problems:
        return problems
    previous = None  # the windows follow each other: isian, then verifikasi TPI, then revisi, then the TPN
    for name in WINDOW_LABELS:
        start, end = dates.get(f"{name}_start"), dates.get(f"{name}_end")
        if start is None:
            continue
        if previous is not None and start <= previous[1]:
            problems.append(_("%(window)s harus dimulai sesudah %(previous)s selesai", window=_(WINDOW_LABELS[name]),
                              previous=_(WINDOW_LABELS[previous[0]])))
        previous = (name, end)
    tpn = dates.get("tpn_deadline")
    if tpn is not None and previous is not None and tpn < previous[1]:
        problems.append(_("Batas pengajuan ke TPN tidak boleh sebelum %(previous)s selesai",
                          previous=_(WINDOW_LABELS[previous[0]])))
    return problems
