"""Put the existing home page (and so news, events and standard pages) under Coalition review."""

from django.db import migrations


def forwards(apps, schema_editor):
    from content.review import ensure_content_review

    ensure_content_review(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_news_and_events"),
        ("home", "0002_standard_page_blocks"),
        ("directory", "0004_coalition_review"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
