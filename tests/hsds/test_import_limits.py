"""import_hsds refuses oversized or hostile files with a clear message and writes nothing: huge numbers,
deep nesting, files over HSDS_IMPORT_MAX_BYTES, and zipped data packages that are bombs or reach outside."""

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from directory.models import OrganizationPage, ServicePage

from .test_import import coalition_service, write


def refused(path) -> str:
    before = (OrganizationPage.objects.count(), ServicePage.objects.count())
    with pytest.raises(CommandError) as caught:
        call_command("import_hsds", str(path))
    assert (OrganizationPage.objects.count(), ServicePage.objects.count()) == before
    return str(caught.value)


def test_a_huge_number_is_refused(site_tree, tmp_path):
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(coalition_service()).replace('"minimum_age": 18', '"minimum_age": ' + "9" * 5000))
    assert "huge.json: a number with more than 30 digits" in refused(path)


def test_an_infinite_number_is_refused(site_tree, tmp_path):
    path = tmp_path / "inf.json"
    path.write_text(json.dumps(coalition_service()).replace('"minimum_age": 18', '"minimum_age": 1e999'))
    assert "inf.json: a number too large to hold" in refused(path)


def test_deep_nesting_is_refused_before_parsing(site_tree, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "deep.json: nested more than 64 levels deep" in refused(path)


def test_a_file_over_the_size_limit_is_refused(site_tree, tmp_path, settings):
    settings.HSDS_IMPORT_MAX_BYTES = 1000
    message = refused(write(tmp_path, [coalition_service()] * 5))
    assert "data.json" in message and "larger than" in message


def zipped(tmp_path, files: dict[str, bytes], name="package.zip"):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in files.items():
            archive.writestr(entry, data)
    return path


def test_a_zip_bomb_is_refused_without_inflating_it(site_tree, tmp_path):
    bomb = zipped(tmp_path, {"services.csv": b"0" * (60 * 1024 * 1024)})
    assert bomb.stat().st_size < 1024 * 1024
    message = refused(bomb)
    assert "package.zip" in message and ("inflates to more than" in message or "zip bomb" in message)


def test_a_zip_entry_reaching_outside_the_package_is_refused(site_tree, tmp_path):
    message = refused(zipped(tmp_path, {"../../etc/services.csv": b"id,name\n"}))
    assert "is not a file of the package" in message


def test_a_zipped_package_made_by_export_imports(site_tree, tmp_path):
    from tests.factories import make_service

    make_service(title="Zipped Shelter", needs=["emergency-shelter"])
    call_command("export_hsds", str(tmp_path / "out"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((tmp_path / "out").iterdir()):
            if path.suffix in (".csv", ".json") and path.name != "services.json":
                archive.write(path, path.name)
    (tmp_path / "package.zip").write_bytes(buffer.getvalue())
    before = ServicePage.objects.count()
    call_command("import_hsds", str(tmp_path / "package.zip"))  # read from the zip: the same objects again
    assert ServicePage.objects.count() == before
