"""HSDS tabular data packages: a folder of CSV files described by datapackage.json.

Reading turns the rows back into nested service and organization objects, so a package goes through the
same validation and import as JSON. Writing lays our objects out in the specification's tables.
"""

import csv
import json
from collections import defaultdict
from pathlib import Path

from . import schemas


class TabularError(ValueError):
    pass


# --- Reading ----------------------------------------------------------------------------------------


def package_files(folder: Path) -> dict[str, Path]:
    """{table file name: path} from datapackage.json; the specification's file names when it lists none.

    (The specification's own example folder carries a datapackage.json that is only a link placeholder.)
    """
    known = schemas.table_schemas()
    listed = {}
    descriptor = folder / "datapackage.json"
    try:
        data = json.loads(descriptor.read_text(encoding="utf-8"))
        for resource in data.get("resources", []):
            path = resource.get("path")
            if isinstance(path, str) and Path(path).name in known:
                listed[Path(path).name] = folder / path
    except (OSError, ValueError, AttributeError):
        listed = {}
    if not listed:
        listed = {name: folder / name for name in known if (folder / name).exists()}
    return {name: path for name, path in listed.items() if path.exists()}


def _typed(value: str, prop: dict, where: str):
    kind = prop.get("type")
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            raise TabularError(f"{where}: {value!r} is not a number") from None
        return int(number) if number.is_integer() and "." not in value else number
    if kind == "boolean":
        lowered = value.strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise TabularError(f"{where}: {value!r} is not true or false")
    return value


def row_object(name: str, raw: dict, label: str = "") -> dict:
    """One CSV row as a typed object. An empty cell is an absent value, except in a required text column,
    where it is the empty text (CSV cannot tell the two apart)."""
    schema = schemas.table_schemas()[name]
    props, required = schema["properties"], set(schema.get("required", []))
    row = {}
    for key, value in raw.items():
        if key is None or key not in props or value is None:
            continue
        if value == "":
            if key in required and props[key].get("type") == "string":
                row[key] = ""
            continue
        row[key] = _typed(value, props[key], f"{label}: field '{key}'")
    return row


def read_rows(name: str, path: Path) -> list[dict]:
    """A table's rows as typed objects, each checked against the table's schema."""
    schema = schemas.table_schemas()[name]
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for line, raw in enumerate(csv.DictReader(handle), start=2):
            label = f"{name} line {line}" + (f" (id {raw.get('id')})" if raw.get("id") else "")
            row = row_object(name, raw, label)
            problems = schemas.errors(schema["name"], row)
            if problems:
                raise TabularError(f"{label}: {problems[0]}")
            rows.append(row)
    return rows


def read_tables(folder: Path) -> dict[str, list[dict]]:
    files = package_files(folder)
    if not files:
        raise TabularError(f"{folder.name}: no HSDS tables (services.csv, organizations.csv, ...) found")
    return {name: read_rows(name, path) for name, path in files.items()}


def validate_tables(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The JSON form of a package ({"services.csv": [rows]}): the same checks as reading CSV files."""
    known = schemas.table_schemas()
    checked = {}
    for name, rows in tables.items():
        if name not in known:
            continue
        schema_name = known[name]["name"]
        props = known[name]["properties"]
        # Cells, as in CSV: a number in a text column is that text (the specification's own tabular.json
        # gives external_identifier as a number).
        rows = [
            {
                k: str(v)
                if props.get(k, {}).get("type") == "string" and isinstance(v, (int, float)) and not isinstance(v, bool)
                else v
                for k, v in row.items()
            }
            if isinstance(row, dict)
            else row
            for row in rows
        ]
        for index, row in enumerate(rows, start=1):
            problems = schemas.errors(schema_name, row) if isinstance(row, dict) else ["not an object"]
            if problems:
                raise TabularError(
                    f"{name} row {index}"
                    + (f" (id {row.get('id')})" if isinstance(row, dict) and row.get("id") else "")
                    + f": {problems[0]}"
                )
        checked[name] = rows
    return checked


def assemble(tables: dict[str, list[dict]]) -> tuple[list[dict], list[dict]]:
    """Nested (organizations, services) from flat tables, joined on their ids."""

    def by(table: str, key: str) -> dict[str, list[dict]]:
        grouped = defaultdict(list)
        for row in tables.get(table, []):
            if row.get(key):
                grouped[row[key]].append(dict(row))
        return grouped

    addresses = by("addresses.csv", "location_id")
    locations = {}
    for row in tables.get("locations.csv", []):
        loc = dict(row)
        loc["addresses"] = addresses.get(row["id"], [])
        locations[row["id"]] = loc
    taxonomy_names = {row["id"]: row["name"] for row in tables.get("taxonomies.csv", [])}
    terms = {}
    for row in tables.get("taxonomy_terms.csv", []):
        term = dict(row)
        if "taxonomy" not in term and term.get("taxonomy_id") in taxonomy_names:
            term["taxonomy"] = taxonomy_names[term["taxonomy_id"]]
        terms[row["id"]] = term
    attributes = by("attributes.csv", "link_id")
    for rows in attributes.values():
        for attr in rows:
            if attr.get("taxonomy_term_id") in terms:
                attr["taxonomy_term"] = terms[attr["taxonomy_term_id"]]
    phones_by_service = by("phones.csv", "service_id")
    phones_by_org = {
        org_id: [p for p in rows if not p.get("service_id") and not p.get("location_id")]
        for org_id, rows in by("phones.csv", "organization_id").items()
    }
    languages = by("languages.csv", "service_id")
    schedules = by("schedules.csv", "service_id")
    documents = by("required_documents.csv", "service_id")
    links = by("service_at_location.csv", "service_id")
    locations_by_org = defaultdict(list)
    for loc in locations.values():
        if loc.get("organization_id"):
            locations_by_org[loc["organization_id"]].append(loc)

    organizations = {}
    for row in tables.get("organizations.csv", []):
        org = dict(row)
        org["phones"] = phones_by_org.get(row["id"], [])
        org["locations"] = locations_by_org.get(row["id"], [])
        organizations[row["id"]] = org

    services = []
    for row in tables.get("services.csv", []):
        service = dict(row)
        sid = row["id"]
        service["phones"] = phones_by_service.get(sid, [])
        service["schedules"] = schedules.get(sid, [])
        service["languages"] = languages.get(sid, [])
        service["required_documents"] = documents.get(sid, [])
        service["attributes"] = attributes.get(sid, [])
        service["service_at_locations"] = []
        for link in links.get(sid, []):
            if link.get("location_id") in locations:
                link["location"] = locations[link["location_id"]]
            service["service_at_locations"].append(link)
        if row.get("organization_id") in organizations:
            org = organizations[row["organization_id"]]
            service["organization"] = {k: v for k, v in org.items() if k not in ("phones", "locations")}
        services.append(service)
    return list(organizations.values()), services


# --- Writing ----------------------------------------------------------------------------------------


def write_package(folder: Path, tables: dict[str, list[dict]], title: str) -> None:
    """Write each table as CSV (the specification's columns, in order) and datapackage.json describing them."""
    known = schemas.table_schemas()
    resources = []
    for name, schema in known.items():
        if name not in tables:
            continue
        columns = schemas.tabular_fields(schema)
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            for row in tables[name]:
                writer.writerow({k: _cell(row.get(k)) for k in columns})
        fields = []
        for column in columns:
            prop = schema["properties"][column]
            field = {"name": column, "type": prop.get("type", "string")}
            if prop.get("format"):
                field["format"] = prop["format"]
            if column in schema.get("required", []):
                field["constraints"] = {"required": True}
            fields.append(field)
        resources.append(
            {
                "name": schema["name"],
                "path": name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": "id"},
            }
        )
    descriptor = {
        "name": "hsds-export",
        "title": title,
        "profile": "tabular-data-package",
        "version": "3.0",
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
