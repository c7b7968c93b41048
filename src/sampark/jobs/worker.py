"""`sampark worker`: a Huey consumer plus the ticker that feeds it.

The ticker, a thread beside the consumer's workers, every `tick` seconds hands new audit
entries to the event consumers (webhooks, workflow rules, …) and enqueues periodic jobs whose
slot has come; every `sweep_every` seconds it re-queues jobs that a crash left behind.
Several workers may run against one database and one Redis: the dispatcher checkpoint,
the periodic slot keys and the job claim each let only one of them act.
"""

from __future__ import annotations

import logging
import threading
import time

from sampark.db import Database
from sampark.jobs import events, service
from sampark.jobs.queue import get_huey

log = logging.getLogger("sampark.worker")


class Ticker(threading.Thread):
    def __init__(self, db: Database, *, tick: float = 0.2, sweep_every: float = 15.0) -> None:
        super().__init__(name="sampark-ticker", daemon=True)
        self.db, self.tick, self.sweep_every = db, tick, sweep_every
        self.stopping = threading.Event()
        self._slots_seen: set[tuple[str, str]] = set()

    def run(self) -> None:
        last_sweep = 0.0
        while not self.stopping.is_set():
            try:
                while events.dispatch_once(self.db):
                    pass
                slots = [s for s in service.periodic_slots() if s not in self._slots_seen]
                if slots:
                    service.enqueue_periodic(self.db, slots)
                    if len(self._slots_seen) > 10_000:
                        self._slots_seen.clear()
                    self._slots_seen.update(slots)
                if time.monotonic() - last_sweep >= self.sweep_every:
                    service.sweep(self.db)
                    last_sweep = time.monotonic()
            except Exception:  # keep ticking: a database hiccup must not stop the worker
                log.exception("ticker round failed")
            self.stopping.wait(self.tick)


def run_worker(db: Database, *, workers: int = 2, tick: float = 0.2) -> None:
    import sampark.handlers  # noqa: F401  (registers every job kind and event consumer)
    from sampark.jobs import registry

    huey = get_huey()
    ticker = Ticker(db, tick=tick)
    ticker.start()
    stops = [task.start(db) for task in registry.background_tasks()]  # e.g. IMAP IDLE
    consumer = huey.create_consumer(
        workers=workers, worker_type="thread", periodic=False, initial_delay=0.05, backoff=1.3, max_delay=0.5
    )
    try:
        consumer.run()
    finally:
        for stop in stops:
            stop()
        ticker.stopping.set()
        ticker.join(timeout=5)
