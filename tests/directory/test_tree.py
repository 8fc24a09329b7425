"""Tree paths: one helper (directory/tree.py) knows how a page's parent is found from its path."""

import re
from pathlib import Path

from directory.models import OrganizationPage, ServicePage
from directory.tree import parent_path, parent_path_expression
from tests.factories import make_organization, make_service

ROOT = Path(__file__).resolve().parents[2]


def test_parent_path_names_the_parent_page_wagtail_knows(site_tree):
    organization = make_organization()
    service = make_service(organization)
    assert parent_path(service.path) == service.get_parent().path == organization.path
    assert parent_path(organization.path) == organization.get_parent().path


def test_the_database_expression_agrees_with_the_python_one(site_tree):
    first, second = make_organization(), make_organization()
    services = [make_service(first), make_service(second), make_service(second)]
    annotated = dict(
        ServicePage.objects.filter(pk__in=[s.pk for s in services])
        .annotate(parent=parent_path_expression())
        .values_list("pk", "parent")
    )
    assert annotated == {s.pk: s.get_parent().path for s in services}
    # What the organizations' listing counts and the services' organization rely on.
    assert [s.organization.pk for s in services] == [first.pk, second.pk, second.pk]
    by_org = {o.pk: o.active_service_count for o in _index_rows()}
    assert by_org[first.pk] == 1 and by_org[second.pk] == 2


def _index_rows():
    from directory.listing import organizations_for_index

    return organizations_for_index(OrganizationPage.objects.live())


def test_no_other_module_slices_tree_paths():
    """Path arithmetic (steplen, Substr of path) lives in directory/tree.py only."""
    offenders = []
    for folder in ("directory", "search", "referrals", "site"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts or path == ROOT / "directory" / "tree.py":
                continue
            text = path.read_text(encoding="utf-8")
            if "steplen" in text or re.search(r"Substr\(\s*(OuterRef\()?\"path\"", text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
