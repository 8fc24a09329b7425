"""The demo's training library: one section per audience, each with the shipped sample video, its captions
and a handout; loading twice adds nothing; the demo accounts read their own audience's section."""

import pytest
from wagtail.documents import get_document_model

from training.demo import DEMO_MEDIA, load_demo_training
from training.models import TrainingSectionPage, TrainingVideoPage


def test_the_demo_media_is_shipped_small():
    files = {path.name: path.stat().st_size for path in DEMO_MEDIA.iterdir() if path.is_file()}
    assert {"sample-training.mp4", "sample-training.en.vtt", "sample-handout.txt"} <= set(files)
    assert sum(files.values()) < 300 * 1024
    assert (DEMO_MEDIA / "sample-training.en.vtt").read_bytes().startswith(b"WEBVTT")


@pytest.mark.django_db
def test_the_demo_training_library_loads_once(site_tree):
    load_demo_training()
    load_demo_training()

    sections = TrainingSectionPage.objects.live()
    assert sorted(s.audience for s in sections) == ["advocates", "law-enforcement", "members"]
    assert TrainingVideoPage.objects.live().count() == 3
    for video in TrainingVideoPage.objects.all():
        video.clean()  # video and captions present and valid
        assert video.video.read() == (DEMO_MEDIA / "sample-training.mp4").read_bytes()
    assert get_document_model().objects.filter(collection__in=[s.collection for s in sections]).count() == 3
