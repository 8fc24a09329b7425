"""Step 2 of an import: map HSDS values onto our fields and check everything that can be checked without writing."""

import re
import uuid
from datetime import time

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from directory import taxonomy as vocab
from directory.hours import WEEKDAYS
from directory.hsds import taxonomies as tx
from directory.models import Language, Location, OrganizationPage

from .read import HSDSImportError, label_for


def profile_codes(service: dict, label: str) -> dict:
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
                raise HSDSImportError(
                    f'{label}: field \'attributes[{i}].value\': {attr.get("value")!r} is not "true" or "false"'
                )
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


def schedules_of(service: dict) -> list[tuple[int, time, time]]:
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


def languages_of(service: dict) -> list[tuple[str, str]]:
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


def age(value):
    return None if value is None else max(0, min(int(round(value)), 32767))


def description_of(obj: dict) -> str:
    return (obj.get("description") or "").strip()


def summary_of(description: str) -> str:
    first = re.split(r"(?<=[.!?])\s", description.strip(), maxsplit=1)[0] if description else ""
    return first if len(first) <= 255 else first[:252].rstrip() + "..."


def phone_of(obj: dict) -> str:
    for phone in obj.get("phones") or []:
        if phone.get("number"):
            return str(phone["number"])[:40]
    return ""


# Our field names back to HSDS names, for error messages.
_HSDS_NAMES = {
    "title": "name",
    "website": "url",
    "how_to_get_help": "application_process",
    "documents_required": "required_documents",
    "phone": "phones",
}


def validation_message(label: str, error: ValidationError, names=None) -> str:
    names = names or _HSDS_NAMES
    if hasattr(error, "message_dict"):
        parts = [f"field '{names.get(k, k)}': {' '.join(v)}" for k, v in error.message_dict.items()]
        return f"{label}: " + "; ".join(parts)
    return f"{label}: {' '.join(error.messages)}"


# --- Planning: everything that can be checked without writing ----------------------------------------


def plan_service(index: int, service: dict) -> dict:
    label = label_for("service", index, service)
    org_id = service.get("organization_id") or (service.get("organization") or {}).get("id")
    if not org_id:
        raise HSDSImportError(f"{label}: field 'organization_id': a service needs its organization")
    return {"label": label, "obj": service, "org_id": org_id, "codes": profile_codes(service, label)}


def collect_organizations(organizations, services, plans) -> dict:
    """{org id: (label, organization object or None, {location id: location object})}."""
    found = {}
    for n, org in enumerate(organizations, start=1):
        entry = found.setdefault(org["id"], [label_for("organization", n, org), org, {}])
        entry[1] = org
        for loc in org.get("locations") or []:
            entry[2][loc["id"]] = loc
    known_org_ids = set(found) | {
        str(i)
        for i in OrganizationPage.objects.filter(
            hsds_id__in=[as_uuid(p["org_id"]) for p in plans if as_uuid(p["org_id"])]
        ).values_list("hsds_id", flat=True)
    }
    for plan in plans:
        service, org_id = plan["obj"], plan["org_id"]
        nested = service.get("organization")
        if org_id not in found and nested:
            found[org_id] = [f"{plan['label']}: organization", nested, {}]
            known_org_ids.add(org_id)
        if org_id not in known_org_ids:
            raise HSDSImportError(
                f"{plan['label']}: field 'organization_id': no organization {org_id} in the file or the directory"
            )
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
            elif not location_known(loc_id, found):
                raise HSDSImportError(
                    f"{plan['label']}: field 'service_at_locations[{i}].location_id': "
                    f"no location {loc_id} in the file or the directory"
                )
            plan["location_ids"].append(loc_id)
    return {k: tuple(v) for k, v in found.items()}


def location_known(loc_id, found) -> bool:
    if any(loc_id in locs for _l, _o, locs in found.values()):
        return True
    return bool(as_uuid(loc_id)) and Location.objects.filter(hsds_id=as_uuid(loc_id)).exists()


def as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def assign(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
