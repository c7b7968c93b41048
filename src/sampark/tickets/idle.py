"""IMAP IDLE (RFC 2177): mail in within a second of its arrival instead of at the next minute's
poll. The worker runs one watcher thread per IMAP mailbox whose server advertises IDLE; the
watcher keeps a connection open in IDLE and, when the server announces new mail (`* n EXISTS`),
asks for a poll of that mailbox (the `tickets.imap_poll_mailbox` job: the same fetching,
ingesting and UID mark as the minute's poll, which goes on as the safety net). IDLE is re-issued
every `idle_seconds` (RFC 2177: within 29 minutes) by reconnecting; a server without IDLE, or
a failing connection, leaves that mailbox to polling — the watcher retries with back-off.

Python's imaplib has no IDLE before 3.14, so the few lines of protocol are here."""

from __future__ import annotations

import imaplib
import logging
import re
import socket
import threading
import uuid
from collections.abc import Callable

from sampark.db import Database
from sampark.tickets import inbound, mailboxes
from sampark.tickets.models import Mailbox

log = logging.getLogger("sampark.tickets.idle")
_NEW_MAIL = re.compile(rb"^\* \d+ (EXISTS|RECENT)\b", re.IGNORECASE)


class NoIdle(Exception):
    """The server does not advertise IDLE: the mailbox stays with polling."""


def supports_idle(client: imaplib.IMAP4) -> bool:
    """Whether the server offers IDLE, asked after login (many servers, pymap among them, list
    their extensions only to a signed-in client)."""
    typ, data = client.capability()
    words = b" ".join(d for d in data if isinstance(d, bytes)).upper().split() if typ == "OK" else []
    return b"IDLE" in words or "IDLE" in {c.upper() for c in client.capabilities}


def idle_once(client: imaplib.IMAP4, seconds: float) -> bool:
    """Wait in IDLE until the server announces new mail (True) or `seconds` pass (False). On
    False the connection is spent (a timed-out socket file cannot be read again): reconnect."""
    tag = client._new_tag()  # imaplib's own tag counter
    client.send(tag + b" IDLE\r\n")
    line = client.readline()
    while line.startswith(b"* "):  # untagged data sent before the continuation
        if _NEW_MAIL.match(line):
            _done(client, tag)
            return True
        line = client.readline()
    if not line.startswith(b"+"):
        raise imaplib.IMAP4.error(f"IDLE refused: {line[:200]!r}")
    sock = client.socket()
    previous = sock.gettimeout()
    sock.settimeout(seconds)
    try:
        while True:
            line = client.readline()
            if not line:
                raise imaplib.IMAP4.abort("the server closed the connection")
            if _NEW_MAIL.match(line):
                break
    except TimeoutError:
        return False
    finally:
        sock.settimeout(previous)
    _done(client, tag)
    return True


def _done(client: imaplib.IMAP4, tag: bytes) -> None:
    """End IDLE and read up to its tagged completion."""
    client.send(b"DONE\r\n")
    while True:
        line = client.readline()
        if not line:
            raise imaplib.IMAP4.abort("the server closed the connection")
        if line.startswith(tag + b" "):
            if not line[len(tag) + 1 :].upper().startswith(b"OK"):
                raise imaplib.IMAP4.error(f"IDLE ended badly: {line[:200]!r}")
            return


def _request_poll(db: Database, mailbox_id: uuid.UUID) -> None:
    from sampark.core.ids import new_id
    from sampark.jobs import service as jobs
    from sampark.tickets.jobs import POLL_ONE_KIND

    with db.session() as session:
        jobs.enqueue(
            session, POLL_ONE_KIND, {"mailbox_id": str(mailbox_id)}, key=f"{POLL_ONE_KIND}:idle:{new_id()}"
        )


class Watcher(threading.Thread):
    """One mailbox in IDLE: each announcement of new mail becomes a poll of the mailbox."""

    def __init__(
        self,
        db: Database,
        mailbox_id: uuid.UUID,
        *,
        idle_seconds: float = 600.0,
        on_new_mail: Callable[[Database, uuid.UUID], None] = _request_poll,
    ) -> None:
        super().__init__(name=f"imap-idle-{mailbox_id}", daemon=True)
        self.db, self.mailbox_id, self.idle_seconds, self.on_new_mail = (
            db,
            mailbox_id,
            idle_seconds,
            on_new_mail,
        )
        self.stopping = threading.Event()
        self.idling = threading.Event()  # set while a connection waits in IDLE (for tests and status)
        self.no_idle = False
        self._client: imaplib.IMAP4 | None = None

    def stop(self) -> None:
        self.stopping.set()
        client = self._client
        if client is not None:
            try:
                client.socket().shutdown(socket.SHUT_RDWR)  # wakes the blocked read
            except OSError:
                pass

    def run(self) -> None:
        delay = 5.0
        while not self.stopping.is_set():
            try:
                self._session()
                delay = 5.0
            except NoIdle:
                self.no_idle = True
                log.info("mailbox %s: the server has no IDLE; polling every minute", self.mailbox_id)
                return
            except (imaplib.IMAP4.error, OSError) as exc:
                if self.stopping.is_set():
                    return
                log.warning(
                    "mailbox %s: IDLE connection failed (%s); again in %.0f s", self.mailbox_id, exc, delay
                )
                self.stopping.wait(delay)
                delay = min(delay * 2, 300.0)
            finally:
                self.idling.clear()

    def _session(self) -> None:
        """One connection: catch up (a poll), then IDLE until it times out or fails."""
        with self.db.session(write=False) as session:
            box = session.get(Mailbox, self.mailbox_id)
            if box is None or not box.enabled or not box.imap_host:
                self.stopping.set()
                return
            session.expunge(box)
        client = inbound._connect(box)
        self._client = client
        try:
            if not supports_idle(client):
                raise NoIdle
            typ, data = client.select(f'"{box.imap_folder}"', readonly=True)
            if typ != "OK":
                raise imaplib.IMAP4.error(f"cannot select {box.imap_folder}: {data!r}")
            self.on_new_mail(self.db, self.mailbox_id)  # whatever came while nobody watched
            while not self.stopping.is_set():
                self.idling.set()
                if not idle_once(client, self.idle_seconds):
                    return  # timed out: reconnect (and re-issue IDLE) in the next session
                self.idling.clear()
                self.on_new_mail(self.db, self.mailbox_id)
        finally:
            self._client = None
            try:
                client.shutdown()
            except (imaplib.IMAP4.error, OSError):
                pass


class Supervisor(threading.Thread):
    """Keeps a watcher on every enabled IMAP mailbox (checked every `every` seconds: new
    mailboxes get one, removed or disabled ones lose theirs)."""

    def __init__(self, db: Database, *, every: float = 60.0, idle_seconds: float = 600.0) -> None:
        super().__init__(name="imap-idle", daemon=True)
        self.db, self.every, self.idle_seconds = db, every, idle_seconds
        self.stopping = threading.Event()
        self.watchers: dict[uuid.UUID, Watcher] = {}

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                with self.db.session(write=False) as session:
                    wanted = set(mailboxes.mailbox_ids_to_poll(session))
                for mailbox_id in list(self.watchers):
                    if mailbox_id not in wanted:
                        self.watchers.pop(mailbox_id).stop()
                for mailbox_id in wanted:
                    watcher = self.watchers.get(mailbox_id)
                    if watcher is None or (not watcher.is_alive() and not watcher.no_idle):
                        watcher = Watcher(self.db, mailbox_id, idle_seconds=self.idle_seconds)
                        self.watchers[mailbox_id] = watcher
                        watcher.start()
            except Exception:  # keep supervising: a database hiccup must not end IDLE for good
                log.exception("IMAP IDLE supervision round failed")
            self.stopping.wait(self.every)
        for watcher in self.watchers.values():
            watcher.stop()
