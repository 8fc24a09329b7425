"""What the directory publishes in HSDS: live, public services of live organizations, as JSON and CSV."""

import json
from pathlib import Path

from django.conf import settings

from directory.models import OrganizationPage, ServicePage

from . import serialize, tabular
from . import taxonomies as tx


def published_organizations():
    return OrganizationPage.objects.published().prefetch_related("locations").order_by("title", "pk")


def published_services(organizations=None):
    """(service, organization) pairs for every published service whose organization is published too."""
    organizations = {o.pk: o for o in (organizations or published_organizations())}
    services = ServicePage.objects.published().order_by("path").with_listing_data()
    pairs = []
    for service in services:
        org = organizations.get(service.organization.pk)
        if org is not None:
            pairs.append((service, org))
    return pairs


def export_objects() -> tuple[list[dict], dict[str, list[dict]]]:
    """(services.json content, {table file name: rows})."""
    organizations = list(published_organizations())
    pairs = published_services(organizations)
    services = [serialize.service_full(service, org) for service, org in pairs]
    tables: dict[str, list[dict]] = {
        name: []
        for name in (
            "organizations.csv",
            "services.csv",
            "locations.csv",
            "addresses.csv",
            "phones.csv",
            "schedules.csv",
            "service_at_location.csv",
            "languages.csv",
            "required_documents.csv",
            "attributes.csv",
            "taxonomies.csv",
            "taxonomy_terms.csv",
        )
    }
    for org in organizations:
        tables["organizations.csv"].append(serialize.organization_basic(org))
        tables["phones.csv"] += serialize.organization_phones(org)
        for loc in org.locations.all():
            location = serialize.location(loc, org)
            tables["addresses.csv"] += location.pop("addresses")
            tables["locations.csv"].append(location)
    for full in services:
        row = {k: v for k, v in full.items() if not isinstance(v, (list, dict))}
        tables["services.csv"].append(row)
        tables["phones.csv"] += full["phones"]
        tables["schedules.csv"] += full["schedules"]
        tables["languages.csv"] += full["languages"]
        tables["required_documents.csv"] += full["required_documents"]
        tables["service_at_location.csv"] += [
            {k: v for k, v in link.items() if k != "location"} for link in full["service_at_locations"]
        ]
        tables["attributes.csv"] += [
            {k: v for k, v in attr.items() if k != "taxonomy_term"} for attr in full["attributes"]
        ]
    tables["taxonomies.csv"] = [t.as_hsds() for t in tx.taxonomies().values()]
    tables["taxonomy_terms.csv"] = [
        {k: v for k, v in term.items() if k != "taxonomy_detail"} for term in tx.all_terms()
    ]
    return services, tables


def export_to(folder: Path) -> dict[str, int]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    services, tables = export_objects()
    (folder / "services.json").write_text(json.dumps(services, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tabular.write_package(folder, tables, title=f"{settings.COALITION_NAME} directory (HSDS 3.0)")
    return {name: len(rows) for name, rows in tables.items()} | {"services.json": len(services)}
