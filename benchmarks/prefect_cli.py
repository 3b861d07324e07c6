"""Prefect on the embedded defaults, and the CLI's start-up, as a user runs them.

    .venv/bin/python -m benchmarks.prefect_cli [--repeats 5]  → benchmarks/results/prefect_cli.{json,md}

Every figure is the median of ``--repeats`` runs of the real ``dukung`` command in a subprocess (a fresh
data folder, one parser process), with its baseline timed in the same run:

* **fixed cost of a CLI upload** — ``dukung upload`` of an empty folder and of three new files on the
  defaults (Prefect flow runs on the data folder's local server, already up, run by its warm runner)
  against the same commands with ``DUKUNG_INGEST__ORCHESTRATOR=direct``, the two modes alternating run by
  run; the first Prefect upload, which starts the server and the runner, is reported on its own.
  Target: ≤ 1.5 s over direct.
* **start-up before a command's own work** — ``dukung --help`` and ``dukung prefect --help`` against a
  bare ``python -c pass`` (the interpreter alone), and against importing what the CLI imported at
  start-up before imports were made lazy (``flows.completeness``, ``config.settings``, Typer, Rich
  progress). Target: ≤ 0.4 s over the bare interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
EAGER_IMPORTS = "import typer, rich.progress, config.settings, flows.completeness.check, flows.cli.render"


def _env(home: Path, orchestrator: str = "prefect") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "DUKUNG_"))}
    env.update(DUKUNG_HOME=str(home), DUKUNG_INGEST__WORKERS="1", DUKUNG_INGEST__ORCHESTRATOR=orchestrator)
    return env


def _timed(cmd: list[str], env: dict) -> float:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return took


def _median(fn, repeats: int) -> dict:
    runs = [fn(i) for i in range(repeats)]
    return {"median_s": round(statistics.median(runs), 3), "runs_s": [round(r, 3) for r in runs]}


def _three_files(folder: Path, n: int) -> Path:
    from tests.builders import make_docx, make_pdf, make_xlsx

    folder.mkdir(parents=True)
    make_pdf(folder / "SK Tim ZI.pdf", [f"KEPUTUSAN KEPALA DINAS\nTENTANG TIM KERJA ZONA INTEGRITAS\nSalinan {n}"])
    make_docx(folder / "Notulen rapat.docx", [f"NOTULEN RAPAT PEMBANGUNAN ZONA INTEGRITAS {n}"])
    make_xlsx(folder / "Rekap survei.xlsx", {"Rekap": [["Unit", "Nilai"], [f"anggota {n}", 80]]})
    return folder


def upload_cost(work: Path, repeats: int) -> dict:
    """Direct and Prefect runs alternate (direct, Prefect, direct, …) so that a change of load on a
    shared machine falls on both modes alike."""
    from flows.prefect_server import stop_server

    dukung = str(BIN / "dukung")
    out: dict = {}
    envs, empties = {}, {}
    for mode in ("direct", "prefect"):
        envs[mode] = _env(work / f"home-{mode}", mode)
        _timed([dukung, "init"], envs[mode])
        _timed([dukung, "unit", "add", "DINKES-JBR", "--name", "Dinas Kesehatan"], envs[mode])
        empties[mode] = work / f"empty-{mode}"
        empties[mode].mkdir()
    upload = [dukung, "upload", "-u", "DINKES-JBR", "-p", "2025"]
    try:  # the first upload starts the data folder's server (and its warm runner)
        out["prefect_first_upload_with_server_start_s"] = round(
            _timed(upload + [str(empties["prefect"])], envs["prefect"]), 3)
        for case in ("empty", "three_files"):
            runs: dict[str, list[float]] = {"direct": [], "prefect": []}
            for i in range(repeats):
                for mode in ("direct", "prefect"):
                    folder = empties[mode] if case == "empty" else _three_files(work / f"src-{mode}-{i}", i)
                    runs[mode].append(_timed(upload + [str(folder)], envs[mode]))
            for mode, times in runs.items():
                out[f"{mode}_{case}"] = {"median_s": round(statistics.median(times), 3),
                                         "runs_s": [round(t, 3) for t in times]}
    finally:
        stop_server(work / "home-prefect")
    for case in ("empty", "three_files"):
        over = out[f"prefect_{case}"]["median_s"] - out[f"direct_{case}"]["median_s"]
        out[f"fixed_cost_{case}_s"] = round(over, 3)
        out[f"ratio_{case}"] = round(out[f"prefect_{case}"]["median_s"] / out[f"direct_{case}"]["median_s"], 2)
    return out


def startup(work: Path, repeats: int) -> dict:
    env = _env(work / "home-startup")
    py = sys.executable
    out = {
        "python_bare": _median(lambda i: _timed([py, "-c", "pass"], env), repeats),
        "eager_imports": _median(lambda i: _timed([py, "-c", EAGER_IMPORTS], env), repeats),
        "dukung_help": _median(lambda i: _timed([str(BIN / "dukung"), "--help"], env), repeats),
        "dukung_prefect_help": _median(lambda i: _timed([str(BIN / "dukung"), "prefect", "--help"], env), repeats),
    }
    bare = out["python_bare"]["median_s"]
    for key in ("eager_imports", "dukung_help", "dukung_prefect_help"):
        out[f"{key}_over_bare_s"] = round(out[key]["median_s"] - bare, 3)
    out["ratio_help_to_eager"] = round(out["dukung_help"]["median_s"] / out["eager_imports"]["median_s"], 2)
    return out


def _load(values: list[float]) -> str:
    return "/".join(f"{v:.1f}" for v in values)


def _markdown(r: dict) -> str:
    u, s = r["upload"], r["startup"]
    rows = [
        ("Fixed cost of a CLI upload ≤ 1.5 s over direct (server up), empty folder",
         f"{u['prefect_empty']['median_s']:.2f} s vs {u['direct_empty']['median_s']:.2f} s direct",
         f"{u['fixed_cost_empty_s']:+.2f} s ({u['ratio_empty']:.2f}×)",
         "met" if u["fixed_cost_empty_s"] <= 1.5 else "not met"),
        ("Fixed cost of a CLI upload ≤ 1.5 s over direct (server up), three new files",
         f"{u['prefect_three_files']['median_s']:.2f} s vs {u['direct_three_files']['median_s']:.2f} s direct",
         f"{u['fixed_cost_three_files_s']:+.2f} s ({u['ratio_three_files']:.2f}×)",
         "met" if u["fixed_cost_three_files_s"] <= 1.5 else "not met"),
        ("CLI start-up ≤ 0.4 s before its own work (`dukung --help` over bare `python -c pass`)",
         f"{s['dukung_help']['median_s']:.2f} s vs {s['python_bare']['median_s']:.2f} s bare",
         f"+{s['dukung_help_over_bare_s']:.2f} s; {s['ratio_help_to_eager']:.2f}× the eager imports "
         f"(+{s['eager_imports_over_bare_s']:.2f} s)",
         "met" if s["dukung_help_over_bare_s"] <= 0.4 else "not met"),
    ]
    lines = ["# Prefect on the embedded defaults, and CLI start-up", "",
             f"Machine: {r['machine']}; load average (1/5/15 min) at start {_load(r['load'])}, at the end "
             f"{_load(r['load_end'])}; medians of {r['repeats']} runs; "
             f"prefect {r['versions']['prefect']}, fastapi {r['versions']['fastapi']}.", "",
             "| target | measured | over baseline | verdict |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    lines += ["", "Per mode, each run (s): " + "; ".join(
        f"{k.replace('_', ' ')} {u[k]['runs_s']}" for k in ("direct_empty", "prefect_empty", "direct_three_files",
                                                             "prefect_three_files")) + ".",
              "", "On the defaults the upload stages its files itself and hands the processing to the data folder's "
              "warm runner (`flows/runner.py`) as an `ingest/dukung-runner` deployment flow run; direct and Prefect "
              "runs alternate.",
              "", f"First Prefect upload of a data folder (starts its local server and runner): "
              f"{u['prefect_first_upload_with_server_start_s']:.2f} s.",
              f"`dukung prefect --help`: {s['dukung_prefect_help']['median_s']:.2f} s.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", default="prefect_cli")
    args = parser.parse_args(argv)
    from importlib.metadata import version

    result = {"machine": f"{platform.platform()}, {os.cpu_count()} CPUs", "load": list(os.getloadavg()),
              "repeats": args.repeats, "versions": {p: version(p) for p in ("prefect", "fastapi")}}
    with tempfile.TemporaryDirectory(prefix="dukung-bench-prefect-") as tmp:
        result["startup"] = startup(Path(tmp), args.repeats)
        result["upload"] = upload_cost(Path(tmp), args.repeats)
    result["load_end"] = list(os.getloadavg())
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.output}.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{args.output}.md").write_text(_markdown(result), encoding="utf-8")
    print(_markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
