"""The message catalogue (Indonesian msgids, English second), WIB times and Indonesian numbers (issue 16).

The catalogue tests fail when a user-facing string of a page, an e-mail or the code is not in the
English catalogue, when the English catalogue has an untranslated or fuzzy entry, when a translation
drops a placeholder, or when a template has text that does not go through the catalogue.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from config import formatting
from config.i18n import LOCALE_DIR, gettext, negotiate, use_locale
from tests.template_text import bare_text

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "web" / "templates").glob("*.html")) + sorted(
    (ROOT / "flows" / "mail" / "templates").glob("*.html"))


def _read_po(lang: str):
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / lang / "LC_MESSAGES" / "dukung.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _extracted() -> set[str]:
    """Every msgid in the code and templates, extracted as `make messages` does (babel.cfg)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "lazy_gettext": None}
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=keywords, directory_filter=lambda d: ".venv" not in d):
        ids.add(message if isinstance(message, str) else message[0])
    return ids


def test_every_extracted_string_has_an_english_translation():
    english = _read_po("en")
    translated = {m.id for m in english if m.id and m.string and not m.fuzzy}
    missing = sorted(_extracted() - translated)
    assert not missing, f"run `make messages` and translate in config/locale/en: {missing[:20]}"


def test_the_english_catalogue_is_complete_and_keeps_every_placeholder():
    english = _read_po("en")
    untranslated = [m.id for m in english if m.id and (not m.string or m.fuzzy)]
    assert not untranslated, untranslated[:20]
    problems = [(m.id, [str(e) for e in errors]) for m, errors in english.check()]
    assert not problems, problems[:10]
    for m in english:
        if m.id:
            assert set(re.findall(r"%\(\w+\)s", m.id)) == set(re.findall(r"%\(\w+\)s", m.string)), m.id


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_template_has_text_outside_the_catalogue(template):
    assert bare_text(template.read_text(encoding="utf-8")) == []


def test_the_template_check_sees_bare_text_and_read_attributes():
    assert bare_text('<p class="x">Unggah ulang</p>') == ["Unggah ulang"]
    assert bare_text('<input placeholder="mis. DINKES">') == ['placeholder="mis. DINKES"']
    assert bare_text('<p>{{ _("Unggah ulang") }} {{ n }}</p><script>let a = "b";</script>') == []
    assert bare_text("{% trans %}Ada {{ n }} celah{% endtrans %}") == []


def test_indonesian_is_the_default_and_english_is_the_second_locale():
    assert gettext("Proses ulang") == "Proses ulang"
    with use_locale("en"):
        assert gettext("Proses ulang") == "Process again"
        assert gettext("%(n)s pertanyaan belum lengkap", n=12) == "12 questions incomplete"
        with use_locale("id"):
            assert gettext("Proses ulang") == "Proses ulang"
    assert negotiate("en-US,en;q=0.9") == "en"
    assert negotiate("id-ID,id;q=0.9,en;q=0.8") == "id"
    assert negotiate("fr-FR") == "id" and negotiate(None) == "id" and negotiate("de", default="en") == "en"


def test_times_are_wib_and_labelled_numbers_and_dates_indonesian():
    utc = datetime(2026, 12, 1, 7, 5)  # naive = UTC, as the records keep it
    assert formatting.format_time(utc) == "1 Desember 2026 14.05 WIB"
    assert formatting.format_time(utc.replace(tzinfo=timezone.utc), with_date=False) == "14.05 WIB"
    assert formatting.format_time("2026-12-01T23:30:00+00:00") == "2 Desember 2026 06.30 WIB"
    assert formatting.format_date(datetime(2026, 12, 1, 20, 0)) == "2 Desember 2026"  # the WIB day
    assert formatting.format_number(1234.5) == "1.234,5"
    assert formatting.format_number(1234567) == "1.234.567"
    assert formatting.format_percent(0.425, 1) == "42,5 %"
    assert formatting.format_size(3 * 1024 * 1024 + 512 * 1024) == "3,5 MB"
    with use_locale("id", "Asia/Makassar"):
        assert formatting.format_time(utc) == "1 Desember 2026 15.05 WITA"
    with use_locale("en"):
        assert formatting.format_time(utc) == "December 1, 2026 14:05 WIB"
        assert formatting.format_number(1234.5) == "1,234.5"


def test_the_gap_email_says_when_it_was_made_in_wib():
    """It printed the machine's clock with %Z ("01-12-2026 07:05 UTC" on a server in UTC)."""
    from flows.mail.reports_html import _now

    stamp = _now()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4} \d{2}\.\d{2} WIB", stamp), stamp
    hour = int(stamp.split()[-2].split(".")[0])
    assert hour == (datetime.now(timezone.utc).hour + 7) % 24 or hour == (datetime.now(timezone.utc).hour + 8) % 24


def test_pages_follow_the_browser_language_and_default_to_indonesian(runtime):
    from tests.web_helpers import signed_in_site

    with signed_in_site(runtime, {}) as site:
        assert "Masuk ke Dukung" in site.anon.get("/login").text
        assert "Masuk ke Dukung" in site.anon.get("/login", headers={"Accept-Language": "id-ID,id"}).text
        english = site.anon.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
        assert "Sign in to Dukung" in english and "Masuk ke Dukung" not in english and 'lang="en"' in english


def test_the_unit_email_speaks_the_configured_language(runtime):
    from flows.completeness.check import check_completeness
    from flows.mail.compose import compose_unit_message

    report = check_completeness(runtime, "DINKES-JBR", 2025)
    kwargs = dict(sender="dukung@example.go.id", to=["zi@dinkes.example.go.id"], slot="2025-11-03")
    indonesian = compose_unit_message(report, None, **kwargs).message
    english = compose_unit_message(report, None, locale="en", **kwargs).message
    assert "pertanyaan LKE belum lengkap" in indonesian["Subject"]
    assert "LKE questions incomplete" in english["Subject"]
    html = english.get_body(("html",)).get_content()
    assert "Evidence coverage per area" in html and "Cakupan bukti per area" not in html
    assert re.search(r"\d{2}:\d{2} WIB", html)


def _script_messages() -> set[str]:
    """The msgids of ``t("…")`` in the page scripts (string literals joined with ``+``)."""
    found = set()
    for script in (ROOT / "web" / "static").glob("*.js"):
        if script.name.endswith(".min.js"):
            continue
        source = script.read_text(encoding="utf-8")
        for call in re.finditer(r'\bt\(\s*((?:"(?:[^"\\]|\\.)*"\s*\+\s*)*"(?:[^"\\]|\\.)*")', source):
            found.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', call.group(1))))
    return found


def test_every_message_of_the_page_scripts_is_in_the_catalogue():
    from web.js_messages import JS_MESSAGES, js_catalogue

    used = _script_messages()
    assert len(used) >= 15
    assert used <= set(JS_MESSAGES), sorted(used - set(JS_MESSAGES))
    assert js_catalogue() == {}  # Indonesian: the scripts' own words
    with use_locale("en"):
        english = js_catalogue()
    assert english["menunggu"] == "waiting" and len(english) >= len(JS_MESSAGES) - 2  # "Folder …" stays


def test_a_person_chooses_the_language_in_the_footer_and_it_wins_over_the_browser(runtime):
    from tests.web_helpers import signed_in_site

    with signed_in_site(runtime, {"anggota": {"role": "unit", "units": ["DINKES-JBR"]}}) as site:
        member = site.login("anggota")
        home = member.get("/", headers={"Accept-Language": "id"}).text
        assert 'href="/language/en?next=/"' in home and "Anggota unit" in home and "· unit<" not in home
        chose = member.get("/language/en?next=/gaps", follow_redirects=False)
        assert chose.status_code == 303 and chose.headers["location"] == "/gaps"
        english = member.get("/gaps?period=2025", headers={"Accept-Language": "id-ID,id"}).text
        assert "Open gaps — period" in english and "Unit member" in english
        member.get("/language/id?next=//evil.example")  # never leaves the site
        assert member.get("/language/id?next=//evil.example", follow_redirects=False).headers["location"] == "/"
        assert "Celah terbuka — periode" in member.get("/gaps?period=2025", headers={"Accept-Language": "en"}).text
