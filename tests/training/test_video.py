"""Videos are served by the site with HTTP range requests, and are published only with captions."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from training.models import AUDIENCE_MEMBERS, TrainingVideoPage
from training.ranged import parse_range

from .conftest import CAPTIONS, VIDEO_BYTES

SIZE = len(VIDEO_BYTES)


@pytest.fixture
def video_url(client, library, member):
    client.force_login(member)
    return library["videos"][AUDIENCE_MEMBERS].url + "video/"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header, start, end",
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, SIZE - 1),
        ("bytes=-50", SIZE - 50, SIZE - 1),
        ("bytes=10000-99999", 10000, SIZE - 1),
    ],
)
def test_a_range_request_gets_206_with_exactly_those_bytes(client, video_url, header, start, end):
    response = client.get(video_url, HTTP_RANGE=header)

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{SIZE}"
    assert response["Accept-Ranges"] == "bytes"
    assert int(response["Content-Length"]) == end - start + 1
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == VIDEO_BYTES[start : end + 1]


@pytest.mark.django_db
def test_without_a_range_the_whole_file_comes_with_accept_ranges(client, video_url):
    response = client.get(video_url)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert int(response["Content-Length"]) == SIZE
    assert body(response) == VIDEO_BYTES


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", [f"bytes={SIZE}-", f"bytes={SIZE + 5}-{SIZE + 10}", "bytes=50-10", "bytes=-0", "bytes=abc", "bytes=-"]
)
def test_an_unsatisfiable_or_malformed_range_gets_416(client, video_url, header):
    response = client.get(video_url, HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{SIZE}"
    assert VIDEO_BYTES[:16] not in response.content


def test_several_ranges_or_another_unit_get_the_whole_file():
    assert parse_range("bytes=0-1,5-6", 100) is None
    assert parse_range("items=0-1", 100) is None


@pytest.mark.django_db
def test_a_video_without_captions_cannot_be_saved(library):
    page = TrainingVideoPage(title="No captions", slug="no-captions")
    page.video.save("clip.mp4", ContentFile(VIDEO_BYTES), save=False)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "captions" in error.value.message_dict


@pytest.mark.django_db
def test_captions_must_be_webvtt(library):
    page = TrainingVideoPage(title="Bad captions", slug="bad-captions")
    page.video.save("clip.mp4", ContentFile(VIDEO_BYTES), save=False)
    page.captions.save("clip.vtt", ContentFile(b"1\n00:00:00,000 --> 00:00:01,000\nSRT, not VTT\n"), save=False)
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "captions" in error.value.message_dict

    page.captions.save("clip2.vtt", ContentFile(CAPTIONS), save=False)
    page.clean()  # now valid


@pytest.mark.django_db
def test_the_admin_refuses_to_publish_a_video_without_captions(client, library):
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
    client.force_login(admin)
    section = library["sections"][AUDIENCE_MEMBERS]
    data = nested_form_data(
        {
            "title": "Uncaptioned",
            "slug": "uncaptioned",
            "summary": "",
            "captions_language": "en",
            "body": streamfield([]),
        }
    )
    data["video"] = SimpleUploadedFile("clip.mp4", VIDEO_BYTES, content_type="video/mp4")
    data["action-publish"] = "Publish"

    response = client.post(f"/admin/pages/add/training/trainingvideopage/{section.pk}/", data)

    assert response.status_code == 200  # the form again, with the error
    assert not TrainingVideoPage.objects.filter(slug="uncaptioned").exists()
