"""Step 1 of an import: read a file or folder and validate every object before anything is planned."""

import copy
import json
from pathlib import Path

from directory.hsds import limits, schemas, tabular


class HSDSImportError(ValueError):
    """A file that cannot be imported; the message names the object and the field."""


def label_for(kind: str, index: int, obj) -> str:
    ident = obj.get("id") if isinstance(obj, dict) else None
    return f"{kind} {index}" + (f" (id {ident})" if ident else "")


# Fields that mark a location, taxonomy or taxonomy term, which also have a name and a description.
_NOT_ORGANIZATION = {"location_type", "version", "code", "taxonomy", "taxonomy_id", "taxonomy_detail", "term_uri"}


def _is_service(obj: dict) -> bool:
    return "status" in obj or "service_at_locations" in obj or "organization" in obj


def read(path: Path) -> tuple[list[dict], list[dict]]:
    """(organizations, services) from a JSON file or a tabular data package folder, validated."""
    path = limits.checked(Path(path), HSDSImportError)  # size, zip bombs; a zipped package is unpacked
    if path.is_dir():
        try:
            return tabular.assemble(tabular.read_tables(path))
        except tabular.TabularError as error:
            raise HSDSImportError(str(error)) from None
    try:
        data = limits.load_json(path.read_text(encoding="utf-8"), path.name, HSDSImportError)
    except (OSError, UnicodeDecodeError) as error:
        raise HSDSImportError(f"{path.name}: cannot be read ({error.__class__.__name__})") from None
    except json.JSONDecodeError as error:
        raise HSDSImportError(f"{path.name}: not JSON (line {error.lineno}, column {error.colno})") from None
    return parse(data)


def parse(data) -> tuple[list[dict], list[dict]]:
    if isinstance(data, dict) and data and all(str(k).endswith(".csv") for k in data):
        try:
            return tabular.assemble(tabular.validate_tables(data))
        except tabular.TabularError as error:
            raise HSDSImportError(str(error)) from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    items = data if isinstance(data, list) else [data]
    organizations, services = [], []
    for index, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            raise HSDSImportError(f"object {index}: not a JSON object")
        obj = copy.deepcopy(obj)
        if isinstance(obj.get("service"), dict) and isinstance(obj.get("location"), dict):
            # A service_at_location with its service nested: the service, at that location.
            problems = schemas.errors("service_at_location", obj)
            if problems:
                raise HSDSImportError(f"{label_for('service_at_location', index, obj)}: {problems[0]}")
            link = {"id": obj["id"], "location": obj["location"]}
            obj = obj["service"]
            links = obj.setdefault("service_at_locations", [])
            if not any(
                (x.get("location") or {}).get("id", x.get("location_id")) == link["location"]["id"] for x in links
            ):
                links.append(link)
        if _is_service(obj):
            kind, schema_name = "service", "service"
        elif "name" in obj and "description" in obj and not (_NOT_ORGANIZATION & set(obj)):
            kind, schema_name = "organization", "organization"
        else:
            raise HSDSImportError(
                f"{label_for('object', index, obj)}: neither a service (it has no 'status') nor "
                f"an organization (it has no 'name' and 'description')"
            )
        problems = schemas.errors(schema_name, obj)
        if problems:
            raise HSDSImportError(f"{label_for(kind, index, obj)}: {problems[0]}")
        if kind == "organization":
            for n, service in enumerate(obj.get("services") or [], start=1):
                if not isinstance(service, dict):
                    raise HSDSImportError(f"{label_for(kind, index, obj)}: field 'services[{n - 1}]': not an object")
                service.setdefault("organization_id", obj["id"])
                problems = schemas.errors("service", service)
                if problems:
                    raise HSDSImportError(
                        f"{label_for(kind, index, obj)}, {label_for('service', n, service)}: {problems[0]}"
                    )
                services.append(service)
            organizations.append(obj)
        else:
            services.append(obj)
    return organizations, services
