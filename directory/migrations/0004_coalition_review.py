"""Create the "Coalition review" workflow and its reviewers group; assign it to the directory index."""

from django.db import migrations


def forwards(apps, schema_editor):
    from directory.workflows import ensure_coalition_review

    ensure_coalition_review(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_member_upkeep"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
