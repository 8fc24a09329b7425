"""Sending a text message ("text this list"). A deployment plugs in its provider by naming a backend class
in SMS_BACKEND; development prints to the console. No backend may log the number or the message."""

import sys

from django.conf import settings
from django.utils.module_loading import import_string


class SMSError(RuntimeError):
    """The provider refused or could not be reached (the message says so without the number)."""


class BaseSMSBackend:
    def send(self, to: str, body: str) -> None:
        """Send `body` (at most 480 characters) to the US number `to` (digits, +1 added); raise SMSError."""
        raise NotImplementedError


class ConsoleSMSBackend(BaseSMSBackend):
    """Development: writes the message to standard output, with the number masked."""

    stream = None

    def send(self, to: str, body: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to ***-***-{to[-4:]}:\n{body}\n{'-' * 40}\n")
        stream.flush()


class LocmemSMSBackend(BaseSMSBackend):
    """Tests: keeps what was sent in `outbox`."""

    outbox: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> None:
        type(self).outbox.append((to, body))


def sms_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()
