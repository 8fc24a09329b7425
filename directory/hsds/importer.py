"""Import HSDS 3.0 data into the directory, all or nothing.

The input is read and validated whole before anything is written; the writing itself runs in one
transaction, so a problem found late still leaves the database as it was. Objects are matched on their
HSDS ids, and an object whose mapped values are already ours is left alone (no new page revision).
"""

import copy
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from directory import taxonomy as vocab
from directory.hours import WEEKDAYS
from directory.models import Language, Location, Need, OrganizationPage, Population, ServicePage, ServiceSchedule
from directory.site_tree import ensure_site_tree

from . import limits, schemas, tabular
from . import taxonomies as tx
from .serialize import plain_text, rich_text


class HSDSImportError(ValueError):
    """A file that cannot be imported; the message names the object and the field."""


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, outcome: str):
        self.counts[f"{kind} {outcome}"] += 1

    def lines(self) -> list[str]:
        kinds = ["organizations", "locations", "services", "languages"]
        out = []
        for kind in kinds:
            parts = [f"{self.counts[f'{kind} {o}']} {o}" for o in ("created", "updated", "unchanged")
                     if self.counts[f"{kind} {o}"]]
            if parts:
                out.append(f"{kind}: " + ", ".join(parts))
        return out


# --- Reading and validating -----------------------------------------------------------------------------


def _label(kind: str, index: int, obj) -> str:
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
                raise HSDSImportError(f"{_label('service_at_location', index, obj)}: {problems[0]}")
            link = {"id": obj["id"], "location": obj["location"]}
            obj = obj["service"]
            links = obj.setdefault("service_at_locations", [])
            if not any((x.get("location") or {}).get("id", x.get("location_id")) == link["location"]["id"]
                       for x in links):
                links.append(link)
        if _is_service(obj):
            kind, schema_name = "service", "service"
        elif "name" in obj and "description" in obj and not (_NOT_ORGANIZATION & set(obj)):
            kind, schema_name = "organization", "organization"
        else:
            raise HSDSImportError(f"{_label('object', index, obj)}: neither a service (it has no 'status') nor "
                                  f"an organization (it has no 'name' and 'description')")
        problems = schemas.errors(schema_name, obj)
        if problems:
            raise HSDSImportError(f"{_label(kind, index, obj)}: {problems[0]}")
        if kind == "organization":
            for n, service in enumerate(obj.get("services") or [], start=1):
                if not isinstance(service, dict):
                    raise HSDSImportError(f"{_label(kind, index, obj)}: field 'services[{n - 1}]': not an object")
                service.setdefault("organization_id", obj["id"])
                problems = schemas.errors("service", service)
                if problems:
                    raise HSDSImportError(f"{_label(kind, index, obj)}, {_label('service', n, service)}: "
                                          f"{problems[0]}")
                services.append(service)
            organizations.append(obj)
        else:
            services.append(obj)
    return organizations, services


# --- Mapping HSDS values onto our fields -------------------------------------------------------------------


def _profile_codes(service: dict, label: str) -> dict:
    """The coalition profile's attributes of one service; codes outside the profile's vocabulary are errors."""
    found = {name: set() for name in tx.taxonomies()}
    accepting = True
    for i, attr in enumerate(service.get("attributes") or []):
        term = attr.get("taxonomy_term") or {}
        taxonomy_name = term.get("taxonomy") or (term.get("taxonomy_detail") or {}).get("name")
        code = term.get("code")
        if not taxonomy_name and attr.get("taxonomy_term_id") in tx.term_by_id():
            taxonomy_name, code = tx.term_by_id()[attr["taxonomy_term_id"]]
        if taxonomy_name not in found:
            continue  # another taxonomy: not part of the profile
        valid = tx.valid_codes(taxonomy_name)
        if code not in valid:
            raise HSDSImportError(
                f"{label}: field 'attributes[{i}].taxonomy_term.code': {code!r} is not a {taxonomy_name} code "
                f"(expected one of {', '.join(valid)})"
            )
        if taxonomy_name == vocab.INTAKE_TAXONOMY and code == tx.ACCEPTING_REFERRALS:
            value = str(attr.get("value", "true")).strip().lower()
            if value not in ("true", "false"):
                raise HSDSImportError(f"{label}: field 'attributes[{i}].value': {attr.get('value')!r} is not "
                                      f"\"true\" or \"false\"")
            accepting = value == "true"
        else:
            found[taxonomy_name].add(code)
    return {
        "needs": sorted(found[vocab.NEED_TAXONOMY]),
        "populations": sorted(found[vocab.POPULATION_TAXONOMY]),
        "genders": sorted(found[vocab.GENDER_TAXONOMY]),
        "trafficking_types": sorted(found[vocab.TRAFFICKING_TAXONOMY]),
        "intake_24_7": tx.INTAKE_24_7 in found[vocab.INTAKE_TAXONOMY],
        "accepting_referrals": accepting,
    }


_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _time(value) -> time | None:
    match = _TIME.match(str(value or "").strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def _schedules(service: dict) -> list[tuple[int, time, time]]:
    """Weekly periods our hours model holds: WEEKLY (or unstated) rules with days and both times."""
    periods = set()
    for schedule in service.get("schedules") or []:
        if schedule.get("freq", "WEEKLY") != "WEEKLY":
            continue
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        if opens is None or closes is None:
            continue
        for day in str(schedule.get("byday") or "").upper().split(","):
            day = re.sub(r"^[+-]?\d+", "", day.strip())
            if day in WEEKDAYS:
                periods.add((WEEKDAYS.index(day), opens, closes))
    return sorted(periods)


def _languages(service: dict) -> list[tuple[str, str]]:
    found = {}
    for lang in service.get("languages") or []:
        code = (lang.get("code") or "").strip().lower()
        name = (lang.get("name") or "").strip()
        if not code and name:
            existing = Language.objects.filter(name__iexact=name).first()
            code = existing.code if existing else slugify(name)
        if code:
            found[code[:12]] = name or code
    return sorted(found.items())


def _age(value):
    return None if value is None else max(0, min(int(round(value)), 32767))


def _description(obj: dict) -> str:
    return (obj.get("description") or "").strip()


def _summary(description: str) -> str:
    first = re.split(r"(?<=[.!?])\s", description.strip(), maxsplit=1)[0] if description else ""
    return first if len(first) <= 255 else first[:252].rstrip() + "..."


def _phone(obj: dict) -> str:
    for phone in obj.get("phones") or []:
        if phone.get("number"):
            return str(phone["number"])[:40]
    return ""


# Our field names back to HSDS names, for error messages.
_HSDS_NAMES = {"title": "name", "website": "url", "how_to_get_help": "application_process",
               "documents_required": "required_documents", "phone": "phones"}


def _validation_message(label: str, error: ValidationError, names=None) -> str:
    names = names or _HSDS_NAMES
    if hasattr(error, "message_dict"):
        parts = [f"field '{names.get(k, k)}': {' '.join(v)}" for k, v in error.message_dict.items()]
        return f"{label}: " + "; ".join(parts)
    return f"{label}: {' '.join(error.messages)}"


# --- Writing --------------------------------------------------------------------------------------------


class Importer:
    def __init__(self, progress=None):
        self.report = ImportReport()
        self.progress = progress or (lambda items, **kw: items)
        self.index = None
        self.orgs: dict[str, OrganizationPage] = {}
        self.locations: dict[str, Location] = {}

    def run(self, organizations: list[dict], services: list[dict]) -> ImportReport:
        with transaction.atomic():
            self.index = ensure_site_tree()
            plans = [self._plan_service(n, s) for n, s in enumerate(services, start=1)]
            org_objects = self._collect_organizations(organizations, services, plans)
            for org_id, (label, obj, locations) in self.progress(org_objects.items(), desc="organizations"):
                self._save_organization(org_id, label, obj, locations)
            for plan in self.progress(plans, desc="services"):
                self._save_service(plan)
        return self.report

    # Planning: everything that can be checked without writing.

    def _plan_service(self, index: int, service: dict) -> dict:
        label = _label("service", index, service)
        org_id = service.get("organization_id") or (service.get("organization") or {}).get("id")
        if not org_id:
            raise HSDSImportError(f"{label}: field 'organization_id': a service needs its organization")
        return {"label": label, "obj": service, "org_id": org_id, "codes": _profile_codes(service, label)}

    def _collect_organizations(self, organizations, services, plans) -> dict:
        """{org id: (label, organization object or None, {location id: location object})}."""
        found = {}
        for n, org in enumerate(organizations, start=1):
            entry = found.setdefault(org["id"], [_label("organization", n, org), org, {}])
            entry[1] = org
            for loc in org.get("locations") or []:
                entry[2][loc["id"]] = loc
        known_org_ids = set(found) | {
            str(i) for i in OrganizationPage.objects.filter(
                hsds_id__in=[_uuid(p["org_id"]) for p in plans if _uuid(p["org_id"])]
            ).values_list("hsds_id", flat=True)
        }
        for plan in plans:
            service, org_id = plan["obj"], plan["org_id"]
            nested = service.get("organization")
            if org_id not in found and nested:
                found[org_id] = [f"{plan['label']}: organization", nested, {}]
                known_org_ids.add(org_id)
            if org_id not in known_org_ids:
                raise HSDSImportError(f"{plan['label']}: field 'organization_id': no organization {org_id} in the "
                                      f"file or the directory")
            found.setdefault(org_id, [f"{plan['label']}: organization", None, {}])
            plan["location_ids"] = []
            for i, link in enumerate(service.get("service_at_locations") or []):
                loc = link.get("location")
                loc_id = (loc or {}).get("id") or link.get("location_id")
                if not loc_id:
                    continue
                if loc:
                    owner = loc.get("organization_id")
                    owner = owner if owner in known_org_ids else org_id
                    found.setdefault(owner, [f"{plan['label']}: organization", None, {}])[2].setdefault(loc_id, loc)
                elif not self._location_known(loc_id, found):
                    raise HSDSImportError(f"{plan['label']}: field 'service_at_locations[{i}].location_id': "
                                          f"no location {loc_id} in the file or the directory")
                plan["location_ids"].append(loc_id)
        return {k: tuple(v) for k, v in found.items()}

    def _location_known(self, loc_id, found) -> bool:
        if any(loc_id in locs for _l, _o, locs in found.values()):
            return True
        return bool(_uuid(loc_id)) and Location.objects.filter(hsds_id=_uuid(loc_id)).exists()

    # Organizations and their locations.

    def _save_organization(self, org_id: str, label: str, obj: dict | None, locations: dict):
        page = OrganizationPage.objects.filter(hsds_id=org_id).first()
        if page is None and obj is None:
            raise HSDSImportError(f"{label}: no organization {org_id} in the file or the directory")
        created = page is None
        if created:
            page = OrganizationPage(hsds_id=org_id, title=obj["name"], slug=self._slug(self.index, obj["name"]))
        changed = created
        if obj is not None:
            changed |= self._apply_organization(page, obj)
        current = list(page.locations.all()) if not created else []
        by_id = {str(loc.hsds_id): loc for loc in current}
        for loc_id, loc_obj in locations.items():
            loc = by_id.get(loc_id)
            if loc is None:
                existing = Location.objects.filter(hsds_id=loc_id).first()
                if existing is not None and str(existing.organization.hsds_id) != org_id:
                    self.locations[loc_id] = existing  # another organization's place, linked as it is
                    self.report.add("locations", "unchanged")
                    continue
                loc = Location(hsds_id=loc_id)
                by_id[loc_id] = loc
                current.append(loc)
                self.report.add("locations", "created")
                changed = True
                self._apply_location(loc, loc_obj, label)
            elif self._apply_location(loc, loc_obj, label):
                self.report.add("locations", "updated")
                changed = True
            else:
                self.report.add("locations", "unchanged")
        if changed:
            page.locations = current
            try:
                if created:
                    self.index.add_child(instance=page)
                else:
                    page.save()
                page.save_revision().publish()
            except ValidationError as error:
                raise HSDSImportError(_validation_message(label, error)) from None
        self.report.add("organizations", "created" if created else "updated" if changed else "unchanged")
        self.orgs[org_id] = page
        for loc in page.locations.all():
            self.locations[str(loc.hsds_id)] = loc

    def _apply_organization(self, page: OrganizationPage, obj: dict) -> bool:
        values = {"title": obj["name"], "email": obj.get("email") or "", "website": obj.get("website") or ""}
        if "phones" in obj:  # a service's nested organization carries no phones: keep ours then
            values["phone"] = _phone(obj)
        description = _description(obj)
        if description != (plain_text(page.description) or page.summary):
            values["description"] = rich_text(description)
            values["summary"] = _summary(description)
        return _assign(page, values)

    def _apply_location(self, loc: Location, obj: dict, label: str) -> bool:
        addresses = obj.get("addresses") or []
        address = next((a for a in addresses if a.get("address_type") == "physical"), addresses[0] if addresses
                       else {})
        lat, lon = obj.get("latitude"), obj.get("longitude")
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
        state = (address.get("state_province") or "").strip()
        street = (address.get("address_1") or "").strip()
        values = {
            "name": (obj.get("name") or obj.get("alternate_name") or street or address.get("city") or "Location"),
            "address_1": street,
            "city": address.get("city") or "",
            "state_province": state.upper() if len(state) == 2 else "",
            "postal_code": (address.get("postal_code") or "").strip(),
            # A place published without its street is treated as confidential: only city and ZIP are shown.
            "confidential_address": not street,
            "latitude": lat,
            "longitude": lon,
        }
        if loc.pk and loc.postal_code == values["postal_code"]:
            # Filled in from the ZIP code when the file left them out: not a change.
            if lat is None:
                values["latitude"], values["longitude"] = loc.latitude, loc.longitude
            if not values["city"]:
                values["city"] = loc.city
            if loc.confidential_address and not street:
                # Our own export of a confidential shelter: it never carried the street or exact position.
                values.update(address_1=loc.address_1, latitude=loc.latitude, longitude=loc.longitude)
        changed = _assign(loc, values)
        try:
            loc.clean_fields(exclude=["organization", "state_province"])
        except ValidationError as error:
            names = {"address_1": "addresses[0].address_1", "postal_code": "addresses[0].postal_code",
                     "city": "addresses[0].city"}
            raise HSDSImportError(_validation_message(f"{label}, location {loc.hsds_id}", error, names)) from None
        if changed and (loc.latitude is None or not loc.city):
            loc.fill_from_zip()
        return changed

    # Services.

    def _save_service(self, plan: dict):
        obj, label, codes = plan["obj"], plan["label"], plan["codes"]
        org = self.orgs[plan["org_id"]]
        page = ServicePage.objects.filter(hsds_id=obj["id"]).first()
        created = page is None
        if created:
            page = ServicePage(hsds_id=obj["id"], title=obj["name"], slug=self._slug(org, obj["name"]))
        languages = self._languages(_languages(obj))
        wanted = {
            "title": obj["name"],
            "status": obj["status"],
            "website": obj.get("url") or "",
            "email": obj.get("email") or "",
            "phone": _phone(obj),
            "interpretation_services": obj.get("interpretation_services") or "",
            "how_to_get_help": obj.get("application_process") or "",
            "fees_description": obj.get("fees_description") or "",
            "eligibility_description": obj.get("eligibility_description") or "",
            "documents_required": "\n\n".join(
                d["document"] for d in obj.get("required_documents") or [] if d.get("document")
            ),
            "minimum_age": _age(obj.get("minimum_age")),
            "maximum_age": _age(obj.get("maximum_age")),
            "genders": codes["genders"],
            "trafficking_types": codes["trafficking_types"],
            "intake_24_7": codes["intake_24_7"],
            "accepting_referrals": codes["accepting_referrals"],
        }
        description = _description(obj)
        if created or description != (plain_text(page.description) or page.summary):
            wanted["description"] = rich_text(description)
            wanted["summary"] = _summary(description)
        changed = _assign(page, wanted)
        relations = {
            "needs": list(Need.objects.filter(code__in=codes["needs"])),
            "populations": list(Population.objects.filter(code__in=codes["populations"])),
            "languages": languages,
            "locations": [self.locations[i] for i in dict.fromkeys(plan["location_ids"]) if i in self.locations],
        }
        for name, items in relations.items():
            before = set() if created else {x.pk for x in getattr(page, name).all()}
            if created or before != {x.pk for x in items}:
                setattr(page, name, items)
                changed = True
        periods = _schedules(obj)
        before = [] if created else [(s.weekday, s.opens_at, s.closes_at) for s in page.schedules.all()]
        if created or sorted(before) != periods:
            page.schedules = [ServiceSchedule(weekday=d, opens_at=o, closes_at=c) for d, o, c in periods]
            changed = True
        moved = not created and page.get_parent().pk != org.pk
        if not (changed or moved):
            self.report.add("services", "unchanged")
            return
        try:
            if created:
                org.add_child(instance=page)
            else:
                if moved:
                    page.move(org, pos="last-child")
                    page.refresh_from_db(fields=["path", "depth", "url_path"])
                page.save()
            # Every imported service is published, whatever its status: an export holds only published
            # services, and the status travels with it (matching and search take only active ones).
            page.save_revision().publish()
        except ValidationError as error:
            raise HSDSImportError(_validation_message(label, error)) from None
        self.report.add("services", "created" if created else "updated")

    def _languages(self, wanted: list[tuple[str, str]]) -> list[Language]:
        existing = {lang.code: lang for lang in Language.objects.filter(code__in=[c for c, _n in wanted])}
        found = []
        for code, name in wanted:
            if code not in existing:
                existing[code] = Language.objects.create(code=code, name=name[:120])
                self.report.add("languages", "created")
            found.append(existing[code])
        return found

    @staticmethod
    def _slug(parent, name: str) -> str:
        base = slugify(name)[:200] or "item"
        taken = set(parent.get_children().values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug


def _uuid(value):
    import uuid

    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _assign(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def import_path(path, progress=None, dry_run=False) -> ImportReport:
    organizations, services = read(Path(path))
    return import_objects(organizations, services, progress=progress, dry_run=dry_run)


class _DryRun(Exception):
    pass


def import_objects(organizations, services, progress=None, dry_run=False) -> ImportReport:
    importer = Importer(progress=progress)
    if not dry_run:
        return importer.run(organizations, services)
    try:
        with transaction.atomic():
            importer.run(organizations, services)
            raise _DryRun
    except _DryRun:
        return importer.report
