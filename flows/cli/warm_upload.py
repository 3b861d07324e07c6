"""`dukung upload` through the data folder's warm runner (``flows.runner``): stage here, process there.

The files are staged by this process, exactly as in direct mode; the ``ingest`` flow run that processes
them (extract → classify → index → OCR, Prefect tasks with their retries) runs in the warm runner,
which has Prefect and the flows loaded already. This process neither imports Prefect nor runs the flow:
it creates the run through the server's API, follows the documents' progress in the records database
and prints the same summary from the run's result.
"""

from __future__ import annotations

import time
from pathlib import Path

from flows.ingest import progress as progress_hooks

#: The progress bar reads the records this often while the runner processes.
PROGRESS_EVERY_S = 0.5


def upload_through_runner(settings, url: str, path: str, unit: str, year: int, question: str | None,
                          uploaded_by: str, from_store: bool) -> dict | None:
    """The upload's result, or ``None`` when no warm runner with these settings serves ``url`` (the
    caller then runs the flow in its own process)."""
    from flows.cli.common import _runtime
    from flows.prefect_server import prefect_dir
    from flows.runner_client import ready_runner, submit, wait_for

    folder = prefect_dir(settings.home)
    runner = ready_runner(settings, folder, url)
    if runner is None:
        return None
    from flows.ingest.staging import stage_folder, stage_prefix

    with _runtime(header=False) as rt:
        stage = stage_prefix if from_store else stage_folder
        report = stage(rt, path if from_store else Path(path), unit_code=unit, year=year, question=question,
                       uploaded_by=uploaded_by, progress=progress_hooks.staged)
        progress_hooks.stage_done(report)
        staged = {"report": report.as_dict(), "to_process": report.to_process, "unchanged": report.unchanged}
        run = submit(url, runner, "ingest", {"source": str(path), "unit": unit, "year": year, "question": question,
                                             "uploaded_by": uploaded_by, "from_store": from_store,
                                             "staged": staged})
        follow = _Follower(rt, report.to_process)
        result = wait_for(url, folder, runner, run, on_poll=follow.poll)
        follow.poll(final=True)  # the last batch's results came with the run's end
        return result


class _Follower:
    """Advance the progress bars as the runner records each document's result: the text pass, then the
    OCR pass of the scans it left waiting (``ocr_state = pending``)."""

    def __init__(self, rt, doc_ids: list[int]):
        self.rt, self.ids, self.last = rt, list(dict.fromkeys(doc_ids)), time.monotonic()
        self.done: set[int] = set()
        self.ocr: set[int] | None = None  # known once the text pass is over
        self.ocr_done: set[int] = set()

    def _states(self) -> dict[int, str | None]:
        from sqlalchemy import select

        from storage.records.models import Extraction

        states: dict[int, str | None] = {}
        with self.rt.records.session() as session:
            for i in range(0, len(self.ids), 900):
                states.update(session.execute(select(Extraction.document_id, Extraction.ocr_state).where(
                    Extraction.document_id.in_(self.ids[i:i + 900]))).all())
        return states

    def poll(self, final: bool = False) -> None:
        if not self.ids or self.ocr == set() or (not final and time.monotonic() - self.last < PROGRESS_EVERY_S):
            return
        self.last = time.monotonic()
        states = self._states()
        for doc_id in states.keys() - self.done:
            self.done.add(doc_id)
            progress_hooks.processed(doc_id)
        if self.ocr is None and len(self.done) == len(self.ids):
            self.ocr = {d for d, s in states.items() if s == "pending"}
            if self.ocr:
                progress_hooks.ocr_start(sorted(self.ocr))
        for doc_id in sorted((self.ocr or set()) - self.ocr_done):
            if states.get(doc_id) != "pending":
                self.ocr_done.add(doc_id)
                progress_hooks.ocr_processed(doc_id)
