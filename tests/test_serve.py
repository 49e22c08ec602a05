"""`swcu serve` as a whole: what it does at start, and how it runs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.app import App
from bot.harness import REPO, ServerProcess
from bot.services.intake import IntakeService
from bot.store.homes import import_homes
from tests.conftest import DEMO_HOMES, make_settings, sample
from tests.support.mail import wait_for_mail


def test_a_draft_list_lost_in_a_stop_is_made_at_the_next_start(
    tmp_path: Path, database_url: str
) -> None:
    # A referral stored as intake stores it, with the process gone before its follow-up:
    # the acknowledgement is in the outbox, the draft list was never made.
    settings = make_settings(tmp_path, database_url)
    app = App(settings)
    try:
        with app.db.session() as s:
            import_homes(s, DEMO_HOMES.read_text())
        receipt = IntakeService(app).receive(sample("01"))
    finally:
        app.close()
    assert receipt.completed_referral_id is not None

    with ServerProcess(tmp_path / "store", database_url):
        mails = wait_for_mail(tmp_path / "store" / "maildir", 2)
    draft = [m for m in mails if m["To"] == "officers@swcu.test"]
    ack = [m for m in mails if m["To"] == "rachel.dunmore@hants-cs.test"]
    assert len(draft) == 1 and receipt.reference in str(draft[0]["Subject"])
    assert len(ack) == 1


def _allowed_cpus(pid: int) -> set[int]:
    """The CPUs any thread of the process may run on."""
    cpus: set[int] = set()
    for task in os.listdir(f"/proc/{pid}/task"):
        cpus |= os.sched_getaffinity(int(task))
    return cpus


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs a system with two CPUs or more",
)
@pytest.mark.parametrize("single_cpu", [True, False])
def test_serve_keeps_to_one_cpu_unless_told_not_to(
    tmp_path: Path, sqlite_database_url: str, single_cpu: bool
) -> None:
    # The server inherits this process's CPU mask; in a full run an earlier in-process test
    # may have left the test process on one CPU (a server in a thread pins its process), so
    # the server is started from the whole machine's CPUs.
    os.sched_setaffinity(0, range(os.cpu_count() or 1))
    config = tmp_path / "settings.toml"
    text = (REPO / "config" / "settings.toml").read_text()
    config.write_text(text.replace("single_cpu = true", f"single_cpu = {str(single_cpu).lower()}"))
    with ServerProcess(tmp_path / "store", sqlite_database_url, config=config) as server:
        assert server.proc is not None
        cpus = _allowed_cpus(server.proc.pid)
        banner = server.log.read_text()
    if single_cpu:
        assert len(cpus) == 1 and f"kept to CPU {min(cpus)}" in banner
    else:
        assert cpus == os.sched_getaffinity(0) and "CPU:           any" in banner
