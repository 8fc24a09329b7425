"""The members' training library at /training/: sections per audience, videos with captions, documents.

Privacy is Wagtail's own: every training page carries a group view restriction (training.privacy keeps it
in step with the section's audience), and each section's documents sit in a Wagtail collection with the
same groups, served through Wagtail's document view (WAGTAILDOCS_SERVE_METHOD = "serve_view"). Videos and
captions are files in the "training" storage, served only through the video page's own routes, which
Wagtail reaches after its privacy check.
"""

from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page

from content.blocks import ContentBlocks
from directory.locales import VisitorLanguageUrlMixin

from .storage import training_storage

MEMBERS_GROUP = "Members"
LAW_ENFORCEMENT_GROUP = "Law enforcement"
ADVOCATES_GROUP = "Advocates"
AUDIENCE_GROUPS = (MEMBERS_GROUP, LAW_ENFORCEMENT_GROUP, ADVOCATES_GROUP)

AUDIENCE_MEMBERS = "members"
AUDIENCE_LAW_ENFORCEMENT = "law-enforcement"
AUDIENCE_ADVOCATES = "advocates"
AUDIENCE_CHOICES = [
    (AUDIENCE_MEMBERS, _("All members")),
    (AUDIENCE_LAW_ENFORCEMENT, _("Law enforcement")),
    (AUDIENCE_ADVOCATES, _("Advocates")),
]
# Who may open a section of each audience. "All members" is every audience group.
GROUPS_FOR_AUDIENCE = {
    AUDIENCE_MEMBERS: AUDIENCE_GROUPS,
    AUDIENCE_LAW_ENFORCEMENT: (LAW_ENFORCEMENT_GROUP,),
    AUDIENCE_ADVOCATES: (ADVOCATES_GROUP,),
}
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
MAX_VIDEO_BYTES = 500 * 1024 * 1024


class PrivatePageMixin:
    """Members' pages are never kept by a browser or a shared cache."""

    def serve(self, request, *args, **kwargs):
        from django.utils.cache import patch_cache_control

        response = super().serve(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        return response


class TrainingIndexPage(VisitorLanguageUrlMixin, PrivatePageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["training.TrainingSectionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("training library")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = TrainingSectionPage.objects.child_of(self).live().order_by("path")
        user = request.user
        if not user.is_superuser:
            groups = set(user.groups.values_list("name", flat=True))
            sections = [s for s in sections if groups & set(GROUPS_FOR_AUDIENCE[s.audience])]
        context["sections"] = sections
        return context


class TrainingSectionPage(VisitorLanguageUrlMixin, PrivatePageMixin, Page):
    audience = models.CharField(_("audience"), max_length=20, choices=AUDIENCE_CHOICES, default=AUDIENCE_MEMBERS)
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ContentBlocks(), blank=True, verbose_name=_("body"))
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("documents collection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Documents of this section. Its privacy follows the section's audience."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("audience"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("collection"),
    ]
    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types = ["training.TrainingVideoPage"]

    class Meta:
        verbose_name = _("training section")

    def get_context(self, request, *args, **kwargs):
        from wagtail.documents import get_document_model

        context = super().get_context(request, *args, **kwargs)
        context["videos"] = TrainingVideoPage.objects.child_of(self).live().order_by("path")
        documents = get_document_model().objects.none()
        if self.collection_id:
            documents = get_document_model().objects.filter(collection_id=self.collection_id).order_by("title")
        context["documents"] = documents
        return context


def _check_suffix(field_file, allowed, message):
    if field_file and PurePosixPath(field_file.name).suffix.lower() not in allowed:
        raise ValidationError(message)


class TrainingVideoPage(VisitorLanguageUrlMixin, PrivatePageMixin, RoutablePageMixin, Page):
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    video = models.FileField(
        _("video file"),
        storage=training_storage,
        upload_to="training/videos/",
        blank=True,
        help_text=_("MP4 or WebM."),
    )
    captions = models.FileField(
        _("captions"),
        storage=training_storage,
        upload_to="training/captions/",
        blank=True,
        help_text=_("WebVTT (.vtt). Required: a video is not published without captions."),
    )
    captions_language = models.CharField(
        _("captions language"), max_length=8, default="en", choices=[("en", "English"), ("es", "Español")]
    )
    body = StreamField(ContentBlocks(), blank=True, verbose_name=_("notes"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("video"),
        FieldPanel("captions"),
        FieldPanel("captions_language"),
        FieldPanel("body"),
    ]
    parent_page_types = ["training.TrainingSectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training video")

    def clean(self):
        super().clean()
        errors = {}
        if not self.video:
            errors["video"] = _("Upload the video.")
        if not self.captions:
            errors["captions"] = _("Upload captions (a .vtt file): videos are published with captions only.")
        try:
            _check_suffix(self.video, VIDEO_TYPES, _("The video must be an MP4 or WebM file."))
        except ValidationError as error:
            errors["video"] = error
        if self.video and getattr(self.video, "size", 0) > MAX_VIDEO_BYTES:
            errors["video"] = _("The video is larger than 500 MB.")
        if self.captions and "captions" not in errors:
            try:
                _check_suffix(self.captions, {".vtt"}, _("Captions must be a WebVTT (.vtt) file."))
                self.captions.open("rb")
                head = self.captions.read(16)
                self.captions.seek(0)
                if not head.lstrip(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
                    raise ValidationError(_("Captions must be a WebVTT file (it starts with WEBVTT)."))
            except ValidationError as error:
                errors["captions"] = error
        if errors:
            raise ValidationError(errors)

    @property
    def video_type(self) -> str:
        return VIDEO_TYPES.get(PurePosixPath(self.video.name).suffix.lower(), "application/octet-stream")

    @path("")
    def video_page_route(self, request):
        return self.render(request)

    @path("video/", name="video")
    def video_route(self, request):
        from django.http import Http404

        from .ranged import ranged_file_response

        if not self.video:
            raise Http404
        return ranged_file_response(request, self.video, self.video_type)

    @path("captions/", name="captions")
    def captions_route(self, request):
        from django.http import Http404

        from .ranged import ranged_file_response

        if not self.captions:
            raise Http404
        return ranged_file_response(request, self.captions, "text/vtt; charset=utf-8")
