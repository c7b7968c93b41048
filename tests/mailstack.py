"""A local mail stack for the end-to-end run (web/e2e/serve.mjs starts it beside Sampark).

- SMTP (aiosmtpd) on --smtp-port takes every message, from Sampark or from the test.
- Mail to an address in --local-domain is delivered, by IMAP APPEND, into a real IMAP server
  (pymap's in-memory backend, a child process on --imap-port, user/password `support`/`secret`),
  in the folder named after the address's local part: support.x1@shop.example lands in folder
  `support.x1`, which a Sampark mailbox reads by polling. One folder per address keeps the
  journeys (and their retries) apart.
- Mail to anyone else (Sampark's replies and CSAT requests to customers) is kept and listed by
  a small HTTP server on --http-port: `GET /messages?to=addr` answers JSON, oldest first.
  `POST /folders/<address>` makes a local address's folder before any mail arrives.

It prints `ready` once all three listen, and stops (with pymap) when its stdin closes or on
SIGTERM, so it never outlives the e2e server.
"""

from __future__ import annotations

import argparse
import asyncio
import imaplib
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from aiosmtpd.controller import Controller

USER, PASSWORD = "support", "secret"


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def summary(raw: bytes, envelope_to: list[str]) -> dict[str, Any]:
    """What a test checks of a delivered message: its threading headers, text and the raw bytes."""
    msg = message_from_bytes(raw, policy=policy.default)
    body = msg.get_body(("plain",))
    return {
        "envelope_to": envelope_to,
        "from": str(msg.get("From", "")),
        "to": [addr for _, addr in getaddresses([str(v) for v in msg.get_all("To", [])])],
        "reply_to": [addr for _, addr in getaddresses([str(v) for v in msg.get_all("Reply-To", [])])],
        "subject": str(msg.get("Subject", "")),
        "message_id": str(msg.get("Message-ID", "")),
        "in_reply_to": str(msg.get("In-Reply-To", "")),
        "references": str(msg.get("References", "")),
        "text": body.get_content() if isinstance(body, EmailMessage) else "",
        "raw": raw.decode("utf-8", "replace"),
    }


class Delivery:
    """aiosmtpd's handler: local mail into IMAP folders, the rest into the outbox."""

    def __init__(self, imap_port: int, local_domain: str) -> None:
        self.imap_port, self.local_domain = imap_port, local_domain.lower()
        self.outbox: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    def is_local(self, address: str) -> bool:
        return address.lower().rpartition("@")[2] == self.local_domain

    def append(self, folders: list[str], raw: bytes | None = None) -> None:
        """Into each folder (made when missing) the message; without one, just make the folders."""
        with imaplib.IMAP4("127.0.0.1", self.imap_port) as imap:
            imap.login(USER, PASSWORD)
            for folder in folders:
                quoted = f'"{folder}"'
                imap.create(quoted)  # NO when it exists already: fine
                if raw is None:
                    continue
                typ, data = imap.append(quoted, None, None, raw)
                if typ != "OK":
                    raise RuntimeError(f"APPEND to {folder} failed: {data!r}")

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw: bytes = envelope.original_content or envelope.content
        local = [r for r in envelope.rcpt_tos if self.is_local(r)]
        remote = [r for r in envelope.rcpt_tos if not self.is_local(r)]
        if local:
            folders = sorted({r.rpartition("@")[0].lower() for r in local})
            try:
                await asyncio.get_running_loop().run_in_executor(None, self.append, folders, raw)
            except Exception as exc:  # tell the sender, as a real server would
                return f"451 Local delivery failed: {exc}"
        if remote:
            with self.lock:
                self.outbox.append(summary(raw, remote))
        return "250 Message accepted for delivery"


def http_server(port: int, delivery: Delivery) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path != "/messages":
                self.send_error(404)
                return
            to = (parse_qs(url.query).get("to") or [""])[0].lower()
            with delivery.lock:
                found = [m for m in delivery.outbox if not to or to in (a.lower() for a in m["envelope_to"])]
            body = json.dumps(found).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            """`POST /folders/<address>`: the support address's folder exists before any mail
            (as a mail server's account does), so a mailbox polled at once finds it."""
            url = urlparse(self.path)
            address = unquote(url.path.removeprefix("/folders/"))
            if not url.path.startswith("/folders/") or not delivery.is_local(address):
                self.send_error(404)
                return
            delivery.append([address.rpartition("@")[0].lower()])
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the e2e log is for failures

    return ThreadingHTTPServer(("127.0.0.1", port), Handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--imap-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--local-domain", default="shop.example")
    args = parser.parse_args()

    imap = subprocess.Popen(  # noqa: S603  (our own interpreter, fixed arguments)
        [
            sys.executable, "-c", "import sys; from pymap.main import main; sys.exit(main())",
            "--no-service", "admin", "--no-service", "managesieve", "--no-service", "swim",
            "--host", "127.0.0.1", "--port", str(args.imap_port), "--no-tls",
            "dict", "--demo-user", USER, "--demo-password", PASSWORD,
        ],
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    smtp: Controller | None = None
    web: ThreadingHTTPServer | None = None
    try:
        wait_for_port(args.imap_port)
        delivery = Delivery(args.imap_port, args.local_domain)
        smtp = Controller(delivery, hostname="127.0.0.1", port=args.smtp_port)
        smtp.start()
        web = http_server(args.http_port, delivery)
        threading.Thread(target=web.serve_forever, daemon=True).start()
        print("ready", flush=True)

        # The parent (serve.mjs) holds our stdin: when it goes, so do we.
        def watch_stdin() -> None:
            sys.stdin.buffer.read()
            stopped.set()

        threading.Thread(target=watch_stdin, daemon=True).start()
        while not stopped.wait(0.5) and imap.poll() is None:
            pass
    finally:
        if web is not None:
            web.shutdown()
        if smtp is not None:
            smtp.stop()
        imap.terminate()
        try:
            imap.wait(timeout=5)
        except subprocess.TimeoutExpired:
            imap.kill()


if __name__ == "__main__":
    main()
