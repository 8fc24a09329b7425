"""How search reads people's words, the same on both backends: accents and case do not matter, the
synonyms of search/synonyms.txt (English and Spanish) find each other, and words of five or more letters
forgive typos ("refujio", "sheltr").

Elasticsearch gets the synonym list as a `synonym` filter in its index analyzers
(search.documents) and the typo rule as the fuzziness of its text query (search.es_queries); the embedded
backend expands each word here, against the words its index holds. Nothing here logs or keeps a word.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

SYNONYMS_FILE = Path(__file__).with_name("synonyms.txt")
# Typo tolerance: no edit below 5 letters, one edit from 5, two from 9 (Elasticsearch's "AUTO:5,9").
FUZZY_MIN_LENGTH, FUZZY_TWO_EDITS_LENGTH = 5, 9
ES_FUZZINESS = f"AUTO:{FUZZY_MIN_LENGTH},{FUZZY_TWO_EDITS_LENGTH}"


def normalize_text(text: str) -> str:
    """Lower-case words without accents ("Médico Clínica" → "medico clinica")."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def stem(word: str) -> str:
    """A light plural stemmer shared by English and Spanish ("shelters", "refugios" → "shelter", "refugio")."""
    if len(word) > 4 and word.endswith("es") and word[-3] not in "aeiou":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def allowed_edits(word: str) -> int:
    if len(word) >= FUZZY_TWO_EDITS_LENGTH:
        return 2
    return 1 if len(word) >= FUZZY_MIN_LENGTH else 0


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """The groups of the synonyms file, each word normalized; comments and blank lines skipped."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        words = [normalize_text(word) for word in line.split(",")]
        words = list(dict.fromkeys(w for w in words if w and " " not in w))
        if len(words) > 1:
            groups.append(tuple(words))
    return tuple(groups)


def synonym_rules() -> list[str]:
    """The groups as Solr-format rules ("albergue, refugio, shelter") for Elasticsearch."""
    return [", ".join(group) for group in synonym_groups()]


@lru_cache(maxsize=1)
def _synonyms_by_stem() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for group in synonym_groups():
        stems = {stem(w) for w in group}
        for s in stems:
            index.setdefault(s, set()).update(stems)
    return {key: frozenset(value) for key, value in index.items()}


def synonyms(term: str) -> frozenset[str]:
    """The stemmed term and every stemmed word of its synonym groups."""
    return _synonyms_by_stem().get(term, frozenset()) | {term}


def near_words(term: str, vocabulary) -> set[str]:
    """Words of `vocabulary` within the typo allowance of `term` (optimal string alignment distance)."""
    edits = allowed_edits(term)
    if not edits:
        return set()
    return {
        word
        for word, _distance, _i in process.extract(
            term, vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=None
        )
    }


@lru_cache(maxsize=1)
def synonym_words() -> tuple[str, ...]:
    return tuple(sorted(_synonyms_by_stem()))


def expand(term: str, vocabulary=()) -> set[str]:
    """What one stemmed query word may be found as: the word or a near spelling of it (among the index's
    words and the synonym list), each with its synonyms. Elasticsearch does the same: its index holds
    every synonym of a document's words, and its fuzzy query finds the near spellings among them."""
    found = set()
    for word in {term} | near_words(term, [*vocabulary, *synonym_words()]):
        found |= synonyms(word)
    return found


def query_terms(text: str) -> list[str]:
    """The distinct stemmed words of a query, in order."""
    return list(dict.fromkeys(stem(w) for w in normalize_text(text).split()))
