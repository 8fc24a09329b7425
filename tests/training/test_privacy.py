"""Who may open the training library, its videos and its documents.

Anonymous → the sign-in page, never the file. A member of another audience → 403. A member of the
audience → 200 (206 for a range). The same for the section's documents (collection privacy).
"""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from training.models import AUDIENCE_ADVOCATES, AUDIENCE_LAW_ENFORCEMENT, AUDIENCE_MEMBERS

from .conftest import VIDEO_BYTES


def section_url(library, audience):
    return library["sections"][audience].url


def video_file_url(library, audience):
    return library["videos"][audience].url + "video/"


def captions_url(library, audience):
    return library["videos"][audience].url + "captions/"


def assert_sent_to_sign_in(response, url):
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert f"next={url}" in response["Location"].replace("%2F", "/")
    assert VIDEO_BYTES[:64] not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/es"])
def test_anonymous_visitors_get_the_sign_in_page_for_every_training_url(client, library, prefix):
    urls = [library["index"].url]
    for audience in (AUDIENCE_LAW_ENFORCEMENT, AUDIENCE_ADVOCATES, AUDIENCE_MEMBERS):
        urls += [
            section_url(library, audience),
            library["videos"][audience].url,
            video_file_url(library, audience),
            captions_url(library, audience),
        ]
    for url in urls:
        response = client.get(prefix + url, HTTP_RANGE="bytes=0-99")
        assert_sent_to_sign_in(response, prefix + url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who, allowed, refused",
    [
        ("officer", [AUDIENCE_LAW_ENFORCEMENT, AUDIENCE_MEMBERS], [AUDIENCE_ADVOCATES]),
        ("advocate", [AUDIENCE_ADVOCATES, AUDIENCE_MEMBERS], [AUDIENCE_LAW_ENFORCEMENT]),
        ("member", [AUDIENCE_MEMBERS], [AUDIENCE_ADVOCATES, AUDIENCE_LAW_ENFORCEMENT]),
    ],
)
def test_each_audience_reads_its_sections_and_videos_and_no_other(client, library, request, who, allowed, refused):
    client.force_login(request.getfixturevalue(who))

    assert client.get(library["index"].url).status_code == 200
    for audience in allowed:
        assert client.get(section_url(library, audience)).status_code == 200
        assert client.get(library["videos"][audience].url).status_code == 200
        response = client.get(video_file_url(library, audience))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == VIDEO_BYTES
        assert b"".join(client.get(captions_url(library, audience)).streaming_content).startswith(b"WEBVTT")
    for audience in refused:
        for url in (
            section_url(library, audience),
            library["videos"][audience].url,
            video_file_url(library, audience),
            captions_url(library, audience),
        ):
            response = client.get(url)
            assert response.status_code == 403, url
            assert VIDEO_BYTES[:64] not in response.content


@pytest.mark.django_db
def test_a_signed_in_account_outside_every_audience_is_refused(client, library, stranger):
    client.force_login(stranger)
    assert client.get(library["index"].url).status_code == 403
    assert client.get(video_file_url(library, AUDIENCE_MEMBERS)).status_code == 403


@pytest.mark.django_db
def test_the_index_lists_only_the_sections_the_member_may_open(client, library, member):
    client.force_login(member)
    body = client.get(library["index"].url).content.decode()
    assert section_url(library, AUDIENCE_MEMBERS) in body
    assert section_url(library, AUDIENCE_ADVOCATES) not in body
    assert section_url(library, AUDIENCE_LAW_ENFORCEMENT) not in body


@pytest.mark.django_db
def test_training_pages_and_files_are_never_cached(client, library, member):
    client.force_login(member)
    for url in (library["index"].url, video_file_url(library, AUDIENCE_MEMBERS)):
        assert "no-store" in client.get(url)["Cache-Control"], url


@pytest.mark.django_db
def test_the_video_page_plays_the_video_with_its_captions_track(client, library, member):
    client.force_login(member)
    video = library["videos"][AUDIENCE_MEMBERS]
    body = client.get(video.url).content.decode()
    assert f'<source src="{video.url}video/" type="video/mp4">' in body
    assert f'<track kind="captions" src="{video.url}captions/" srclang="en"' in body


@pytest.fixture
def handout(library):
    section = library["sections"][AUDIENCE_LAW_ENFORCEMENT]
    section.refresh_from_db()
    document = get_document_model()(title="Evidence checklist", collection=section.collection)
    document.file.save("evidence.txt", ContentFile(b"Sample checklist for officers."), save=True)
    return document


@pytest.mark.django_db
def test_a_sections_documents_share_its_privacy(client, library, handout, officer, advocate):
    url = handout.url
    assert url.startswith("/documents/")  # served by Wagtail's view, never a media path

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")

    client.force_login(advocate)
    assert client.get(url).status_code == 403

    client.force_login(officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Sample checklist for officers."

    section_page = client.get(section_url(library, AUDIENCE_LAW_ENFORCEMENT)).content.decode()
    assert f'href="{url}"' in section_page


@pytest.mark.django_db
def test_changing_a_sections_audience_changes_who_may_read_it(client, library, member):
    section = library["sections"][AUDIENCE_ADVOCATES]
    client.force_login(member)
    assert client.get(section.url).status_code == 403

    section.audience = AUDIENCE_MEMBERS
    section.save_revision().publish()

    assert client.get(section.url).status_code == 200


@pytest.mark.django_db
def test_media_paths_of_private_files_are_not_served(client, library, settings):
    video = library["videos"][AUDIENCE_MEMBERS]
    for path in (f"/media/private/{video.video.name}", f"{settings.MEDIA_URL}{video.video.name}"):
        assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_the_audience_check_leaves_public_pages_shareable_by_caches(client, library):
    """The 403 check looks at the user only on restricted pages: a public page keeps no "Vary: Cookie"."""
    response = client.get("/")
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")
