"""Flow runs whose process died are marked CRASHED by the Prefect server itself.

A flow run that runs in a Dukung command's own process (``dukung sync``, ``dukung demo``, the scheduled
checks of ``dukung serve``) has no runner or worker watching it: killed, it would stay RUNNING for ever,
so the Prefect UI would show it running and the data folder's local server would never reach its idle
stop. Prefect's own answer is the heartbeat: every flow run sends ``prefect.flow-run.heartbeat`` events
(every :data:`HEARTBEAT_SECONDS`, set in :mod:`flows.prefect_env`), and an automation on the server marks
a run CRASHED when, after a heartbeat, neither another heartbeat nor a final state arrives in time
(Prefect's "detect zombie flows" recipe). This module keeps that one automation on the server.
"""

from __future__ import annotations

from datetime import timedelta

#: seconds between a flow run's heartbeats (Prefect's minimum is 30; its default, 180)
HEARTBEAT_SECONDS = 30
#: a run silent for this long after a heartbeat is taken as dead (two and a half heartbeats: a busy
#: machine delays one, not two)
SILENCE = timedelta(seconds=HEARTBEAT_SECONDS * 5 // 2)
AUTOMATION_NAME = "dukung-crash-silent-flow-runs"
CRASH_MESSAGE = "proses berhenti tanpa kabar (tidak ada detak); jalankan ulang untuk melanjutkan"
_FINAL_EVENTS = ("Completed", "Failed", "Cancelled", "Crashed")


def crash_automation():
    """The automation (not yet on a server): after a heartbeat, expect a heartbeat or a final state
    within :data:`SILENCE`, per flow run; else set that run CRASHED."""
    from prefect.client.schemas.objects import StateType
    from prefect.events.actions import ChangeFlowRunState
    from prefect.events.schemas.automations import AutomationCore, EventTrigger, Posture
    from prefect.events.schemas.events import ResourceSpecification

    return AutomationCore(
        name=AUTOMATION_NAME,
        description="Dukung: a flow run that stops sending heartbeats is marked CRASHED",
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={"prefect.flow-run.heartbeat", *(f"prefect.flow-run.{s}" for s in _FINAL_EVENTS)},
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=SILENCE,
        ),
        actions=[ChangeFlowRunState(state=StateType.CRASHED, message=CRASH_MESSAGE)],
    )


def ensure_crash_automation(client) -> str:
    """Create the automation on the server of ``client`` (a sync Prefect client) unless one of that name
    with the same trigger is there; an outdated one is replaced. Returns its id."""
    wanted = crash_automation()
    existing = client.read_automations_by_name(AUTOMATION_NAME)
    for automation in existing:
        if (automation.trigger == wanted.trigger and automation.actions == wanted.actions
                and automation.enabled):
            return str(automation.id)
    for automation in existing:
        client.delete_automation(automation.id)
    return str(client.create_automation(wanted))


def ensure_on_current_server() -> str:
    """:func:`ensure_crash_automation` on the server of this process's Prefect settings."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return ensure_crash_automation(client)
