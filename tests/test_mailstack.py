"""The e2e run's mail stack (tests/mailstack.py): local mail lands in IMAP, the rest is listed,
and it stops with its parent."""

from __future__ import annotations

import imaplib
import json
import smtplib
import subprocess
import sys
import urllib.request
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.mailserver import free_port


def test_the_mail_stack_files_local_mail_in_imap_and_lists_the_rest() -> None:
    pytest.importorskip("pymap")
    smtp, imap, http = free_port(), free_port(), free_port()
    proc = subprocess.Popen(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, str(Path(__file__).with_name("mailstack.py")), "--smtp-port", str(smtp),
         "--imap-port", str(imap), "--http-port", str(http)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        made = urllib.request.Request(f"http://127.0.0.1:{http}/folders/new.x2@shop.example", method="POST")
        with urllib.request.urlopen(made) as answer:  # noqa: S310  (http, loopback)
            assert answer.status == 204
        inbound = EmailMessage()
        inbound["From"], inbound["To"], inbound["Subject"] = "rina@example.com", "help.x1@shop.example", "Hi"
        inbound.set_content("My parcel is late.")
        reply = EmailMessage()
        reply["From"], reply["To"], reply["Subject"] = "desk@shop.example", "rina@example.com", "Re: Hi"
        reply["Reply-To"], reply["In-Reply-To"] = "help.x1@shop.example", "<a@example.com>"
        reply.set_content("On its way.")
        with smtplib.SMTP("127.0.0.1", smtp) as client:
            client.send_message(inbound)
            client.send_message(reply)

        with imaplib.IMAP4("127.0.0.1", imap) as box:
            box.login("support", "secret")
            assert box.select('"new.x2"', readonly=True)[0] == "OK"  # made empty, ready to poll
            assert box.select('"help.x1"', readonly=True)[0] == "OK"
            (uids,) = box.uid("SEARCH", "ALL")[1]
            assert len(uids.split()) == 1
        with urllib.request.urlopen(f"http://127.0.0.1:{http}/messages?to=rina@example.com") as answer:
            (listed,) = json.loads(answer.read())
        assert listed["subject"] == "Re: Hi" and listed["in_reply_to"] == "<a@example.com>"
        assert listed["reply_to"] == ["help.x1@shop.example"] and listed["text"].strip() == "On its way."
        with urllib.request.urlopen(f"http://127.0.0.1:{http}/messages?to=help.x1@shop.example") as answer:
            assert json.loads(answer.read()) == []  # local mail is in IMAP, not in the list

        assert proc.stdin is not None
        proc.stdin.close()  # the parent goes: the stack (and its IMAP server) stops
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
