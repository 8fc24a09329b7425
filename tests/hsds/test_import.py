"""import_hsds: HSDS 3.0 JSON and tabular packages into the directory, validated first, all or nothing."""

import copy
import json
import uuid

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Revision

from directory.hsds import taxonomies as tx
from directory.hsds.importer import HSDSImportError, import_objects, parse
from directory.models import Language, Location, OrganizationPage, ServicePage

EXAMPLE_SERVICE = "ac148810-d857-441c-9679-408f346de14b"
EXAMPLE_ORG = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"


def attr(taxonomy, code, value=None):
    data = {
        "id": str(uuid.uuid4()),
        "taxonomy_term": {
            "id": tx.term_id(taxonomy, code),
            "code": code,
            "name": code,
            "description": code,
            "taxonomy": taxonomy,
        },
    }
    if value is not None:
        data["value"] = value
    return data


def coalition_service(**overrides):
    """One service as a partner directory would send it, with the coalition profile's attributes."""
    org_id, loc_id = "0b5c1e4a-7d3f-4f8e-9a61-2c5d8e7f9a01", "5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"
    service = {
        "id": "7f3e2d1c-0b9a-4876-9543-210fedcba987",
        "name": "Safe House Intake",
        "status": "active",
        "description": "Emergency beds for survivors.\n\nCall first.",
        "email": "intake@safehouse.example.org",
        "minimum_age": 18,
        "organization": {"id": org_id, "name": "Safe House Partners", "description": "A partner shelter."},
        "languages": [
            {"id": str(uuid.uuid4()), "code": "es", "name": "Spanish"},
            {"id": str(uuid.uuid4()), "code": "so", "name": "Somali"},
        ],
        "schedules": [
            {"id": str(uuid.uuid4()), "freq": "WEEKLY", "byday": "MO,TU", "opens_at": "09:00", "closes_at": "17:00"}
        ],
        "service_at_locations": [
            {
                "id": str(uuid.uuid4()),
                "location": {
                    "id": loc_id,
                    "location_type": "physical",
                    "name": "Main office",
                    "addresses": [
                        {
                            "id": str(uuid.uuid4()),
                            "address_1": "1 K Street",
                            "city": "Sacramento",
                            "state_province": "CA",
                            "postal_code": "95814",
                            "country": "US",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "attributes": [
            attr("coalition-need", "emergency-shelter"),
            attr("coalition-need", "case-management"),
            attr("coalition-population", "women"),
            attr("coalition-gender", "female"),
            attr("coalition-trafficking-type", "labor"),
            attr("coalition-intake", "24-7"),
            attr("coalition-intake", "accepting-referrals", "false"),
            attr("some-other-taxonomy", "whatever"),
        ],
    }
    service.update(overrides)
    return service


def write(tmp_path, data, name="data.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def snapshot():
    return (
        OrganizationPage.objects.count(),
        ServicePage.objects.count(),
        Location.objects.count(),
        Revision.objects.count(),
        Language.objects.count(),
    )


def test_a_partner_service_arrives_with_its_profile_facts_and_is_published(site_tree, tmp_path, capsys):
    call_command("import_hsds", str(write(tmp_path, coalition_service())))
    service = ServicePage.objects.get(hsds_id="7f3e2d1c-0b9a-4876-9543-210fedcba987")
    assert service.live and service.title == "Safe House Intake"
    assert sorted(n.code for n in service.needs.all()) == ["case-management", "emergency-shelter"]
    assert [p.code for p in service.populations.all()] == ["women"]
    assert service.genders == ["female"] and service.trafficking_types == ["labor"]
    assert service.intake_24_7 and not service.accepting_referrals
    assert sorted(lang.code for lang in service.languages.all()) == ["es", "so"]
    assert Language.objects.get(code="so").name == "Somali"  # unknown languages are added
    assert [(s.weekday, f"{s.opens_at:%H:%M}") for s in service.schedules.all()] == [(0, "09:00"), (1, "09:00")]
    org = service.get_parent().specific
    assert org.title == "Safe House Partners" and org.live
    assert org.get_parent().specific.__class__.__name__ == "DirectoryIndexPage"
    location = service.locations.get()
    assert location.organization_id == org.pk and location.address_1 == "1 K Street"
    assert location.latitude is not None  # geocoded from the ZIP code
    assert service.description == "<p>Emergency beds for survivors.</p><p>Call first.</p>"
    out = capsys.readouterr().out
    assert "services: 1 created" in out and "organizations: 1 created" in out


def test_importing_the_same_file_twice_changes_nothing(site_tree, tmp_path, capsys):
    path = write(tmp_path, [coalition_service()])
    call_command("import_hsds", str(path))
    before = snapshot()
    call_command("import_hsds", str(path))
    assert snapshot() == before  # no duplicate objects and no new revisions
    assert "services: 1 unchanged" in capsys.readouterr().out


def test_a_changed_field_updates_the_same_service(site_tree, tmp_path):
    call_command("import_hsds", str(write(tmp_path, coalition_service())))
    changed = coalition_service(name="Safe House Intake Line", status="temporarily closed")
    call_command("import_hsds", str(write(tmp_path, {"contents": [changed]}, "page.json")))
    service = ServicePage.objects.get(hsds_id=changed["id"])
    assert ServicePage.objects.count() == 1
    assert service.title == "Safe House Intake Line" and service.status == "temporarily closed"
    assert service.live  # it was published before; the listing now shows its status


def test_a_bad_file_writes_nothing_and_names_the_object_and_field(site_tree, tmp_path):
    good, bad = coalition_service(), coalition_service(id=str(uuid.uuid4()), status="open")
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("import_hsds", str(write(tmp_path, [good, bad])))
    message = str(caught.value)
    assert f"service 2 (id {bad['id']}): field 'status': 'open' is not one of" in message
    assert snapshot() == before


def test_a_need_outside_the_profile_is_rejected(site_tree):
    service = coalition_service(attributes=[attr("coalition-need", "haircuts")])
    with pytest.raises(HSDSImportError) as caught:
        import_objects(*parse([service]))
    assert "field 'attributes[0].taxonomy_term.code': 'haircuts' is not a coalition-need code" in str(caught.value)
    assert not ServicePage.objects.exists()


def test_a_problem_found_while_writing_rolls_back_everything_before_it(site_tree):
    first = coalition_service()
    second = coalition_service(id=str(uuid.uuid4()), url="not a web address")
    with pytest.raises(HSDSImportError) as caught:
        import_objects(*parse([first, second]))
    assert f"service 2 (id {second['id']}): field 'url'" in str(caught.value)
    assert not ServicePage.objects.exists() and not OrganizationPage.objects.exists()


def test_a_service_that_is_not_active_is_published_with_its_status(site_tree):
    import_objects(*parse(coalition_service(status="temporarily closed")))
    service = ServicePage.objects.get()
    assert service.live and service.status == "temporarily closed" and not service.is_active


def test_a_service_moved_under_an_organization_that_is_not_public_leaves_the_search_index(
    site_tree, django_capture_on_commit_callbacks
):
    """The import indexes its organizations in bulk, and queues no one-page update for the service it moves: the
    service's old document (under its old organization) must still go when it is no longer searchable."""
    from search.models import IndexedService
    from tests.factories import make_organization

    service = coalition_service()
    with django_capture_on_commit_callbacks(execute=True):
        import_objects(*parse(service))
    assert IndexedService.objects.filter(service_id=service["id"]).exists()
    hidden = make_organization(title="Closed Shelter", publish=False)
    moved = coalition_service(organization_id=str(hidden.hsds_id))
    del moved["organization"]
    with django_capture_on_commit_callbacks(execute=True):
        import_objects(*parse(moved))
    assert ServicePage.objects.get(hsds_id=service["id"]).get_parent().pk == hidden.pk
    assert not IndexedService.objects.filter(service_id=service["id"]).exists()


def test_a_service_without_an_organization_is_rejected(site_tree):
    service = coalition_service()
    del service["organization"]
    with pytest.raises(HSDSImportError, match="field 'organization_id'"):
        import_objects(*parse(service))


def test_the_specifications_service_example_imports_what_maps(site_tree, examples, capsys):
    call_command("import_hsds", str(examples / "service_full.json"))
    service = ServicePage.objects.get(hsds_id=EXAMPLE_SERVICE)
    assert service.live and service.title == "Community Counselling"
    assert service.minimum_age == 12 and service.maximum_age == 100
    assert service.needs.count() == 0  # it carries no coalition attributes
    assert [lang.code for lang in service.languages.all()] == ["ur"]
    assert sorted(s.weekday for s in service.schedules.all()) == [3, 4]  # TH, FR
    assert service.get_parent().specific.hsds_id == uuid.UUID(EXAMPLE_ORG)
    assert service.locations.count() == 1
    before = snapshot()
    call_command("import_hsds", str(examples / "service_full.json"))
    assert snapshot() == before


@pytest.mark.parametrize(
    "name", ["service_list.json", "organization_full.json", "tabular.json", "service_at_location_full.json"]
)
def test_the_specifications_other_service_examples_import(site_tree, examples, name):
    call_command("import_hsds", str(examples / name))
    service = ServicePage.objects.get(hsds_id=EXAMPLE_SERVICE)
    assert service.live and service.get_parent().specific.hsds_id == uuid.UUID(EXAMPLE_ORG)


def test_the_specifications_organization_list_imports_organizations(site_tree, examples):
    call_command("import_hsds", str(examples / "organization_list.json"))
    assert OrganizationPage.objects.get(hsds_id=EXAMPLE_ORG).live


@pytest.mark.parametrize("name", ["location.json", "taxonomy.json", "taxonomy_term_list.json", "base.json"])
def test_examples_that_hold_no_services_are_refused_clearly(site_tree, examples, name):
    with pytest.raises(CommandError) as caught:
        call_command("import_hsds", str(examples / name))
    assert str(caught.value).startswith("Nothing was imported. ")
    assert not OrganizationPage.objects.exists()


def test_the_specifications_tabular_package_imports(site_tree, examples):
    call_command("import_hsds", str(examples / "csv"))
    service = ServicePage.objects.get(hsds_id=EXAMPLE_SERVICE)
    assert service.live and service.title == "Community Counselling"
    assert service.get_parent().specific.title == "Example Organization Inc."
    assert [lang.code for lang in service.languages.all()] == ["ur"]
    assert service.locations.get().hsds_id == uuid.UUID("3a19ff88-4620-4d17-9830-ac1d859eb5d5")
    before = snapshot()
    call_command("import_hsds", str(examples / "csv"))
    assert snapshot() == before


def test_a_bad_csv_row_is_named_by_file_and_line(site_tree, examples, tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    for source in (examples / "csv").glob("*.csv"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    services = (folder / "services.csv").read_text(encoding="utf-8").replace(",active,", ",open,")
    (folder / "services.csv").write_text(services, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_hsds", str(folder))
    assert f"services.csv line 2 (id {EXAMPLE_SERVICE}): field 'status': 'open' is not one of" in str(caught.value)
    assert not ServicePage.objects.exists()


def test_not_json_is_refused_without_a_traceback(site_tree, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_hsds", str(path))


def test_a_dry_run_validates_and_writes_nothing(site_tree, tmp_path, capsys):
    before = snapshot()
    call_command("import_hsds", str(write(tmp_path, coalition_service())), "--dry-run")
    assert snapshot() == before
    assert "services: 1 created" in capsys.readouterr().out


def test_parse_leaves_the_callers_data_alone():
    service = coalition_service()
    original = copy.deepcopy(service)
    parse([service])
    assert service == original


@pytest.fixture
def broken_spec(settings, tmp_path):
    """A copy of the vendored specification without service.json, with the schema caches emptied around it."""
    import shutil
    from pathlib import Path

    from directory.hsds import schemas

    spec = tmp_path / "spec"
    shutil.copytree(Path(settings.HSDS_DIR) / "schema", spec / "schema")
    (spec / "schema" / "service.json").unlink()
    caches = (schemas.load, schemas.registry, schemas.validator, schemas.openapi_document)
    for cached in caches:
        cached.cache_clear()
    settings.HSDS_DIR = str(spec)
    yield spec
    for cached in caches:
        cached.cache_clear()


def test_a_missing_schema_is_named_not_the_input(site_tree, tmp_path, broken_spec):
    path = write(tmp_path, [coalition_service()], name="partner.json")
    with pytest.raises(CommandError) as raised:
        call_command("import_hsds", str(path))
    message = str(raised.value)
    assert "service.json" in message and "HSDS schema" in message
    assert "partner.json" not in message and "no such file" not in message
    assert ServicePage.objects.count() == 0


def test_a_missing_input_still_names_the_input(site_tree, tmp_path):
    with pytest.raises(CommandError, match="nowhere.json: no such file or folder"):
        call_command("import_hsds", str(tmp_path / "nowhere.json"))


def _import_then_match(tmp_path, capsys):
    """Import one accepting service with no task ever run, then ask `match` for it."""
    service = coalition_service()
    service["attributes"] = [a for a in service["attributes"] if a["taxonomy_term"]["code"] != "accepting-referrals"]
    call_command("import_hsds", str(write(tmp_path, [service])))
    said = capsys.readouterr().out
    call_command("match", json.dumps({"needs": ["emergency-shelter"], "age": 30, "gender": "female"}))
    response = json.loads(capsys.readouterr().out)
    return service, said, response


@pytest.fixture
def no_worker(settings):
    """Tasks are queued and never run, as on a server whose worker is stopped."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


# The command runs as it does from a shell, in real transactions: the index is written when its own commits.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_is_matchable_at_once_without_a_worker(site_tree, tmp_path, capsys, no_worker):
    service, said, response = _import_then_match(tmp_path, capsys)
    assert "search index (database): 1 services written" in said
    assert response["backend"] == "database"
    assert [r["service_id"] for r in response["results"]] == [service["id"]]


@pytest.mark.elasticsearch
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_is_matchable_at_once_on_elasticsearch_without_a_worker(site_tree, tmp_path, capsys, no_worker):
    service, said, response = _import_then_match(tmp_path, capsys)
    assert "search index (elasticsearch): 1 services written" in said
    assert response["backend"] == "elasticsearch"
    assert [r["service_id"] for r in response["results"]] == [service["id"]]
