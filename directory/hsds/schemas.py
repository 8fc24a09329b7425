"""The HSDS 3.0 JSON Schemas (settings.HSDS_DIR/schema), loaded once and resolved offline.

The schema files refer to each other by relative name ("phone.json"); the official OpenAPI document refers
to the specification's published copies (https://raw.githubusercontent.com/openreferral/specification/3.0/
schema/...). Both are resolved against the local folder, so nothing is fetched from the network.
"""

import copy
import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

REMOTE_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

# Formats worth enforcing on import: identifiers must be UUIDs, addresses e-mail addresses.
FORMAT_CHECKER = FormatChecker(formats=[f for f in ("uuid", "email", "date-time") if f in FormatChecker.checkers])


class SchemaUnavailable(ImproperlyConfigured):
    """A schema file the project needs is missing or unreadable: a broken installation, not bad input."""


def schema_dir() -> Path:
    return Path(settings.HSDS_DIR) / "schema"


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SchemaUnavailable(
            f"HSDS schema {path} is missing or unreadable ({error.__class__.__name__}); check HSDS_DIR."
        ) from None
    except json.JSONDecodeError as error:
        raise SchemaUnavailable(
            f"HSDS schema {path} is not valid JSON (line {error.lineno}); check HSDS_DIR."
        ) from None


@cache
def load(name: str) -> dict:
    """One schema file by object name ("service") or file name ("service.json")."""
    file_name = name if name.endswith(".json") else f"{name}.json"
    return _read_json(schema_dir() / file_name)


def _retrieve(uri: str) -> Resource:
    file_name = uri.rsplit("/", 1)[-1]
    return Resource.from_contents(load(file_name), default_specification=DRAFT202012)


@cache
def registry() -> Registry:
    return Registry(retrieve=_retrieve)


@cache
def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load(name), registry=registry(), format_checker=FORMAT_CHECKER)


def errors(name: str, instance) -> list[str]:
    """Human messages for every way `instance` breaks the `name` schema, each naming the field."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    return [describe(error) for error in found]


def describe(error) -> str:
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    if where:
        return f"field '{where}': {error.message}"
    return error.message


def table_schemas() -> dict[str, dict]:
    """{csv file name: schema} for every HSDS table, in the data package's order."""
    found = []
    if not schema_dir().is_dir():
        raise SchemaUnavailable(f"HSDS schema folder {schema_dir()} is missing; check HSDS_DIR.")
    for path in schema_dir().glob("*.json"):
        if path.name == "openapi.json":
            continue
        schema = load(path.name)
        if "path" in schema and "datapackage_metadata" in schema:
            found.append((schema["datapackage_metadata"].get("order", 99), schema["path"], schema))
    return {file_name: schema for _order, file_name, schema in sorted(found, key=lambda t: t[:2])}


def tabular_fields(schema: dict) -> list[str]:
    """The columns of a table: the schema's plain (non-array, non-object) properties, in order."""
    return [
        name
        for name, prop in schema["properties"].items()
        if prop.get("type") not in ("array", "object") and "$ref" not in prop
    ]


# --- The OpenAPI document, with its remote references made local ------------------------------------

# Schemas the OpenAPI document names that the specification compiles from the others: "*_list" objects
# carry only one-to-one fields (no arrays), as the document's response descriptions say.
_LIST_SCHEMAS = {
    "service_list": "service",
    "organization_list": "organization",
    "service_at_location_list": "service_at_location",
}


def _component_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1].removesuffix(".json")


def _local_refs(node):
    """Rewrite "phone.json" and remote references into "#/components/schemas/phone"."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and not value.startswith("#"):
                out[key] = f"#/components/schemas/{_component_name(value)}"
            else:
                out[key] = _local_refs(value)
        return out
    if isinstance(node, list):
        return [_local_refs(item) for item in node]
    return node


def _json_schema_only(schema: dict) -> dict:
    """Drop the data package keywords that are not JSON Schema (harmless, but noisy in OpenAPI tools)."""
    skip = {"name", "path", "datapackage_metadata", "tabular_required", "constraints", "example", "core"}
    if isinstance(schema, dict):
        return {
            k: _json_schema_only(v)
            for k, v in schema.items()
            if k not in skip or k == "name" and not isinstance(v, str)
        }
    if isinstance(schema, list):
        return [_json_schema_only(v) for v in schema]
    return schema


def _clean(schema: dict) -> dict:
    schema = copy.deepcopy(schema)
    props = schema.get("properties", {})
    cleaned = {name: _json_schema_only(prop) for name, prop in props.items()}
    result = {k: v for k, v in schema.items() if k in ("type", "required", "description", "title")}
    result["properties"] = cleaned
    return result


@cache
def openapi_document() -> dict:
    """The official openapi.json with every schema reference pointing into its own components."""
    document = _read_json(schema_dir() / "openapi.json")
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for path in schema_dir().glob("*.json"):
        if path.name != "openapi.json":
            components[path.stem] = _local_refs(_clean(load(path.name)))
    for list_name, base in _LIST_SCHEMAS.items():
        schema = copy.deepcopy(components[base])
        schema["properties"] = {k: v for k, v in schema["properties"].items() if v.get("type") != "array"}
        components[list_name] = schema
    document["paths"] = _local_refs(document["paths"])
    return document


def response_schema(path: str, status: str = "200") -> dict:
    """The JSON Schema of one endpoint's response, self-contained (for validating responses in tests)."""
    document = openapi_document()
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    return {
        "$defs": document["components"]["schemas"],
        **_to_defs(schema),
        "$schema": "https://json-schema.org/draft/2020-12/schema",
    }


def _to_defs(node):
    if isinstance(node, dict):
        return {
            k: (re.sub(r"^#/components/schemas/", "#/$defs/", v) if k == "$ref" else _to_defs(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_to_defs(v) for v in node]
    return node


def response_errors(path: str, instance) -> list[str]:
    schema = response_schema(path)
    schema["$defs"] = _to_defs(schema["$defs"])
    checker = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    return [describe(e) for e in checker.iter_errors(instance)]
