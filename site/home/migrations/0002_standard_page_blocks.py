"""StandardPage.body becomes a StreamField of the site's content blocks, keeping what editors wrote.

Each page's old text (and the text in its revisions) becomes one rich-text block, its paragraphs and line
breaks kept as Django's `linebreaks` filter showed them before.
"""

import uuid

import wagtail.fields
from django.db import migrations
from django.utils.html import linebreaks

import content.blocks


def _as_stream(text):
    if not text or not text.strip():
        return []
    return [{"type": "paragraph", "value": linebreaks(text, autoescape=True), "id": str(uuid.uuid4())}]


def text_to_blocks(apps, schema_editor):
    import json

    StandardPage = apps.get_model("home", "StandardPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in StandardPage.objects.all():
        page.body = _as_stream(page.legacy_body)
        page.save(update_fields=["body"])
    content_type = ContentType.objects.filter(app_label="home", model="standardpage").first()
    if content_type is None:
        return
    for revision in Revision.objects.filter(content_type=content_type):
        body = revision.content.get("body")
        if isinstance(body, str):
            try:
                json.loads(body)
            except ValueError:
                revision.content["body"] = json.dumps(_as_stream(body))
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="standardpage",
            options={"verbose_name": "standard page"},
        ),
        migrations.RenameField(model_name="standardpage", old_name="body", new_name="legacy_body"),
        migrations.AddField(
            model_name="standardpage",
            name="body",
            field=wagtail.fields.StreamField(
                [
                    ("heading", 2),
                    ("paragraph", 3),
                    ("image", 7),
                    ("quote", 10),
                    ("call_to_action", 15),
                    ("services_by_need", 19),
                ],
                blank=True,
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "Heading", "max_length": 120}),
                    1: (
                        "wagtail.blocks.ChoiceBlock",
                        [],
                        {"choices": [("h2", "Section (level 2)"), ("h3", "Sub-section (level 3)")], "label": "Level"},
                    ),
                    2: ("wagtail.blocks.StructBlock", [[("text", 0), ("level", 1)]], {}),
                    3: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"],
                            "icon": "pilcrow",
                            "label": "Rich text",
                        },
                    ),
                    4: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "Image"}),
                    5: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "help_text": "What the image shows, for people who cannot see it. Required.",
                            "label": "Alt text",
                            "max_length": 250,
                            "required": True,
                        },
                    ),
                    6: ("wagtail.blocks.CharBlock", (), {"label": "Caption", "max_length": 250, "required": False}),
                    7: ("wagtail.blocks.StructBlock", [[("image", 4), ("alt", 5), ("caption", 6)]], {}),
                    8: ("wagtail.blocks.TextBlock", (), {"label": "Quote"}),
                    9: ("wagtail.blocks.CharBlock", (), {"label": "Who said it", "max_length": 200, "required": False}),
                    10: ("wagtail.blocks.StructBlock", [[("quote", 8), ("attribution", 9)]], {}),
                    11: ("wagtail.blocks.CharBlock", (), {"label": "Text", "max_length": 200}),
                    12: ("wagtail.blocks.PageChooserBlock", (), {"label": "Page on this site", "required": False}),
                    13: ("wagtail.blocks.URLBlock", (), {"label": "Or a web address", "required": False}),
                    14: ("wagtail.blocks.CharBlock", (), {"label": "Button label", "max_length": 60}),
                    15: ("wagtail.blocks.StructBlock", [[("text", 11), ("page", 12), ("url", 13), ("button", 14)]], {}),
                    16: ("wagtail.blocks.CharBlock", (), {"label": "Heading", "max_length": 120, "required": False}),
                    17: ("wagtail.blocks.ChoiceBlock", [], {"choices": content.blocks._need_choices, "label": "Need"}),
                    18: (
                        "wagtail.blocks.IntegerBlock",
                        (),
                        {"default": 5, "label": "At most", "max_value": 20, "min_value": 1},
                    ),
                    19: ("wagtail.blocks.StructBlock", [[("heading", 16), ("need", 17), ("limit", 18)]], {}),
                },
                default=list,
                verbose_name="body",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(text_to_blocks, migrations.RunPython.noop),
        migrations.RemoveField(model_name="standardpage", name="legacy_body"),
    ]
