"""A document issued by another unit of the installation: flagged, and not this unit's evidence until a
person confirms it (the comparison runs at check time, over the issuer read at ingest and the units' names)."""

from __future__ import annotations

import pytest

from flows.completeness.issuer import UnitNames
from tests.conftest import SK_TIM
from tests.builders import make_pdf
from tests.web_helpers import fast_passwords, signed_in_site

OWN, OTHER, YEAR, CODE = "DINKES-JBR", "PKM-SUMBERSARI", 2025, "A.I.1.i.a"
SK_NAME = "1.i.a SK TIM ZONA INTEGRITAS 2025.pdf"
NAMES = UnitNames.of([(OWN, "Dinas Kesehatan Kabupaten Jember"), (OTHER, "Puskesmas Sumbersari"),
                      ("SETDA", "Sekretariat")])


@pytest.mark.parametrize("issuer, expected", [
    ("Kepala Puskesmas Sumbersari", "Puskesmas Sumbersari"),
    ("KEPALA PUSKESMAS SUMBERSARI,", "Puskesmas Sumbersari"),  # case and punctuation do not matter
    ("Kepala Dinas Kesehatan Kabupaten Jember", ""),  # its own
    ("Bupati Jember", ""),  # names no unit of the installation
    ("Kepala Dinas Kesehatan Kabupaten Jember u.p. Puskesmas Sumbersari", ""),  # both: not sure, no flag
    ("Sekretariat Daerah", ""),  # a one-word unit name is too vague to compare
    ("Kepala Puskesmas Sumbersarilor", ""),  # whole words only
    (None, ""),
])
def test_the_issuer_is_another_units_only_when_it_names_that_unit_and_not_this_one(issuer, expected):
    assert NAMES.other_issuer(issuer, OWN, "Dinas Kesehatan Kabupaten Jember") == expected


@pytest.fixture
def other_units_sk(runtime, tmp_path):
    """DINKES-JBR uploads, for its team decree, an SK that the head of Puskesmas Sumbersari signed —
    with the question chosen at upload (the surest automatic mapping there is)."""
    from flows.ingest.pipeline import ingest

    folder = tmp_path / "bukti" / "AREA I" / "i. Penyusunan Tim Kerja"
    folder.mkdir(parents=True)
    make_pdf(folder / SK_NAME, [SK_TIM.replace("KEPALA DINAS KESEHATAN KABUPATEN JEMBER", "KEPALA PUSKESMAS SUMBERSARI")
                                .replace("DINAS KESEHATAN\n", "PUSKESMAS SUMBERSARI\n")])
    ingest(runtime, tmp_path / "bukti", unit_code=OWN, year=YEAR, question=CODE)
    return runtime


def _question(rt):
    from flows.completeness.check import check_completeness

    return next(q for q in check_completeness(rt, OWN, YEAR).questions if q.code == CODE)


def test_another_units_sk_is_a_suggestion_until_confirmed(other_units_sk):
    from flows.completeness.check import check_completeness
    from flows.completeness.suggestions import confirm_suggestion
    from flows.mail.reports_html import render_unit_text

    rt = other_units_sk
    q = _question(rt)
    assert [d.name for d in q.documents] == []  # not this unit's evidence
    (sk,) = q.suggestions
    assert sk.name == SK_NAME and sk.issued_by_other == "Puskesmas Sumbersari" and sk.certainty == "perlu konfirmasi"
    assert sk.reason.startswith("diterbitkan oleh unit lain: Puskesmas Sumbersari")
    assert q.status != "lengkap"
    assert "diterbitkan oleh unit lain: Puskesmas Sumbersari" in render_unit_text(check_completeness(rt, OWN, YEAR))

    confirm_suggestion(rt, sk.document_id, CODE, actor="zi@dinkes")
    q = _question(rt)
    assert [d.name for d in q.documents] == [SK_NAME] and not q.suggestions  # a person's word: it counts
    assert q.documents[0].issued_by_other == "Puskesmas Sumbersari"  # still shown as another unit's


def test_the_question_and_document_pages_say_who_issued_it(other_units_sk, monkeypatch):
    fast_passwords(monkeypatch)
    rt = other_units_sk
    doc_id = _question(rt).suggestions[0].document_id
    with signed_in_site(rt, {"member": dict(role="unit", units=[OWN])}) as site:
        member = site.login("member")
        page = member.get(f"/units/{OWN}/questions/{CODE}", params={"period": YEAR}).text
        assert "diterbitkan oleh unit lain: Puskesmas Sumbersari" in page
        doc = member.get(f"/documents/{doc_id}").text
        assert 'id="issued-by-other"' in doc and "Puskesmas Sumbersari" in doc
