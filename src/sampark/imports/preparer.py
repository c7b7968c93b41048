"""An import's second process: it reads, validates and prepares batch after batch while the
importing process resolves and writes the one before (`batches_from_second_process`).

Between the two, a pipe carries each batch pickled, and a thread of the importing process reads
the pipe ahead (`READ_AHEAD` batches): a batch that happens to take the preparer longer than
the writer's does not leave the writer waiting, as long as the preparer is faster on average."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import queue
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from typing import Any, Protocol

from sampark.core import collector


class Batches(Protocol):
    """What the preparer runs: picklable (a spawned process gets it), and yielding batches."""

    def batches(self) -> Iterator[Any]: ...


class PreparerFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class _Done:
    """The preparer's last message: every batch was sent; the CPU seconds it used."""

    cpu: float


# CPU seconds the preparing processes of this process's imports used (the CLI prints it).
PREPARER_CPU = [0.0]


# An import makes and drops tens of thousands of small containers a batch (rows, dicts, tuples)
# and almost never a reference cycle, so Python's cyclic collector, run every 700 allocations by
# default, went through them again and again: ~30 % of the preparing process's CPU, and most of
# the cost of receiving a batch (unpickling 2,000 rows: 38 µs a row with it, 5 without). During
# an import it runs every `GC_EVERY` allocations instead (`core.collector`); what it collects is
# the same.
GC_EVERY = collector.EVERY

# Batches read from the pipe and not yet taken (each about 1.3 MB for 2,000 people). On a
# million rows the writer had waited 4.7 s for batches the preparer was still making, although
# the preparer needed 72 s of CPU to the writer's 87: one batch in the pipe absorbed too little.
READ_AHEAD = 4
# A pipe this large (Linux's limit for an unprivileged process by default) holds most of a batch,
# so the preparer can send while the reading thread waits for the interpreter.
PIPE_BYTES = 1 << 20


def _prepare_in_child(
    plan: Batches, out: Any, reader: Any = None
) -> None:  # pragma: no cover - runs in the child process
    """The second process: read, validate and prepare batch after batch, and hand each to the
    importer. When the importer is gone (killed, or it stopped early) the next send fails and
    this ends. `reader`: the pipe's other end, which a forked child inherits and must close —
    while any process holds it open, a send to a dead importer blocks for ever instead of
    failing."""
    if reader is not None:
        reader.close()
    # What the process loaded (or, forked, inherited) stays for its life: the collector need not
    # look at it. A forked child starts with the collector off (`_forking`), so nothing the
    # importer held — its database connections among it — is collected (and closed) here.
    gc.freeze()
    gc.set_threshold(GC_EVERY, *gc.get_threshold()[1:])
    gc.enable()
    try:
        for ready in plan.batches():
            out.send(ready)
        out.send(_Done(time.process_time()))
    except (BrokenPipeError, EOFError, OSError):
        return
    except BaseException:  # reported to the importer, which fails the job
        try:
            out.send(PreparerFailed(traceback.format_exc(limit=8)))
        except (BrokenPipeError, OSError):
            return


def start_method() -> str:
    """How the preparing process starts. Forked, it has every module this process imported
    already (a spawned one imports them again: ~1.5 s of CPU, and the wall clock waits for it);
    but a fork copies only the calling thread, and a lock another thread held at that moment
    stays locked in the child for ever, so only a process running one thread (the CLI) forks."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


@contextmanager
def _forking() -> Iterator[None]:
    """The collector stays off from just before the fork until the child has frozen what it
    inherited (`_prepare_in_child`); the parent turns it back on as soon as the child exists."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _widen(connection: Any) -> None:
    """Ask for a larger pipe (Linux); where that is refused the default one works too."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


class _ReadAhead:
    """A thread that reads pickled batches off the pipe into a bounded queue (reading releases
    the interpreter, so it runs while the writer waits on SQLite); the writer unpickles them."""

    def __init__(self, receiver: Any) -> None:
        self.receiver = receiver
        self.queue: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=READ_AHEAD)
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._pump, name="sampark-import-read-ahead", daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        while not self.stopping.is_set():
            try:
                item: bytes | BaseException = self.receiver.recv_bytes()
            except BaseException as exc:  # the writer raises it (the preparer ended, the pipe closed)
                item = exc
            while not self.stopping.is_set():
                try:
                    self.queue.put(item, timeout=0.2)
                    break
                except queue.Full:
                    continue
            if isinstance(item, BaseException):
                return

    def __iter__(self) -> Iterator[Any]:
        while True:
            item = self.queue.get()
            if isinstance(item, BaseException):
                raise PreparerFailed("the import's preparing process stopped") from item
            yield ForkingPickler.loads(item)

    def stop(self) -> None:
        self.stopping.set()
        with contextlib.suppress(queue.Empty):  # unblock a pump waiting for room
            while True:
                self.queue.get_nowait()


@contextmanager
def batches_from_second_process(plan: Batches) -> Iterator[Iterator[Any]]:
    """`plan`'s batches, prepared in a second process while this one writes the batch before."""
    forked = start_method() == "fork"
    context = multiprocessing.get_context("fork") if forked else multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(
        target=_prepare_in_child,
        args=(plan, sender, receiver if forked else None),
        daemon=True,
        name="sampark-import-prepare",
    )
    with _forking():
        child.start()
    sender.close()
    ahead = _ReadAhead(receiver)
    finished = False

    def received() -> Iterator[Any]:
        nonlocal finished
        for item in ahead:
            if isinstance(item, _Done):
                PREPARER_CPU[0] += item.cpu
                finished = True
                return
            if isinstance(item, PreparerFailed):
                raise item
            yield item

    try:
        yield received()
    finally:
        ahead.stop()
        if not finished:  # the writer stopped early: the preparer may be blocked sending
            child.terminate()
        child.join(timeout=10)
        if child.is_alive():
            child.terminate()
            child.join()
        ahead.thread.join(timeout=10)  # it ends at the pipe's end, now the preparer is gone
        receiver.close()
