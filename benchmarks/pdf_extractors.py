"""Benchmark: bare pypdf vs bare pypdfium2 text extraction on office-style PDFs.

Builds ~30 multi-page PDFs with reportlab (letterhead, headings, justified paragraphs,
tables, signature block — what SK decrees and ZI reports look like) in a temporary
directory, extracts every page with a plain loop over each library, and reports
pages/s, the speed ratio, text agreement between the two libraries and each library's
token recall against the source text.

    .venv/bin/python benchmarks/pdf_extractors.py [--docs 30] [--rounds 3]

Results are printed and written to ``benchmarks/results/pdf_extractors.json``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import platform
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from importlib import metadata
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results" / "pdf_extractors.json"
TOKEN_RE = re.compile(r"\w+", re.UNICODE)

WORDS = (
    "zona integritas wilayah bebas korupsi birokrasi bersih melayani manajemen perubahan penataan tata "
    "laksana sistem sumber daya manusia penguatan akuntabilitas pengawasan peningkatan kualitas pelayanan "
    "publik inovasi survei kepuasan masyarakat indeks persepsi anti korupsi tim kerja monitoring evaluasi "
    "rencana aksi capaian target realisasi anggaran kegiatan sosialisasi pegawai unit kerja dinas kesehatan "
    "kabupaten puskesmas rumah sakit standar operasional prosedur keputusan kepala nomor tahun tanggal "
    "laporan triwulan semester data dukung lembar kerja evaluasi gratifikasi benturan kepentingan "
    "whistleblowing pengaduan budaya kerja agen perubahan role model pakta integritas"
).split()


def build_corpus(folder: Path, docs: int, seed: int = 2024) -> list[tuple[Path, str]]:
    """``docs`` PDFs of 3–14 pages; returns (path, source text) pairs."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    rng = random.Random(seed)
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], alignment=TA_JUSTIFY, fontSize=11, leading=15)
    center = ParagraphStyle("center", parent=styles["Heading2"], alignment=TA_CENTER)

    def sentence(n: int) -> str:
        words = [rng.choice(WORDS) for _ in range(n)]
        return " ".join(words).capitalize() + "."

    corpus = []
    for d in range(docs):
        source: list[str] = []
        story = []

        def add(text: str, style) -> None:
            story.append(Paragraph(text, style))
            source.append(text)

        add("PEMERINTAH KABUPATEN JEMBER", center)
        add("DINAS KESEHATAN", center)
        add(f"LAPORAN MONITORING DAN EVALUASI ZONA INTEGRITAS NOMOR 800/{100 + d}/2024", center)
        pages = rng.randint(3, 14)
        for p in range(pages):
            add(f"BAB {p + 1} {sentence(4).upper().rstrip('.')}", styles["Heading3"])
            for _ in range(rng.randint(3, 5)):
                add(" ".join(sentence(rng.randint(8, 20)) for _ in range(rng.randint(3, 6))), body)
            if p % 2 == 0:
                rows = [["No", "Area Perubahan", "Target", "Realisasi", "Keterangan"]]
                for r in range(rng.randint(4, 9)):
                    rows.append([str(r + 1), sentence(3).rstrip("."), f"{rng.randint(50, 100)}%",
                                 f"{rng.randint(10, 100)}%", rng.choice(["tercapai", "belum tercapai", "proses"])])
                table = Table(rows, colWidths=[1 * cm, 6 * cm, 2 * cm, 2.4 * cm, 3.6 * cm])
                table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                                           ("FONTSIZE", (0, 0), (-1, -1), 9)]))
                story.append(Spacer(1, 6))
                story.append(table)
                source.extend(" ".join(row) for row in rows)
            story.append(PageBreak())
        add("Jember, 12 Maret 2025", body)
        add("KEPALA DINAS KESEHATAN KABUPATEN JEMBER", body)
        add("NIP. 19660220 199703 1 004", body)
        path = folder / f"laporan-{d:02d}.pdf"
        SimpleDocTemplate(str(path), pagesize=A4, title=f"Laporan {d}").build(story)
        corpus.append((path, "\n".join(source)))
    return corpus


def extract_pypdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    return [page.extract_text() or "" for page in reader.pages]


def extract_pypdfium2(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text.lower())


def multiset_overlap(a: list[str], b: list[str]) -> float:
    """2·|A∩B| / (|A|+|B|) over token multisets (order-insensitive)."""
    if not a and not b:
        return 1.0
    common = sum((Counter(a) & Counter(b)).values())
    return 2 * common / (len(a) + len(b))


def recall(source: list[str], extracted: list[str]) -> float:
    return sum((Counter(source) & Counter(extracted)).values()) / max(1, len(source))


def time_extractor(fn, paths: list[Path], rounds: int) -> tuple[float, dict[Path, list[str]]]:
    best = float("inf")
    texts: dict[Path, list[str]] = {}
    for _ in range(rounds):
        started = time.perf_counter()
        texts = {path: fn(path) for path in paths}
        best = min(best, time.perf_counter() - started)
    return best, texts


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the best round counts")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="dukung-bench-") as tmp:
        started = time.perf_counter()
        corpus = build_corpus(Path(tmp), args.docs)
        build_s = time.perf_counter() - started
        paths = [path for path, _ in corpus]
        total_bytes = sum(path.stat().st_size for path in paths)

        pypdf_s, pypdf_texts = time_extractor(extract_pypdf, paths, args.rounds)
        pdfium_s, pdfium_texts = time_extractor(extract_pypdfium2, paths, args.rounds)
        pages = sum(len(t) for t in pdfium_texts.values())
        assert pages == sum(len(t) for t in pypdf_texts.values()), "page counts differ"

        ratio_seq, overlap, recall_pypdf, recall_pdfium, exact_pages = [], [], [], [], 0
        for path, source in corpus:
            a = tokens("\n".join(pypdf_texts[path]))
            b = tokens("\n".join(pdfium_texts[path]))
            ratio_seq.append(difflib.SequenceMatcher(None, a, b, autojunk=False).ratio())
            overlap.append(multiset_overlap(a, b))
            src = tokens(source)
            recall_pypdf.append(recall(src, a))
            recall_pdfium.append(recall(src, b))
            exact_pages += sum(
                " ".join(x.split()) == " ".join(y.split())
                for x, y in zip(pypdf_texts[path], pdfium_texts[path], strict=True)
            )

    result = {
        "documents": len(paths),
        "pages": pages,
        "corpus_mb": round(total_bytes / 1024 / 1024, 2),
        "build_s": round(build_s, 2),
        "rounds": args.rounds,
        "pypdf": {"seconds": round(pypdf_s, 3), "pages_per_s": round(pages / pypdf_s, 1),
                  "source_token_recall_mean": round(statistics.mean(recall_pypdf), 4)},
        "pypdfium2": {"seconds": round(pdfium_s, 3), "pages_per_s": round(pages / pdfium_s, 1),
                      "source_token_recall_mean": round(statistics.mean(recall_pdfium), 4)},
        "speedup_pypdfium2_over_pypdf": round(pypdf_s / pdfium_s, 2),
        "agreement": {
            "token_sequence_ratio_mean": round(statistics.mean(ratio_seq), 4),
            "token_sequence_ratio_min": round(min(ratio_seq), 4),
            "token_multiset_overlap_mean": round(statistics.mean(overlap), 4),
            "pages_identical_after_whitespace_normalisation": f"{exact_pages}/{pages}",
        },
        "environment": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "pypdf": metadata.version("pypdf"),
            "pypdfium2": metadata.version("pypdfium2"),
            "reportlab": metadata.version("reportlab"),
        },
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    print(
        f"\n{pages} pages in {len(paths)} PDFs: pypdf {result['pypdf']['pages_per_s']} pages/s, "
        f"pypdfium2 {result['pypdfium2']['pages_per_s']} pages/s "
        f"(x{result['speedup_pypdfium2_over_pypdf']}); token agreement "
        f"{result['agreement']['token_sequence_ratio_mean']:.3f} (sequence), "
        f"{result['agreement']['token_multiset_overlap_mean']:.3f} (multiset)"
    )
    print(f"written to {args.output}")
    return result


if __name__ == "__main__":
    main()
