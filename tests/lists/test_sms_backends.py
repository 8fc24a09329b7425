"""The SMS backends behind "text this list": production sends nothing until a provider is named (never the
development console, which would write lists to the server's logs and tell the visitor they went out), and
the console writes no digit of the number."""

import io

from lists.sms import ConsoleSMSBackend
from tests.security.test_production_settings import _run

PROBE = (
    "import django; django.setup();"
    "from django.conf import settings; from lists.sms import SMSError, sms_backend;\n"
    "try:\n"
    "    sms_backend().send('9165550199', 'Night Shelter 916-555-0142')\n"
    "except SMSError:\n"
    "    print('REFUSED', settings.SMS_BACKEND)\n"
    "else:\n"
    "    print('SENT', settings.SMS_BACKEND)\n"
)


def test_production_without_a_provider_refuses_to_text_and_writes_nothing():
    result = _run(PROBE, SMS_BACKEND=None)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("REFUSED lists.sms.DisabledSMSBackend"), result.stdout
    assert "0199" not in result.stdout + result.stderr and "Night Shelter" not in result.stdout + result.stderr


def test_the_development_console_writes_the_text_but_no_digit_of_the_number():
    stream = io.StringIO()
    backend = ConsoleSMSBackend()
    backend.stream = stream
    backend.send("9165550199", "Night Shelter")
    assert "Night Shelter" in stream.getvalue()
    assert not any(part in stream.getvalue() for part in ("0199", "916", "555"))
