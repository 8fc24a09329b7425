"""The coalition profile's vocabularies as HSDS taxonomies (../shared/CONTRACT.md section 1).

Ids are stable everywhere: a taxonomy's id is uuid5(PROFILE_NAMESPACE, name) and a term's id is
uuid5(PROFILE_NAMESPACE, "name:code"), so two installations of the directory agree on them.
"""

import uuid
from dataclasses import dataclass
from functools import cache

from directory import taxonomy as vocab

PROFILE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://openreferral.org/hsds/profiles/anti-trafficking-coalition")

INTAKE_24_7 = "24-7"
ACCEPTING_REFERRALS = "accepting-referrals"


@dataclass(frozen=True)
class Taxonomy:
    name: str
    description: str
    terms: tuple[tuple[str, str], ...]  # (code, English name)

    @property
    def id(self) -> str:
        return taxonomy_id(self.name)

    def as_hsds(self) -> dict:
        return {"id": self.id, "name": self.name, "description": self.description, "version": "1"}


def taxonomy_id(name: str) -> str:
    return str(uuid.uuid5(PROFILE_NAMESPACE, name))


def term_id(taxonomy_name: str, code: str) -> str:
    return str(uuid.uuid5(PROFILE_NAMESPACE, f"{taxonomy_name}:{code}"))


def _labels(choices) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(label)) for code, label in choices)


@cache
def taxonomies() -> dict[str, Taxonomy]:
    found = [
        Taxonomy(
            vocab.NEED_TAXONOMY,
            "What a service provides; a service matches a request that names one of its needs.",
            tuple((code, en) for code, en, _es in vocab.NEEDS),
        ),
        Taxonomy(
            vocab.POPULATION_TAXONOMY,
            "Populations a service specialises in (informative, never a restriction).",
            tuple((code, en) for code, en, _es in vocab.POPULATIONS),
        ),
        Taxonomy(
            vocab.GENDER_TAXONOMY,
            "Gender restriction: none listed means the service serves everyone.",
            _labels(vocab.GENDER_CHOICES),
        ),
        Taxonomy(
            vocab.TRAFFICKING_TAXONOMY,
            "Trafficking-type restriction: none listed means survivors of both sex and labor trafficking.",
            _labels(vocab.TRAFFICKING_TYPE_CHOICES),
        ),
        Taxonomy(
            vocab.INTAKE_TAXONOMY,
            "Intake: around-the-clock intake, and whether the service accepts "
            'referrals now (value "true" or "false"; absent means true).',
            ((INTAKE_24_7, "24/7 intake"), (ACCEPTING_REFERRALS, "Accepting referrals")),
        ),
    ]
    return {t.name: t for t in found}


def term_as_hsds(taxonomy_name: str, code: str, *, detail: bool = False) -> dict:
    taxonomy = taxonomies()[taxonomy_name]
    name = dict(taxonomy.terms).get(code, code)
    term = {
        "id": term_id(taxonomy_name, code),
        "code": code,
        "name": name,
        "description": name,
        "taxonomy": taxonomy_name,
        "taxonomy_id": taxonomy.id,
        "language": "en",
    }
    if detail:
        term["taxonomy_detail"] = taxonomy.as_hsds()
    return term


@cache
def all_terms() -> list[dict]:
    return [term_as_hsds(t.name, code, detail=True) for t in taxonomies().values() for code, _n in t.terms]


@cache
def term_by_id() -> dict[str, tuple[str, str]]:
    """{term id: (taxonomy name, code)}, for attributes that name a term only by its id."""
    return {term_id(t.name, code): (t.name, code) for t in taxonomies().values() for code, _n in t.terms}


def valid_codes(taxonomy_name: str) -> list[str]:
    return [code for code, _name in taxonomies()[taxonomy_name].terms]
