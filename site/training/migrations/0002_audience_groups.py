"""The training library's audience groups: "Members", "Law enforcement", "Advocates".

Coalition admins put people in them (Wagtail admin → Groups, or the demo accounts from load_demo). The
running site creates them too when missing (training.privacy), so a flushed test database works alike.
"""

from django.db import migrations

AUDIENCE_GROUPS = ("Members", "Law enforcement", "Advocates")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in AUDIENCE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_training_library"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
