"""The words of the page scripts (``static/upload.js``), through the same catalogue as the pages.

A script writes ``t("Unggahan #%(id)s: mengirim %(total)s berkas…", {id, total})``; the page carries the
translations of these messages for the reader's locale in ``<script id="dukung-messages">`` (nothing in
Indonesian, the msgids' own language), and ``t`` falls back to the msgid. ``tests/test_i18n.py`` checks
that every ``t("…")`` of the scripts is listed here, so that `make messages` extracts it.
"""

from __future__ import annotations

from config.i18n import N_, current_locale, gettext

JS_MESSAGES = (
    N_("menunggu"),
    N_("Folder %(folder)s: "),
    N_("%(n)s berkas, %(size)s."),
    N_("Tidak ada berkas yang dapat diunggah."),
    N_("Galat %(status)s"),
    N_("mengirim"),
    N_("diterima; menunggu diproses"),
    N_("koneksi terputus; dilanjutkan otomatis saat tersambung lagi"),
    N_("ditolak: %(detail)s"),
    N_("gagal terkirim (jaringan); pilih Lanjutkan untuk mencoba lagi"),
    N_("Unggahan #%(id)s: %(done)s dari %(total)s berkas terkirim…"),
    N_("Unggahan #%(id)s: mengirim %(total)s berkas…"),
    N_("Unggahan #%(id)s: %(status)s. "),
    N_("%(ok)s diklasifikasikan, %(failed)s gagal, %(rejected)s ditolak, %(pending)s menunggu."),
    N_("Melanjutkan unggahan #%(id)s (%(received)s). "),
    N_("Pilih lagi folder atau berkas yang sama: hanya yang belum diterima yang dikirim."),
    N_("Batalkan unggahan #%(id)s? Berkas yang sudah diterima tetap disimpan dan diproses; yang belum "
       "lengkap dibuang."),
    N_("Gagal membatalkan: %(error)s"),
    N_("Terima unggahan #%(id)s di luar masa isian/revisi? Tindakan ini dicatat di log audit."),
    N_("Gagal menerima: %(error)s"),
    N_("sudah diterima sebelumnya"),
    N_("ditolak: berkas terlalu besar (maksimum %(mb)s MB)"),
    N_("Unggahan #%(id)s: %(received)s. Sebagian berkas belum terkirim: pilih Lanjutkan pada daftar unggahan "
       "di bawah (setelah memuat ulang halaman) untuk mengirim sisanya."),
    N_("Semua berkas terkirim. Memproses (ekstrak teks → klasifikasi → indeks)…"),
    N_("Unggahan gagal: %(error)s"),
)


def js_catalogue() -> dict[str, str]:
    """The scripts' messages that read differently in the current locale (empty in Indonesian)."""
    if current_locale() == "id":
        return {}
    return {m: text for m in JS_MESSAGES if (text := gettext(m)) != m}
