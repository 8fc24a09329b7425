"""Sending a text message ("text this list"). A deployment plugs in its provider by naming a backend class
in SMS_BACKEND; development prints to the console; production refuses until a provider is named (a console
there would write the list to the server's logs and tell the visitor it was sent). No backend may log the
number, and only the development console writes the message."""

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
    """Development: writes the message to standard output, without any digit of the number."""

    stream = None

    def send(self, to: str, body: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to a US number:\n{body}\n{'-' * 40}\n")
        stream.flush()


class DisabledSMSBackend(BaseSMSBackend):
    """Production until SMS_BACKEND names a provider: nothing is sent, and the visitor is told to copy the text."""

    def send(self, to: str, body: str) -> None:
        raise SMSError("No SMS provider is configured (set SMS_BACKEND).")


class LocmemSMSBackend(BaseSMSBackend):
    """Tests: keeps what was sent in `outbox`."""

    outbox: list[tuple[str, str]] = []

    def send(self, to: str, body: str) -> None:
        type(self).outbox.append((to, body))


def sms_backend() -> BaseSMSBackend:
    return import_string(settings.SMS_BACKEND)()
