"""The restore drill: a backup made with `make backup` restores with `make restore` into an empty database
with everything in it (pages, referrals, audit trail, media) and the client details readable with the same
master keys, and with no other key."""

import json
import subprocess
from pathlib import Path

from cryptography.fernet import Fernet

from .harness import ROOT, Mailbox, Site

SUMMARY = """
import json
from wagtail.models import Page
from referrals.models import AuditEvent, Recipient, RecipientEvent, Referral
from referrals import crypto
referral = Referral.objects.order_by('-created_at', '-pk').first()  # the drill's own
try:
    pii = crypto.read_pii(referral)
except crypto.PiiUnavailable:
    pii = 'unreadable'
print(json.dumps({
    'pages': sorted(Page.objects.values_list('title', flat=True)),
    'live_pages': Page.objects.live().count(),
    'referrals': sorted(str(pk) for pk in Referral.objects.values_list('pk', flat=True)),
    'recipients': sorted(Recipient.objects.values_list('status', flat=True)),
    'events': RecipientEvent.objects.count(),
    'audit': AuditEvent.objects.count(),
    'pii': pii,
}))
"""


def summary(site) -> dict:
    return json.loads(site.shell(SUMMARY).strip().splitlines()[-1])


def make(site, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=ROOT, env=site.env, capture_output=True, text=True, timeout=600
    )


def test_a_backup_restores_into_an_empty_database(postgres, tmp_path):
    postgres.psql("DROP DATABASE IF EXISTS drill_copy")
    postgres.psql("CREATE DATABASE drill_copy")
    source = Site(postgres, None, Mailbox(), tmp_path)
    source.env.update(DATABASE_URL=postgres.url("drill_source"), MEDIA_ROOT=str(tmp_path / "media-source"))
    postgres.create_migrated("drill_source", source.env)
    source.manage("load_demo", "--no-index")
    source.shell(
        "from directory.models import ServicePage\n"
        "from referrals import audit, lifecycle, privacy\n"
        "from referrals.models import Membership\n"
        "advocate = Membership.objects.get(user__username='advocate')\n"
        "service = ServicePage.objects.live().filter(accepting_referrals=True).order_by('path').first()\n"
        "r = lifecycle.create_referral(advocate.user, advocate.organization, needs=['emergency-shelter'],\n"
        "                              service_ids=[service.hsds_id], age=30, postal_code='95814')\n"
        "privacy.save_pii(r, {'name': 'Drill Client', 'phone': '555-0100'})\n"
        "audit.record(None, None, 'referral.drill', [r.pk], channel='system')\n"
    )
    logo = Path(source.env["MEDIA_ROOT"]) / "original_images" / "logo.png"
    logo.parent.mkdir(parents=True)
    logo.write_bytes(b"\x89PNG drill bytes")
    before = summary(source)
    assert before["pii"] == {"name": "Drill Client", "phone": "555-0100"} and before["referrals"]

    made = make(source, "backup", f"TO={tmp_path / 'backup'}")
    assert made.returncode == 0, made.stderr
    folder = made.stdout.strip().splitlines()[-1]
    assert Path(folder) == (tmp_path / "backup") and (Path(folder) / "database.dump").stat().st_size > 0
    assert "REFERRAL_MASTER_KEYS" not in (Path(folder) / "SHA256SUMS").read_text()

    copy = Site(postgres, None, Mailbox(), tmp_path)
    copy.env.update(
        DATABASE_URL=postgres.url("drill_copy"),
        MEDIA_ROOT=str(tmp_path / "media-copy"),
        REFERRAL_MASTER_KEYS=source.env["REFERRAL_MASTER_KEYS"],
        SECRET_KEY=source.env["SECRET_KEY"],
    )
    restored = make(copy, "restore", f"FROM={folder}")
    assert restored.returncode == 0, restored.stderr
    assert summary(copy) == before
    assert (Path(copy.env["MEDIA_ROOT"]) / "original_images" / "logo.png").read_bytes() == b"\x89PNG drill bytes"

    # Without the master keys the backup's client details stay sealed.
    copy.env["REFERRAL_MASTER_KEYS"] = Fernet.generate_key().decode()
    assert summary(copy)["pii"] == "unreadable"

    # A restore never writes over a database in use.
    again = make(copy, "restore", f"FROM={folder}")
    assert again.returncode != 0 and "not empty" in again.stderr
