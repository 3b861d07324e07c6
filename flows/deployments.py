"""The Prefect deployments of Dukung, and ``serve_all`` to run them from one long-lived process.

``serve_all()`` (used by ``dukung serve``) registers the deployments with the Prefect server named
by ``PREFECT_API_URL`` and runs their flow runs in subprocesses of this process.  For worker-based
installs the same deployments are described in ``prefect.yaml`` (work pool ``dukung-process``).

Deployments carry no Dukung settings: a flow run reads ``DUKUNG_*`` from the environment of the
process that runs it (the serve process, or the worker).
"""

from __future__ import annotations

from config.settings import get_settings
from flows.prefect_env import configure_prefect_environment

configure_prefect_environment(get_settings().home)

from prefect.deployments.runner import EntrypointType, RunnerDeployment  # noqa: E402

from prefect.schedules import Cron  # noqa: E402

from flows.crash_detection import ensure_on_current_server  # noqa: E402
from flows.pipelines import (  # noqa: E402
    completeness_flow,
    completeness_mail_flow,
    ingest_flow,
    reconcile_flow,
    reindex_flow,
    sync_flow,
)

DEPLOYMENT_NAME = "dukung"
SYNC_INTERVAL_S = 300
TAGS = ["dukung"]


def deployment_names() -> dict[str, str]:
    """``flow name/deployment name`` of each deployment, e.g. for ``run_deployment``."""
    return {f.name: f"{f.name}/{DEPLOYMENT_NAME}"
            for f in (ingest_flow, completeness_flow, reindex_flow, sync_flow, completeness_mail_flow, reconcile_flow)}


def deployments(name: str = DEPLOYMENT_NAME, *, work_pool_name: str | None = None) -> list[RunnerDeployment]:
    """The deployments of the ingest, completeness, reindex, inbox-sync, gap-mail and reconcile flows.

    The gap e-mails run on ``DUKUNG_MAIL__SCHEDULE_CRON`` in ``DUKUNG_MAIL__TIMEZONE`` (default Monday
    07:00 Asia/Jakarta), read when the deployments are registered or served.

    Entrypoints are module paths (``flows.pipelines.ingest_flow``): any process with Dukung installed
    can load them, whatever its working directory.
    """
    common = {"tags": TAGS, "entrypoint_type": EntrypointType.MODULE_PATH, "work_pool_name": work_pool_name}
    return [
        ingest_flow.to_deployment(
            name=name, description="Unggah folder data dukung satu unit: simpan → ekstrak → klasifikasi → indeks.",
            **common),
        completeness_flow.to_deployment(
            name=name, description="Periksa kelengkapan data dukung per pertanyaan LKE untuk unit-unit terpilih.",
            **common),
        reindex_flow.to_deployment(
            name=name, description="Bangun ulang indeks pencarian dari basis data dan penyimpanan objek.",
            # one rebuild at a time: two would race on the same index
            concurrency_limit=1, **common),
        sync_flow.to_deployment(
            name=name, description="Ambil berkas baru dari inbox/<unit>/<tahun>/ di bucket (tiap 5 menit).",
            interval=SYNC_INTERVAL_S, concurrency_limit=1, **common),
        completeness_mail_flow.to_deployment(
            name=name, description="Kirim e-mail celah data dukung ke tiap unit dan ringkasan ke reviewer (terjadwal).",
            schedules=[mail_schedule()], concurrency_limit=1, **common),
        reconcile_flow.to_deployment(
            name=name, description="Selesaikan pekerjaan yang tertinggal setelah gangguan server dan selaraskan "
                                   "catatan, berkas dan indeks (terjadwal).",
            interval=get_settings().ingest.reconcile_every_minutes * 60, concurrency_limit=1, **common),
    ]


def mail_schedule() -> Cron:
    """The schedule of the gap e-mails, from the settings."""
    mail = get_settings().mail
    return Cron(mail.schedule_cron, timezone=mail.timezone)


def serve_all(limit: int | None = None) -> None:
    """Serve every Dukung deployment until interrupted; ``limit`` caps concurrent flow runs."""
    from prefect import serve

    ensure_on_current_server()
    serve(*deployments(), limit=limit)


def register(work_pool_name: str = "dukung-process") -> list[str]:
    """Register the deployments for workers of ``work_pool_name``; returns their ids.

    The same as ``prefect deploy --all`` with ``prefect.yaml``, without the CLI (and the mail schedule
    read from the settings). Entrypoints are module paths, so workers need Dukung installed but no
    particular working directory.
    """
    ids = [str(d.apply(work_pool_name=work_pool_name)) for d in deployments(work_pool_name=work_pool_name)]
    ensure_on_current_server()  # a worker killed mid-run leaves no run RUNNING for ever
    return ids
