"""Our pages as HSDS 3.0 objects: the one mapping both the export command and the public API use.

Ids of objects our models do not store as rows (addresses, phones, languages, schedules, attributes,
service_at_locations) are uuid5 of their owner's id and what they are, so every export gives the same ids.
Confidential shelter addresses never leave the site: no street line, and the ZIP code's centre instead of
the building's coordinates.
"""

import functools
import html
import re
import uuid

from django.utils.html import strip_tags

from directory import taxonomy as vocab

from . import taxonomies as tx

HSDS_VERSION = "3.0"


def child_id(owner_id, kind: str) -> str:
    return str(uuid.uuid5(uuid.UUID(str(owner_id)), kind))


# --- Text ------------------------------------------------------------------------------------------

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|ul|ol|div|blockquote)>", re.I)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)


@functools.lru_cache(maxsize=4096)  # a pure function of the text; a page of services repeats its organizations
def plain_text(rich: str) -> str:
    """Rich text as plain text: paragraphs separated by a blank line, line breaks kept."""
    if not rich:
        return ""
    text = _LINE_BREAK.sub("\n", rich)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(strip_tags(text))
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def rich_text(plain: str) -> str:
    """The inverse of plain_text for text that came from outside: one <p> per paragraph."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", plain or "") if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line.strip(), quote=False) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def _put(target: dict, key: str, value):
    """Optional HSDS fields are left out rather than sent empty (an empty e-mail is not an e-mail)."""
    if value not in (None, "", []):
        target[key] = value


def _iso(moment) -> str | None:
    if moment is None:
        return None
    return moment.isoformat().replace("+00:00", "Z")


# --- Organizations ------------------------------------------------------------------------------------


def organization_basic(org) -> dict:
    data = {
        "id": str(org.hsds_id),
        "name": org.title,
        "description": plain_text(org.description) or org.summary or "",
    }
    _put(data, "email", org.email)
    _put(data, "website", org.website)
    return data


def organization_phones(org) -> list[dict]:
    if not org.phone:
        return []
    return [{"id": child_id(org.hsds_id, "phone"), "organization_id": str(org.hsds_id), "number": org.phone}]


def organization_full(org, services=(), *, full_service=False) -> dict:
    data = organization_basic(org)
    _put(data, "phones", organization_phones(org))
    data["locations"] = [location(loc, org) for loc in org.locations.all()]
    data["services"] = [service_full(s, org) if full_service else service_basic(s, org) for s in services]
    return data


# --- Locations ----------------------------------------------------------------------------------------


def public_coordinates(loc) -> tuple[float | None, float | None]:
    """The location's public point (its ZIP code's centre when confidential), as HSDS latitude/longitude."""
    return loc.public_coordinates() or (None, None)


def address(loc) -> dict:
    return {
        "id": child_id(loc.hsds_id, "address"),
        "location_id": str(loc.hsds_id),
        "address_1": "" if loc.confidential_address else loc.address_1,
        "city": loc.city,
        "state_province": loc.state_province,
        "postal_code": loc.postal_code,
        "country": "US",
        "address_type": "physical",
    }


def location(loc, org) -> dict:
    data = {
        "id": str(loc.hsds_id),
        "location_type": "physical",
        "organization_id": str(org.hsds_id),
        "name": loc.name,
    }
    latitude, longitude = public_coordinates(loc)
    _put(data, "latitude", latitude)
    _put(data, "longitude", longitude)
    data["addresses"] = [address(loc)]
    return data


# --- Services -----------------------------------------------------------------------------------------


def service_basic(service, org) -> dict:
    """The one-to-one fields of a service (the API's list form)."""
    data = {
        "id": str(service.hsds_id),
        "organization_id": str(org.hsds_id),
        "name": service.title,
        "description": plain_text(service.description) or service.summary,
        "status": service.status,
    }
    _put(data, "url", service.website)
    _put(data, "email", service.email)
    _put(data, "interpretation_services", service.interpretation_services)
    _put(data, "application_process", service.how_to_get_help)
    _put(data, "fees_description", service.fees_description)
    _put(data, "eligibility_description", service.eligibility_description)
    _put(data, "minimum_age", service.minimum_age)
    _put(data, "maximum_age", service.maximum_age)
    _put(data, "last_modified", _iso(service.last_published_at))
    if not data["description"]:
        del data["description"]
    return data


def service_list_item(service, org) -> dict:
    data = service_basic(service, org)
    data["organization"] = organization_basic(org)
    return data


def service_minimal(service, org) -> dict:
    """`minimal=true`: the id and modification date, plus the two fields the list schema requires."""
    data = {"id": str(service.hsds_id), "name": service.title, "status": service.status}
    _put(data, "last_modified", _iso(service.last_published_at))
    return data


def schedules(service) -> list[dict]:
    from directory.hours import WEEKDAYS

    rows = []
    for s in service.schedules.all():
        opens, closes = f"{s.opens_at:%H:%M}", f"{s.closes_at:%H:%M}"
        rows.append(
            {
                "id": child_id(service.hsds_id, f"schedule:{s.weekday}:{opens}:{closes}"),
                "service_id": str(service.hsds_id),
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": WEEKDAYS[s.weekday],
                "opens_at": opens,
                "closes_at": closes,
            }
        )
    return rows


def languages(service) -> list[dict]:
    return [
        {
            "id": child_id(service.hsds_id, f"language:{lang.code}"),
            "service_id": str(service.hsds_id),
            "name": lang.name,
            "code": lang.code,
        }
        for lang in sorted(service.languages.all(), key=lambda lang: lang.code)
    ]


def attribute(service, taxonomy_name: str, code: str, value: str | None = None) -> dict:
    data = {
        "id": child_id(service.hsds_id, f"attribute:{taxonomy_name}:{code}"),
        "link_id": str(service.hsds_id),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": tx.term_id(taxonomy_name, code),
        "taxonomy_term": tx.term_as_hsds(taxonomy_name, code),
    }
    _put(data, "value", value)
    return data


def profile_codes(service) -> dict[str, list[str]]:
    """The coalition profile's codes of one service, by taxonomy."""
    return {
        vocab.NEED_TAXONOMY: sorted(n.code for n in service.needs.all()),
        vocab.POPULATION_TAXONOMY: sorted(p.code for p in service.populations.all()),
        vocab.GENDER_TAXONOMY: sorted(service.genders or []),
        vocab.TRAFFICKING_TAXONOMY: sorted(service.trafficking_types or []),
    }


def attributes(service) -> list[dict]:
    found = []
    for taxonomy_name, codes in profile_codes(service).items():
        found += [attribute(service, taxonomy_name, code) for code in codes]
    if service.intake_24_7:
        found.append(attribute(service, vocab.INTAKE_TAXONOMY, tx.INTAKE_24_7))
    found.append(
        attribute(
            service, vocab.INTAKE_TAXONOMY, tx.ACCEPTING_REFERRALS, "true" if service.accepting_referrals else "false"
        )
    )
    return found


def service_at_location(service, loc, org, *, with_location=True) -> dict:
    data = {
        "id": child_id(service.hsds_id, f"location:{loc.hsds_id}"),
        "service_id": str(service.hsds_id),
        "location_id": str(loc.hsds_id),
    }
    if with_location:
        data["location"] = location(loc, org)
    return data


def service_full(service, org) -> dict:
    data = service_basic(service, org)
    sid = str(service.hsds_id)
    data["phones"] = (
        [{"id": child_id(sid, "phone"), "service_id": sid, "number": service.phone}] if service.phone else []
    )
    data["schedules"] = schedules(service)
    data["service_at_locations"] = [
        service_at_location(service, loc, org) for loc in sorted(service.locations.all(), key=lambda x: str(x.hsds_id))
    ]
    data["languages"] = languages(service)
    data["organization"] = organization_basic(org)
    data["required_documents"] = (
        [{"id": child_id(sid, "required_document"), "service_id": sid, "document": service.documents_required}]
        if service.documents_required
        else []
    )
    data["attributes"] = attributes(service)
    return data


def service_at_location_full(service, loc, org) -> dict:
    """A fully nested service_at_location. It also carries the service's name and status: the OpenAPI
    document describes this response with the service schema, which requires them."""
    data = service_at_location(service, loc, org)
    data["name"] = service.title
    data["status"] = service.status
    data["schedules"] = schedules(service)
    data["service"] = service_full(service, org)
    return data
