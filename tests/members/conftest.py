import pytest

from referrals.members import add_member
from tests.factories import make_organization, make_service


@pytest.fixture(autouse=True)
def mail_to_memory(settings):
    """Base settings send mail over SMTP; these tests read the outbox instead."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def harbor(site_tree):
    return make_organization(title="Harbor House (Sample)")


@pytest.fixture
def lifeline(site_tree):
    return make_organization(title="Lifeline Crisis Line (Sample)")


@pytest.fixture
def harbor_shelter(harbor):
    return make_service(harbor, title="Emergency Shelter", needs=["emergency-shelter"], intake_24_7=True)


@pytest.fixture
def lifeline_line(lifeline):
    return make_service(lifeline, title="Crisis Line", needs=["crisis-line"], intake_24_7=True)


@pytest.fixture
def harbor_editor(harbor):
    user, _ = add_member("harbor-editor", "editor@harbor.example.org", "provider", harbor, password="x" * 12)
    return user


@pytest.fixture
def lifeline_editor(lifeline):
    user, _ = add_member("lifeline-editor", "editor@lifeline.example.org", "provider", lifeline, password="x" * 12)
    return user


@pytest.fixture
def reviewer(site_tree):
    """A coalition admin: a superuser, and so a reviewer."""
    user, _ = add_member("coalition-admin", "admin@coalition.example.org", "coalition-admin", password="x" * 12)
    return user


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
