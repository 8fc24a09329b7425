"""The StreamField blocks every content page is written with: one definition, used by every page type.

Images must carry alt text (a required field of the block, not an optional one); "services by need" lists
the live services of one need through the directory's own listing query, so a withdrawn or unpublished
service disappears from every page that embeds the list.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from directory.locales import in_source_locale

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (level 2)")), ("h3", _("Sub-section (level 3)"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "content/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alt text"),
        max_length=250,
        required=True,
        help_text=_("What the image shows, for people who cannot see it. Required."),
    )
    caption = blocks.CharBlock(label=_("Caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "content/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Who said it"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "content/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    page = blocks.PageChooserBlock(label=_("Page on this site"), required=False)
    url = blocks.URLBlock(label=_("Or a web address"), required=False)
    button = blocks.CharBlock(label=_("Button label"), max_length=60)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "content/blocks/call_to_action.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": forms.ValidationError(_("Choose a page or give a web address (one of them)."))}
            )
        return value


def _need_choices():
    from directory.models import Need

    return [(need.code, need.name) for need in Need.objects.order_by("sort_order", "name")]


class ServicesByNeedBlock(blocks.StructBlock):
    """The live, active services that provide one need, as the directory lists them."""

    heading = blocks.CharBlock(label=_("Heading"), max_length=120, required=False)
    need = blocks.ChoiceBlock(choices=_need_choices, label=_("Need"))
    limit = blocks.IntegerBlock(label=_("At most"), min_value=1, max_value=20, default=5)

    class Meta:
        icon = "list-ul"
        label = _("Services by need")
        template = "content/blocks/services_by_need.html"

    def get_context(self, value, parent_context=None):
        from directory.listing import services_for_need
        from directory.locales import TRANSLATED_SERVICE_FIELDS, show_in_language
        from directory.models import DirectoryIndexPage, Need

        context = super().get_context(value, parent_context=parent_context)
        need = Need.objects.filter(code=value["need"]).first()
        services = services_for_need(need) if need else []
        more_url = None
        directory = DirectoryIndexPage.objects.live().filter(in_source_locale()).first()
        if need and directory and len(services) > value["limit"]:
            more_url = directory.url + directory.reverse_subpage("need_route", args=[need.code])
        # In the page's language: each service's live translation gives its words, as the directory's lists do.
        shown = show_in_language(services[: value["limit"]], TRANSLATED_SERVICE_FIELDS)
        context.update(need=need, services=shown, more_url=more_url)
        return context


class ContentBlocks(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Rich text"), icon="pilcrow")
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    services_by_need = ServicesByNeedBlock()
