"""Every page and API endpoint that shows a referral records who saw it: one row per screen, like the access matrix.

A screen that shows one referral records `referral.read` for it (and `pii.read` when it showed client details);
a list records `referral.list` naming every referral it showed. The last test lists every referral URL: a new
screen fails it until it is put in the table below (and so audited) or named as one that shows no referral.
"""

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from referrals.access import actor_for, issue_token
from referrals.models import AuditEvent, Operation, Referral
from referrals.privacy import create_release, save_pii

from .conftest import make_referral


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user)}")


# (row name, URL name, how to call, path, the roles that may see it, action, channel, names one recipient)
SHOWS_A_REFERRAL = [
    (
        "timeline",
        "referrals:detail",
        web,
        lambda ref, rec: f"/referrals/{ref.pk}/",
        ["advocate", "admin"],
        "referral.read",
        "web",
        False,
    ),
    (
        "inbox item",
        "referrals:recipient",
        web,
        lambda ref, rec: f"/referrals/inbox/{rec.pk}/",
        ["provider"],
        "referral.read",
        "web",
        True,
    ),
    (
        "API detail",
        "api_referral",
        api,
        lambda ref, rec: f"/api/referrals/{ref.pk}",
        ["advocate", "provider", "admin"],
        "referral.read",
        "api",
        False,
    ),
    (
        "my referrals",
        "referrals:mine",
        web,
        lambda ref, rec: "/referrals/mine/",
        ["advocate"],
        "referral.list",
        "web",
        False,
    ),
    (
        "inbox",
        "referrals:inbox",
        web,
        lambda ref, rec: "/referrals/inbox/",
        ["provider"],
        "referral.list",
        "web",
        False,
    ),
    (
        "API list",
        "api_referrals",
        api,
        lambda ref, rec: "/api/referrals",
        ["advocate", "provider", "admin"],
        "referral.list",
        "api",
        False,
    ),
    (
        "API list by status",
        "api_referrals",
        api,
        lambda ref, rec: "/api/referrals?status=sent",
        ["advocate", "provider", "admin"],
        "referral.list",
        "api",
        False,
    ),
    (
        "placement",
        "referrals:operations:placement",
        web,
        lambda ref, rec: f"/referrals/operations/{as_placement(ref).pk}/placements/{ref.pk}/",
        ["advocate", "admin"],
        "referral.read",
        "web",
        False,
    ),
    (
        "API conversation",
        "api_referral_messages",
        api,
        lambda ref, rec: with_a_question(ref, rec, f"/api/referrals/{ref.pk}/recipients/{rec.pk}/messages"),
        ["advocate", "provider"],
        "message.read",
        "api",
        True,
    ),
    (
        "coordinator's board",
        "referrals:operations:board",
        web,
        lambda ref, rec: f"/referrals/operations/{as_placement(ref).pk}/board/",
        ["admin"],
        "operation.board",
        "web",
        False,
    ),
]


def with_a_question(referral, recipient, path: str) -> str:
    """The provider asks a question on the part first: an empty thread has nothing to read, so no read to audit."""
    from referrals import actions
    from referrals.models import Membership

    provider = Membership.objects.filter(organization=recipient.organization, role="provider").first().user
    caller = actions.Caller(actor=actor_for(provider), channel="web", ip="127.0.0.1")
    actions.post_message(caller, recipient.pk, "Is there a bed tonight?")
    return path


def as_placement(referral) -> Operation:
    """Make the referral a placement of a new active operation (the operations' screens show only those)."""
    now = timezone.now()
    operation = Operation.objects.create(
        name="Operation: Hot Spots", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5)
    )
    Referral.objects.filter(pk=referral.pk).update(operation=operation, mode="first_accept")
    return operation


# Screens under the referral URLs that show no referral's facts, and why. POST-only ones redirect to a screen above.
SHOWS_NO_REFERRAL = {
    "referrals:home": "redirects to the role's start page",
    "referrals:new": "the matching form; sending redirects to the timeline",
    "referrals:dashboard": "aggregate counts only",
    "referrals:audit": "the audit trail itself (who, what, when; no referral facts)",
    "referrals:withdraw": "POST only",
    "referrals:recipient_action": "POST only",
    "referrals:details": "POST only",
    "referrals:add_release": "POST only",
    "referrals:revoke_release": "POST only",
    "api_referral_match": "matching results, no referral",
    "api_referral_transition": "POST only",
    "api_referral_pii": "POST only",
    "api_referral_releases": "POST only",
    "api_referral_release_revoke": "POST only",
    "referrals:message": "POST only",
    "referrals:answer": "the notice's signed link: redirects to the part's page, audited above (inbox item)",
    "referrals:profile": "the member's own callback number",
    "referrals:operations:list": "operations only",
    "referrals:operations:place": "the placement form; filing redirects to the placement",
    "referrals:operations:standby": "the provider's own holds",
    "referrals:operations:readiness": "places held per need",
    "referrals:operations:report": "anonymous counts, small ones suppressed",
    "referrals:operations:report_csv": "anonymous counts, small ones suppressed",
    "referrals:operations:juvenile_step": "POST only",
    "referrals:operations:release_hold": "POST only",
    "api_operations": "creates an operation (POST): no referral",
    "api_operation_placements": "files a placement (POST): the answer is the filer's new referral (placement.create)",
    "api_operation_report": "anonymous counts, small ones suppressed",
}
POST_ONLY = {name for name, why in SHOWS_NO_REFERRAL.items() if why == "POST only"}

CASES = [(row, role) for row in SHOWS_A_REFERRAL for role in row[4]]


@pytest.mark.parametrize("row, role", CASES, ids=[f"{row[0]}-{role}" for row, role in CASES])
def test_every_screen_that_shows_a_referral_records_the_read(coalition, settings, row, role):
    name, _url_name, how, path, _roles, action, channel, names_recipient = row
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]  # messages are encrypted like client details
    referral = make_referral(coalition, services=[coalition.shelter])
    recipient = referral.recipients.get()
    user = getattr(coalition, role)
    caller = how(user)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = caller.get(path(referral, recipient))
    assert response.status_code == 200, (name, role, response.status_code)
    new = AuditEvent.objects.exclude(pk__in=before).filter(action=action)
    assert new.count() == 1 if action == "referral.read" else new.count() >= 1, (name, role, list(new))
    event = new.get(referral_id=referral.pk)
    assert (event.username, event.role, event.channel) == (user.username, actor_for(user).role, channel)
    assert event.ip == "127.0.0.1"
    if names_recipient:
        assert event.recipient_id == recipient.pk


PII_CASES = [
    ("timeline", web, lambda ref, rec: f"/referrals/{ref.pk}/", "advocate"),
    ("API detail", api, lambda ref, rec: f"/api/referrals/{ref.pk}", "advocate"),
    ("inbox item", web, lambda ref, rec: f"/referrals/inbox/{rec.pk}/", "provider"),
    ("API detail", api, lambda ref, rec: f"/api/referrals/{ref.pk}", "provider"),
]


@pytest.mark.parametrize("name, how, path, role", PII_CASES, ids=[f"{c[0]}-{c[3]}" for c in PII_CASES])
def test_every_screen_that_shows_client_details_records_which_items(coalition, settings, name, how, path, role):
    settings.REFERRAL_MASTER_KEYS = [Fernet.generate_key().decode()]
    referral = make_referral(coalition, services=[coalition.shelter])
    recipient = referral.recipients.get()
    save_pii(referral, {"name": "Rosa Quintana", "phone": "916-555-0142"})
    now = timezone.now()
    create_release(
        referral,
        coalition.advocate,
        {
            "organization_id": str(coalition.shelter_org.hsds_id),
            "items": ["name"],
            "purpose": "Intake",
            "method": "written",
            "signed_by": "client",
            "signed_at": now.isoformat(),
            "expires_at": (now + timedelta(days=7)).isoformat(),
        },
    )
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    response = how(getattr(coalition, role)).get(path(referral, recipient))
    assert response.status_code == 200
    assert "Rosa Quintana" in response.content.decode()
    shown = AuditEvent.objects.exclude(pk__in=before).filter(action="pii.read")
    assert shown.count() == 1, (name, role)
    event = shown.get()
    assert event.referral_id == referral.pk and event.username == getattr(coalition, role).username
    # Which items were shown, never their values: the provider saw only the released name.
    assert event.detail == ("name" if role == "provider" else "name,phone")
    assert "Rosa" not in event.detail and "555" not in event.detail


def test_a_list_names_every_referral_it_showed(coalition):
    shown = [make_referral(coalition, services=[coalition.shelter]) for _ in range(3)]
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    assert web(coalition.advocate).get("/referrals/mine/").status_code == 200
    listed = AuditEvent.objects.exclude(pk__in=before).filter(action="referral.list")
    assert set(listed.values_list("referral_id", flat=True)) == {r.pk for r in shown}


def _referral_url_names():
    names = set()

    def walk(patterns, namespace, inside):
        """Every named URL under the referral URL modules, with its full namespace (e.g. the operations'
        screens, included from referrals.urls, are referrals:operations:…)."""
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", "")
                ns = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace and pattern.namespace
                    else pattern.namespace or namespace
                )
                walk(pattern.url_patterns, ns, inside or module in {"referrals.urls", "referrals.api_urls"})
            elif inside and isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None, False)
    return names


def test_every_referral_url_is_either_audited_above_or_shows_no_referral():
    names = _referral_url_names()
    assert "referrals:detail" in names and "api_referral" in names  # the walk found the referral URLs
    assert "referrals:operations:board" in names  # and those included from them
    classified = {row[1] for row in SHOWS_A_REFERRAL} | set(SHOWS_NO_REFERRAL)
    assert names - classified == set(), "a new referral screen: add it to SHOWS_A_REFERRAL (and audit it)"
    assert classified - names == set(), "a URL name in the table no longer exists"


POST_ONLY_PATHS = {
    "referrals:withdraw": lambda ref, rec: f"/referrals/{ref.pk}/recipients/{rec.pk}/withdraw/",
    "referrals:recipient_action": lambda ref, rec: f"/referrals/inbox/{rec.pk}/accept/",
    "referrals:details": lambda ref, rec: f"/referrals/{ref.pk}/details/",
    "referrals:add_release": lambda ref, rec: f"/referrals/{ref.pk}/releases/",
    "referrals:revoke_release": lambda ref, rec: f"/referrals/{ref.pk}/releases/{rec.pk}/revoke/",
    "referrals:message": lambda ref, rec: f"/referrals/{ref.pk}/recipients/{rec.pk}/message/",
    "api_referral_transition": lambda ref, rec: f"/api/referrals/{ref.pk}/recipients/{rec.pk}/transition",
    "api_referral_pii": lambda ref, rec: f"/api/referrals/{ref.pk}/pii",
    "api_referral_releases": lambda ref, rec: f"/api/referrals/{ref.pk}/releases",
    "api_referral_release_revoke": lambda ref, rec: f"/api/referrals/{ref.pk}/releases/{rec.pk}/revoke",
    "referrals:operations:juvenile_step": lambda ref, rec: f"/referrals/operations/1/placements/{ref.pk}/juvenile/1/",
    "referrals:operations:release_hold": lambda ref, rec: "/referrals/operations/1/standby/holds/1/release/",
}


@pytest.mark.parametrize("url_name", sorted(POST_ONLY))
def test_the_screens_said_to_be_post_only_show_nothing_on_get(coalition, url_name):
    """They may skip a read audit because a GET shows nothing: keep that true."""
    referral = make_referral(coalition, services=[coalition.shelter])
    recipient = referral.recipients.get()
    url = POST_ONLY_PATHS[url_name](referral, recipient)
    assert resolve(url).view_name == url_name
    for role in ("advocate", "provider", "admin"):
        caller = api(getattr(coalition, role)) if url.startswith("/api/") else web(getattr(coalition, role))
        response = caller.get(url)
        assert response.status_code == 405, (url_name, role, response.status_code)
        assert referral.client_code not in response.content.decode()
