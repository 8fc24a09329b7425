"""A small coalition for referral tests: two receiving organizations, a referring one, and one of each role."""

import email
import socket
from dataclasses import dataclass
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.utils import timezone

from referrals.access import actor_for, issue_token
from referrals.actions import Caller
from referrals.lifecycle import create_referral
from referrals.members import add_member
from referrals.models import Operation
from tests.factories import make_organization, make_service


@dataclass
class Coalition:
    referring_org: object
    shelter_org: object
    legal_org: object
    shelter: object
    legal: object
    closed: object
    advocate: object
    other_advocate: object
    provider: object
    other_provider: object
    admin: object
    stranger: object


@pytest.fixture
def coalition(site_tree):
    referring_org = make_organization("Referring Org", email="intake@referring.example")
    shelter_org = make_organization("Safe Harbor", email="front-desk@harbor.example")
    legal_org = make_organization("Justice Legal", email="office@justice.example")
    shelter = make_service(shelter_org, "Emergency Beds", needs=("emergency-shelter", "case-management"))
    legal = make_service(legal_org, "Visa Clinic", needs=("legal-immigration",))
    closed = make_service(legal_org, "Full Program", needs=("legal-immigration",), accepting_referrals=False)
    advocate, _ = add_member("ava", "ava@referring.example", "advocate", referring_org)
    other_advocate, _ = add_member("oscar", "oscar@referring.example", "advocate", referring_org)
    provider, _ = add_member("pat", "pat@harbor.example", "provider", shelter_org)
    other_provider, _ = add_member("lee", "lee@justice.example", "provider", legal_org)
    admin, _ = add_member("cora", "cora@coalition.example", "coalition-admin")
    from django.contrib.auth import get_user_model

    stranger = get_user_model().objects.create_user("sam", "sam@example.org", "irrelevant-pass-123")
    return Coalition(
        referring_org,
        shelter_org,
        legal_org,
        shelter,
        legal,
        closed,
        advocate,
        other_advocate,
        provider,
        other_provider,
        admin,
        stranger,
    )


def make_referral(coalition, services=None, urgent=False, now=None, **facts):
    """A referral from the coalition's advocate to `services` (default: the shelter and the legal clinic)."""
    services = services if services is not None else [coalition.shelter, coalition.legal]
    defaults = dict(
        age=19,
        gender="female",
        languages=["es"],
        trafficking_type="labor",
        postal_code="95814",
        note="Needs a bed tonight; prefers a female caseworker.",
    )
    defaults.update(facts)
    return create_referral(
        coalition.advocate,
        coalition.referring_org,
        needs=["emergency-shelter"],
        service_ids=[s.hsds_id for s in services],
        urgent=urgent,
        now=now,
        **defaults,
    )


@pytest.fixture
def referral(coalition):
    return make_referral(coalition)


def bearer_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


# --- A real SMTP server on 127.0.0.1 that keeps what it receives ---


class Collector:
    def __init__(self):
        self.messages = []
        self.refuse = False  # True: refuse every message (a permanent, per-message error)

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "554 Transaction failed"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(
            {
                "to": sorted(envelope.rcpt_tos),
                "subject": str(message["Subject"]),
                "body": message.get_body().get_content(),
            }
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.SITE_BASE_URL = "https://referrals.example.org"
    yield collector
    controller.stop()


# --- Operations (issue 16): an active operation with more shelters near its area ---------------------------


@dataclass
class Ops:
    coalition: object
    operation: object
    shelters: list  # five more emergency-shelter services, each of its own organization, all near 95814
    coordinator: object
    on_call: object
    far: object  # an emergency shelter 80+ miles from the area


def caller(user, channel="api") -> Caller:
    return Caller(actor=actor_for(user), channel=channel)


@pytest.fixture
def ops(coalition):
    now = timezone.now()
    shelters = []
    for n in range(5):
        org = make_organization(f"Shelter Org {n}", email=f"desk{n}@shelter{n}.example")
        shelters.append(make_service(org, f"Night Beds {n}", needs=("emergency-shelter",)))
    far_org = make_organization("Far Away Shelter", postal_code="96150", email="desk@far.example")
    far = make_service(far_org, "Lake Beds", needs=("emergency-shelter",))
    coordinator, _ = add_member("cody", "cody@referring.example", "advocate", coalition.referring_org)
    on_call, _ = add_member("olga", "olga@referring.example", "advocate", coalition.referring_org)
    operation = Operation.objects.create(
        name="Operation: Hot Spots",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=8),
        postal_codes=["95814"],
        coordinator=coordinator,
        lead_agency=coalition.referring_org,
    )
    operation.organizations.set([coalition.shelter_org, *[s.organization for s in shelters]])
    operation.on_call.set([on_call, coalition.advocate])
    return Ops(coalition, operation, shelters, coordinator, on_call, far)
