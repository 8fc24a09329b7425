from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import translation

from home.models import HomePage
from tests.factories import keep_files_in
from training.models import (
    ADVOCATES_GROUP,
    AUDIENCE_ADVOCATES,
    AUDIENCE_LAW_ENFORCEMENT,
    AUDIENCE_MEMBERS,
    LAW_ENFORCEMENT_GROUP,
    MEMBERS_GROUP,
    TrainingIndexPage,
    TrainingSectionPage,
    TrainingVideoPage,
)

DEMO_MEDIA = Path(__file__).resolve().parents[2] / "site" / "training" / "demo_media"
VIDEO_BYTES = bytes(range(256)) * 40  # 10,240 bytes, each offset's value known
CAPTIONS = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nHello.\n"


@pytest.fixture(autouse=True)
def english_until_a_request_says_otherwise():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Training files and documents in this test's own folders."""
    keep_files_in(settings, tmp_path)
    return tmp_path


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


@pytest.fixture
def library(site_tree):
    home = HomePage.objects.get()
    index = publish(home, TrainingIndexPage(title="Training library", slug="training"))
    sections = {
        audience: publish(index, TrainingSectionPage(title=title, slug=slug, audience=audience))
        for audience, title, slug in [
            (AUDIENCE_LAW_ENFORCEMENT, "Law enforcement", "law-enforcement"),
            (AUDIENCE_ADVOCATES, "Advocates", "advocates"),
            (AUDIENCE_MEMBERS, "All members", "all-members"),
        ]
    }
    videos = {}
    for audience, section in sections.items():
        video = TrainingVideoPage(title=f"Video for {section.title}", slug="video")
        video.video.save("clip.mp4", ContentFile(VIDEO_BYTES), save=False)
        video.captions.save("clip.vtt", ContentFile(CAPTIONS), save=False)
        videos[audience] = publish(section, video)
    return {"index": index, "sections": sections, "videos": videos}


def _user(username, *groups):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x" * 12)
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in groups))
    return user


@pytest.fixture
def officer(db):
    return _user("officer", LAW_ENFORCEMENT_GROUP)


@pytest.fixture
def advocate(db):
    return _user("advocate-member", ADVOCATES_GROUP, MEMBERS_GROUP)


@pytest.fixture
def member(db):
    return _user("member", MEMBERS_GROUP)


@pytest.fixture
def stranger(db):
    """Signed in, but in none of the training groups (a public visitor's account, say)."""
    return _user("stranger")
