"""Create the coalition profile's needs, populations and languages with their exact codes."""

from django.db import migrations

from directory.taxonomy import LANGUAGES, NEEDS, POPULATIONS


def create_terms(apps, schema_editor):
    for model_name, rows in (("Need", NEEDS), ("Population", POPULATIONS), ("Language", LANGUAGES)):
        model = apps.get_model("directory", model_name)
        for position, (code, name, name_es) in enumerate(rows):
            defaults = {"name": name, "name_es": name_es}
            if model_name == "Need":
                defaults["sort_order"] = position
            model.objects.update_or_create(code=code, defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create_terms, migrations.RunPython.noop)]
