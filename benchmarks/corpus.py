"""The benchmark corpus: N units × M documents in the real mix, deterministic by seed.

    .venv/bin/python -m benchmarks.corpus --units 10 --docs 100 --mix real [--seed 7]

Each unit is one of the demo profiles (folder style, letterhead, staff) under a new code; each
document answers an LKE question, takes its folder and file name from the unit's folder style and
its opening text from the demo's content builders (SK, notulen, SOP, laporan …), padded with
Indonesian prose of the question's topic up to its page count. Mixes:

* ``real``  – born-digital PDFs of 1–40 pages 55 %, DOCX 15 %, XLSX 10 %, scans (image-only PDFs of
  1–3 pages) 10 %, photos (PNG/JPEG) 10 %;
* ``pdf``   – born-digital PDFs only (the extraction baselines read exactly these);
* ``scan``  – scans only (the OCR benchmark);
* ``text``  – plain-text documents only (the 100k sizes: minutes, not hours).

A corpus is written once under ``~/.cache/dukung-bench/`` (``DUKUNG_BENCH_CACHE``) with a
``manifest.json`` (path, kind, pages of every file) and reused while its parameters are unchanged.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import random
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks import pdfwrite

CACHE = Path(os.environ.get("DUKUNG_BENCH_CACHE", Path.home() / ".cache" / "dukung-bench"))
VERSION = 1
YEAR = 2025
MIXES = {
    "real": (("pdf", 55), ("docx", 15), ("xlsx", 10), ("scan", 10), ("photo", 10)),
    "pdf": (("pdf", 1),),
    "scan": (("scan", 1),),
    "text": (("text", 1),),
}
# Page counts of born-digital PDFs: most evidence is short, some reports are long.
PAGE_BANDS = ((1, 3, 50), (4, 10, 30), (11, 40, 20))
FILLER = {
    "tim": "tim kerja pembangunan zona integritas surat keputusan ketua anggota sekretaris pembentukan susunan "
           "tugas rapat koordinasi agen perubahan role model",
    "pengaduan": "pengaduan mengadukan aduan kanal sp4n lapor penanganan tindak lanjut penyelesaian whistleblowing "
                 "pelapor terlapor kotak saran respons keluhan masyarakat",
    "survei": "survei kepuasan masyarakat indeks persepsi responden kuesioner skm ikm hasil analisis sampel nilai "
              "rata-rata unsur layanan",
    "gratifikasi": "gratifikasi pengendalian upg benturan kepentingan hadiah penerimaan penolakan pelaporan kpk "
                   "larangan suap pungutan liar saber pungli",
    "sdm": "kepegawaian pegawai aparatur sipil negara asn mutasi promosi rotasi jabatan analisis beban kerja formasi "
           "rekrutmen seleksi merit disiplin penghargaan sanksi",
    "monev": "monitoring evaluasi pemantauan capaian indikator kinerja target realisasi triwulan semester laporan "
             "lakip sakip perjanjian renstra renja",
    "pelayanan": "standar pelayanan maklumat sarana prasarana ruang tunggu loket antrean difabel inovasi aplikasi "
                 "daring website media sosial",
}
GENERAL = ("yang dan di ke dari untuk dengan dalam pada oleh sebagai telah akan secara serta bahwa tersebut adalah "
           "kegiatan pelaksanaan dilaksanakan menyusun ditetapkan meningkatkan perencanaan rencana aksi perubahan "
           "reformasi birokrasi unit kerja kepala tahun periode bulan dokumen bukti dukung data pelayanan publik "
           "zona integritas wilayah bebas korupsi birokrasi bersih melayani kebijakan peraturan pedoman").split()


@dataclasses.dataclass(frozen=True)
class Spec:
    units: int
    docs_per_unit: int
    mix: str = "real"
    seed: int = 7

    @property
    def name(self) -> str:
        return f"v{VERSION}-{self.mix}-{self.units}x{self.docs_per_unit}-s{self.seed}"

    @property
    def documents(self) -> int:
        return self.units * self.docs_per_unit


def _profile(i: int):
    from flows.sample_data.units import _PROFILES

    base = _PROFILES[i % len(_PROFILES)]
    return dataclasses.replace(base, code=f"U{i:04d}-{base.code.split('-')[0]}", name=f"{base.name} ({i:04d})")


def _paragraphs(blocks) -> list[str]:
    out = []
    for b in blocks:
        kind = b[0]
        if kind in ("title", "center", "h", "p"):
            out.append(b[1])
        elif kind == "kv":
            out.extend(f"{k} : {v}" for k, v in b[1])
        elif kind == "table":
            out.append(" | ".join(map(str, b[1])))
            out.extend(" | ".join(map(str, row)) for row in b[2])
        elif kind == "sign":
            out.extend(line for line in b[1] if line)
    return out


def _filler(rng: random.Random, n_lines: int) -> list[str]:
    topic = FILLER[rng.choice(sorted(FILLER))].split()
    paras, lines = [], 0
    while lines < n_lines:
        words = rng.choices(topic, k=70) + rng.choices(GENERAL, k=50)
        rng.shuffle(words)
        sentences = [" ".join(words[i:i + 15]) for i in range(0, len(words), 15)]
        paras.append(" ".join(s[:1].upper() + s[1:] + "." for s in sentences))
        lines += 14
    return paras


def _page_count(rng: random.Random) -> int:
    lo, hi, _w = rng.choices(PAGE_BANDS, weights=[b[2] for b in PAGE_BANDS])[0]
    return rng.randint(lo, hi)


def _scan_page(lines: list[str], rng: random.Random) -> tuple[bytes, int, int]:
    """An A4 page at 150 dpi, grey, slightly noisy, as JPEG: what an office scanner makes."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = 1240, 1754
    img = Image.new("L", (w, h), 242)
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default(size=24)
    y = 120
    for line in lines[:48]:
        draw.text((110, y), line[:85], fill=rng.randint(10, 40), font=font)
        y += 32
    buf = io.BytesIO()
    img.rotate(rng.uniform(-0.6, 0.6), fillcolor=242).save(buf, "JPEG", quality=70)
    return buf.getvalue(), w, h


def _document(unit_i: int, doc_i: int, kind: str, seed: int):
    """(relative path, bytes, pages) of one document."""
    from flows.sample_data.content import _BUILDERS
    from flows.sample_data.context import _Ctx
    from flows.sample_data.paths import _doc_path
    from flows.sample_data.plan import _PLAN, _fmt_text
    from flows.sample_data.questions import _questions
    from flows.sample_data.render import _render_docx, _render_png, _render_xlsx
    from flows.sample_data.units import _PROFILES, _people

    rng = random.Random(f"{seed}:{unit_i}:{doc_i}")
    p = _profile(unit_i)
    q = rng.choice([q for q in _questions() if q.code in _PLAN])
    ev = rng.choice(_PLAN[q.code])
    ctx = _Ctx(p, YEAR, _fmt_text(ev.title, YEAR), q, rng, _people(_PROFILES[unit_i % len(_PROFILES)], seed))
    blocks = _BUILDERS.get(ev.doc_type, _BUILDERS["laporan"])(ctx)
    label = _fmt_text(ev.label, YEAR) + f" {doc_i:05d}"
    meta_title = f"{ctx.title} - {p.name}"
    ext = {"scan": "pdf", "photo": rng.choice(("jpg", "png")), "text": "txt"}.get(kind, kind)
    rel = _doc_path(p, q, label, ext, YEAR, rng)
    if kind == "pdf":
        pages = _page_count(rng)
        lines = pdfwrite.wrap(_paragraphs(blocks))
        lines += pdfwrite.wrap(_filler(rng, pages * pdfwrite.LINES_PER_PAGE - len(lines)))
        chunks = [lines[i:i + pdfwrite.LINES_PER_PAGE] for i in range(0, len(lines), pdfwrite.LINES_PER_PAGE)]
        return rel, pdfwrite.text_pdf(chunks[:pages], meta_title), pages
    if kind == "scan":
        pages = rng.choice((1, 1, 2, 3))
        lines = pdfwrite.wrap(_paragraphs(blocks), 80) + pdfwrite.wrap(_filler(rng, 150), 80)
        images = [_scan_page(lines[i * 48:(i + 1) * 48], rng) for i in range(pages)]
        return rel, pdfwrite.image_pdf(images, meta_title), pages
    if kind == "photo":
        data = _render_png(ctx.title, p.short, rng)
        if ext == "jpg":
            from PIL import Image

            buf = io.BytesIO()
            Image.open(io.BytesIO(data)).convert("RGB").save(buf, "JPEG", quality=85)
            data = buf.getvalue()
        return rel, data, 1
    if kind == "docx":
        return rel, _render_docx(blocks + [("p", t) for t in _filler(rng, 40)], meta_title, p.short, YEAR), 1
    if kind == "xlsx":
        return rel, _render_xlsx(blocks, meta_title, p.short, YEAR, "Rekap"), 1
    text = "\n\n".join(_paragraphs(blocks) + _filler(rng, rng.randint(20, 120)))
    return rel, text.encode("utf-8"), 1


def _write_unit(args) -> list[dict]:
    root, unit_i, spec = args
    kinds, weights = zip(*MIXES[spec.mix])
    rng = random.Random(f"{spec.seed}:{unit_i}:mix")
    code = _profile(unit_i).code
    seen, out = set(), []
    for doc_i in range(spec.docs_per_unit):
        kind = rng.choices(kinds, weights)[0]
        rel, data, pages = _document(unit_i, doc_i, kind, spec.seed)
        base, n = rel, 2
        while rel in seen:
            stem, ext = base.rsplit(".", 1)
            rel, n = f"{stem} ({n}).{ext}", n + 1
        seen.add(rel)
        path = Path(root) / code / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out.append({"unit": code, "path": f"{code}/{rel}", "kind": kind, "pages": pages, "bytes": len(data)})
    return out


def generate(spec: Spec, *, workers: int | None = None) -> tuple[Path, list[dict]]:
    """The corpus folder (one sub-folder per unit) and its manifest; written once, then reused."""
    root = CACHE / spec.name
    manifest = root / "manifest.json"
    if manifest.exists():
        return root, json.loads(manifest.read_text(encoding="utf-8"))["files"]
    tmp = root.with_name(root.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    files: list[dict] = []
    with ProcessPoolExecutor(workers or os.cpu_count()) as pool:
        for unit_files in pool.map(_write_unit, [(str(tmp), i, spec) for i in range(spec.units)], chunksize=1):
            files.extend(unit_files)
    (tmp / "manifest.json").write_text(json.dumps({"spec": dataclasses.asdict(spec), "files": files}), encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    tmp.rename(root)
    return root, files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=10)
    ap.add_argument("--docs", type=int, default=100, help="documents per unit")
    ap.add_argument("--mix", choices=sorted(MIXES), default="real")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    root, files = generate(Spec(args.units, args.docs, args.mix, args.seed))
    kinds: dict[str, int] = {}
    for f in files:
        kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    print(f"{root}: {len(files)} files, {sum(f['pages'] for f in files)} pages, "
          f"{sum(f['bytes'] for f in files) / 1e6:.1f} MB, {kinds}")


if __name__ == "__main__":
    main()
