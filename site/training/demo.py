"""The demo training library: one section per audience, each with a sample video (with captions) and a
handout in the section's private collection. The media files are shipped in site/training/demo_media/;
nothing is generated at load time. Idempotent: pages by slug, files attached once.
"""

from pathlib import Path

from django.core.files import File
from wagtail.documents import get_document_model

from directory.locales import in_source_locale
from home.models import HomePage

from .models import (
    AUDIENCE_ADVOCATES,
    AUDIENCE_LAW_ENFORCEMENT,
    AUDIENCE_MEMBERS,
    TrainingIndexPage,
    TrainingSectionPage,
    TrainingVideoPage,
)

DEMO_MEDIA = Path(__file__).parent / "demo_media"
SECTIONS = [
    (
        AUDIENCE_LAW_ENFORCEMENT,
        "law-enforcement",
        "Law enforcement",
        "With the District Attorney's office (sample): identifying victims, suspects' tactics, evidence, and the "
        "community resources officers can call on.",
        "Victim-centred interviews (sample)",
    ),
    (
        AUDIENCE_ADVOCATES,
        "advocates",
        "Advocates",
        "Safety planning, releases of information, and referring through the coalition without sharing names.",
        "Making a referral without names (sample)",
    ),
    (
        AUDIENCE_MEMBERS,
        "all-members",
        "All members",
        "Orientation for every member organization: how the coalition works and how to keep the directory current.",
        "Welcome to the coalition (sample)",
    ),
]


def _publish(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    page.save_revision().publish()
    return page


def load_demo_training() -> TrainingIndexPage:
    home = HomePage.objects.filter(in_source_locale()).get()
    index = _publish(
        home,
        TrainingIndexPage,
        "training",
        title="Training library",
        intro="Videos and handouts for the coalition's members, by audience.",
    )
    Document = get_document_model()
    for audience, slug, title, intro, video_title in SECTIONS:
        section = _publish(index, TrainingSectionPage, slug, title=title, audience=audience, intro=intro)
        section.refresh_from_db()
        video = TrainingVideoPage.objects.child_of(section).filter(slug="sample-video").first()
        if video is None:
            video = TrainingVideoPage(slug="sample-video", title=video_title)
        if not video.video:
            with open(DEMO_MEDIA / "sample-training.mp4", "rb") as handle:
                video.video.save("sample-training.mp4", File(handle), save=False)
        if not video.captions:
            with open(DEMO_MEDIA / "sample-training.en.vtt", "rb") as handle:
                video.captions.save("sample-training.en.vtt", File(handle), save=False)
        video.title = video_title
        video.summary = "A six-second sample standing in for a recorded training (no sound; captions on)."
        if video.pk is None:
            section.add_child(instance=video)
        video.save_revision().publish()

        handout_title = f"Sample handout: {title}"
        if not Document.objects.filter(title=handout_title, collection=section.collection).exists():
            with open(DEMO_MEDIA / "sample-handout.txt", "rb") as handle:
                Document.objects.create(
                    title=handout_title, collection=section.collection, file=File(handle, name="sample-handout.txt")
                )
    return index
