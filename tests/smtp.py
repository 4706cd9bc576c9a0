"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, on a free port, keeping what it receives
(the parsed message and the envelope: who it was from and to)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_content()


@dataclass
class SmtpInbox:
    """aiosmtpd handler: keeps every message the server accepts."""

    received: list[Received] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 0

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            Received(
                mail_from=envelope.mail_from,
                rcpt_tos=list(envelope.rcpt_tos),
                raw=envelope.content,
                message=message_from_bytes(envelope.content, policy=default_policy),
            )
        )
        return "250 OK"

    @property
    def messages(self) -> list[EmailMessage]:
        return [received.message for received in self.received]


def free_port() -> int:
    # aiosmtpd checks its server by connecting to the port it was given, so port 0 cannot be used.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server() -> Iterator[SmtpInbox]:
    inbox = SmtpInbox(port=free_port())
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def use_smtp(settings, inbox: SmtpInbox | None, *, port: int | None = None) -> None:
    """Point Django's mail at ``inbox`` (or at ``port`` where nothing listens)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = inbox.port if inbox is not None else port
    settings.EMAIL_USE_TLS = False


@pytest.fixture(name="smtp")
def smtp_fixture(settings) -> Iterator[SmtpInbox]:
    """The tests' one SMTP server: Django's mail goes to it for the test's length (import
    ``smtp_fixture`` into a test module to use ``smtp``)."""
    with smtp_server() as inbox:
        use_smtp(settings, inbox)
        settings.TIEPDAN_SITE_URL = "https://tiepdan.example.gov.vn"
        yield inbox
