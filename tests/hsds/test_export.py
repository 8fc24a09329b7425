"""export_hsds: the published directory as HSDS 3.0, valid against the schemas, and read back unchanged."""

import csv
import json

from django.core.management import call_command

from directory.hsds import schemas
from directory.hsds.tabular import row_object
from directory.models import Location, OrganizationPage, ServicePage
from tests.factories import make_service


def read_export(folder):
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in package["resources"]:
        with (folder / resource["path"]).open(newline="", encoding="utf-8") as handle:
            tables[resource["path"]] = list(csv.DictReader(handle))
    return services, package, tables


def comparable(services, tables):
    """The export's content without its timestamps (an import publishes anew, so those differ)."""
    services = [{k: v for k, v in s.items() if k != "last_modified"} for s in services]
    tables = {
        name: [{k: v for k, v in row.items() if k != "last_modified"} for row in rows] for name, rows in tables.items()
    }
    return sorted(services, key=lambda s: s["id"]), {n: sorted(r, key=lambda x: x["id"]) for n, r in tables.items()}


def empty_directory():
    for org in OrganizationPage.objects.all():
        org.delete()
    assert not ServicePage.objects.exists() and not Location.objects.exists()


def test_export_writes_valid_services_and_a_valid_tabular_package(coalition, tmp_path, capsys):
    call_command("export_hsds", str(tmp_path))
    assert "Wrote 2 services, 2 organizations and 3 locations" in capsys.readouterr().out
    services, package, tables = read_export(tmp_path)
    assert {s["name"] for s in services} == {"Night Shelter", "T-Visa Help"}  # the draft stays out
    for service in services:
        assert schemas.errors("service", service) == []
    assert package["profile"] == "tabular-data-package"
    by_table = {r["path"]: r for r in package["resources"]}
    table_schemas = schemas.table_schemas()
    for name, rows in tables.items():
        assert [f["name"] for f in by_table[name]["schema"]["fields"]] == schemas.tabular_fields(table_schemas[name])
        for row in rows:
            obj = row_object(name, row)
            assert schemas.errors(table_schemas[name]["name"], obj) == [], (name, row)
    assert len(tables["taxonomy_terms.csv"]) == 36
    assert "Hidden Lane" not in (tmp_path / "services.json").read_text() + (tmp_path / "addresses.csv").read_text()


def test_round_trip_through_services_json_gives_the_same_directory(coalition, tmp_path):
    make_service(coalition["clinic"], title="Closed Drop-In", needs=["basic-needs"], status="temporarily closed")
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_hsds", str(first))
    empty_directory()
    call_command("import_hsds", str(first / "services.json"))
    call_command("export_hsds", str(second))
    a_services, _p, a_tables = read_export(first)
    assert len(a_services) == 3
    b_services, _p, b_tables = read_export(second)
    assert comparable(a_services, {})[0] == comparable(b_services, {})[0]
    # services.json holds services only: the organizations' unused locations travel in the package.
    for table in ("services.csv", "schedules.csv", "attributes.csv", "languages.csv", "service_at_location.csv"):
        assert comparable([], a_tables)[1][table] == comparable([], b_tables)[1][table]


def test_round_trip_through_the_tabular_package_gives_equal_content(coalition, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_hsds", str(first))
    empty_directory()
    call_command("import_hsds", str(first))
    call_command("export_hsds", str(second))
    assert comparable(*read_export(first)[::2]) == comparable(*read_export(second)[::2])
    night = ServicePage.objects.get(title="Night Shelter")
    assert night.live and night.intake_24_7 and night.genders == ["female", "transgender-nonbinary"]
    assert night.locations.get().confidential_address  # still shown without its street


def test_importing_our_own_export_changes_nothing(coalition, tmp_path, capsys):
    from wagtail.models import Revision

    call_command("export_hsds", str(tmp_path))
    revisions = Revision.objects.count()
    call_command("import_hsds", str(tmp_path))
    assert Revision.objects.count() == revisions
    assert "services: 2 unchanged" in capsys.readouterr().out
    call_command("import_hsds", str(tmp_path / "services.json"))
    assert Revision.objects.count() == revisions
    assert OrganizationPage.objects.get(title="Harbor Refuge").phone == "916-555-0101"
    shelter = Location.objects.get(name="Confidential shelter")
    assert shelter.address_1 == "12 Hidden Lane"  # the export never had it; re-importing does not erase it


def test_a_confidential_shelter_is_exported_at_its_zip_codes_centre(coalition, tmp_path):
    """JSON and tabular: the ZIP code's centre, never the exact position or the street."""
    from directory.geocode import geocode_zip

    centre = geocode_zip("95814")
    assert (round(centre.latitude, 4), round(centre.longitude, 4)) != (38.5712, -121.4877)  # a real difference
    call_command("export_hsds", str(tmp_path))
    services, _package, tables = read_export(tmp_path)
    night = next(s for s in services if s["name"] == "Night Shelter")
    [link] = night["service_at_locations"]
    place = link["location"]
    assert (place["latitude"], place["longitude"]) == (centre.latitude, centre.longitude)
    assert [a["address_1"] for a in place["addresses"]] in ([""], [None], [])
    row = next(r for r in tables["locations.csv"] if r["id"] == place["id"])
    assert (float(row["latitude"]), float(row["longitude"])) == (centre.latitude, centre.longitude)
    assert all(a["address_1"] == "" for a in tables["addresses.csv"] if a["location_id"] == place["id"])
    everything = "".join(p.read_text(encoding="utf-8") for p in tmp_path.iterdir())
    assert "38.57123" not in everything and "-121.48765" not in everything and "Hidden Lane" not in everything
    # An ordinary office keeps its own coordinates (the rule is about confidential places only).
    office = Location.objects.get(name="Clinic office")
    office_row = next(r for r in tables["locations.csv"] if r["id"] == str(office.hsds_id))
    assert (float(office_row["latitude"]), float(office_row["longitude"])) == (office.latitude, office.longitude)
