#!/usr/bin/env python3
"""Smoke check of a running node: `python3 search/es_node/smoke_check.py [URL]`.

Checks, against real requests: GET/HEAD /, the english/spanish analyzers, the index settings of
modelsearch's Elasticsearch backend (ngram/edge_ngram/asciifolding), a lowercase+asciifolding
normalizer, geo_point (distance, bounding box, sort), completion (plain and with contexts),
aliases (add, swap, write index), bulk, and synonym_graph. Standard library only; uses and then
deletes indices named smoke-check-*. Exits non-zero on the first failure.
"""

import json
import sys
import urllib.error
import urllib.request

BASE = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:9250").rstrip("/")
INDEX = "smoke-check-v1"
ALIAS = "smoke-check"

# modelsearch's ElasticsearchBaseSearchBackend.settings (modelsearch 1.3), copied as data.
MODELSEARCH_ANALYSIS = {
    "analyzer": {
        "ngram_analyzer": {"type": "custom", "tokenizer": "standard", "filter": ["asciifolding", "lowercase", "ngram"]},
        "edgengram_analyzer": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["asciifolding", "lowercase", "edgengram"],
        },
    },
    "tokenizer": {
        "ngram_tokenizer": {"type": "ngram", "min_gram": 3, "max_gram": 15},
        "edgengram_tokenizer": {"type": "edge_ngram", "min_gram": 2, "max_gram": 15, "side": "front"},
    },
    "filter": {
        "ngram": {"type": "ngram", "min_gram": 3, "max_gram": 15},
        "edgengram": {"type": "edge_ngram", "min_gram": 1, "max_gram": 15},
    },
}


def call(method, path, body=None, ndjson=False):
    data = None
    headers = {}
    if body is not None:
        if ndjson:
            data = ("\n".join(json.dumps(line) for line in body) + "\n").encode()
            headers["Content-Type"] = "application/x-ndjson"
        else:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
    req = urllib.request.Request(BASE + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
            return resp.status, (json.loads(raw) if raw else None)
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw else None)


checks = 0


def check(name, condition, detail=None):
    global checks
    checks += 1
    if not condition:
        print(f"FAILED: {name}: {json.dumps(detail)[:800]}")
        sys.exit(1)
    print(f"ok: {name}")


def tokens(body):
    status, res = call("POST", "/_analyze", body)
    return [t["token"] for t in res["tokens"]] if status == 200 else res


def hits(query, path=f"/{ALIAS}/_search"):
    status, res = call("POST", path, query)
    return sorted(h["_id"] for h in res["hits"]["hits"]) if status == 200 else res


def main():
    status, root = call("GET", "/")
    check("GET / reports Elasticsearch 8", status == 200 and root["version"]["number"].startswith("8."), root)
    print(f"   version {root['version']['number']}, cluster {root['cluster_name']}")
    check("HEAD / (ping)", call("HEAD", "/")[0] == 200)

    t = tokens({"analyzer": "english", "text": "The foxes were running"})
    check("english analyzer stems and drops stopwords", t == ["fox", "were", "run"], t)
    t = tokens({"analyzer": "spanish", "text": "Los niños corrían por las calles"})
    check("spanish analyzer stems and drops stopwords", t == ["niñ", "corrian", "call"], t)

    call("DELETE", "/smoke-check-*")
    mapping = {
        "settings": {
            "number_of_replicas": 0,
            "index": {"max_ngram_diff": 12},
            "analysis": {
                **MODELSEARCH_ANALYSIS,
                "normalizer": {"folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
                "filter": {
                    **MODELSEARCH_ANALYSIS["filter"],
                    "syn": {"type": "synonym_graph", "synonyms": ["lawyer, attorney, abogado"]},
                },
                "analyzer": {
                    **MODELSEARCH_ANALYSIS["analyzer"],
                    "en_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "syn", "porter_stem"],
                    },
                },
            },
        },
        "mappings": {
            "properties": {
                "title": {"type": "text", "analyzer": "edgengram_analyzer", "search_analyzer": "standard"},
                "body_en": {"type": "text", "analyzer": "english", "search_analyzer": "en_search"},
                "body_es": {"type": "text", "analyzer": "spanish"},
                "city": {"type": "keyword", "normalizer": "folded"},
                "location": {"type": "geo_point"},
                "suggest": {"type": "completion"},
                "suggest_ctx": {"type": "completion", "contexts": [{"name": "lang", "type": "category"}]},
            }
        },
    }
    status, res = call("PUT", f"/{INDEX}", mapping)
    check("create index (modelsearch analysis, english/spanish, geo_point, completion)", status == 200, res)
    status, res = call("POST", "/_aliases", {"actions": [{"add": {"index": INDEX, "alias": ALIAS}}]})
    check("add alias", status == 200, res)

    docs = [
        {"index": {"_index": ALIAS, "_id": "1"}},
        {
            "title": "Legal Aid Society",
            "body_en": "Free attorneys helping tenants facing evictions",
            "body_es": "Abogados gratuitos ayudando a inquilinos",
            "city": "Bogotá",
            "location": {"lat": 40.7128, "lon": -74.006},
            "suggest": ["Legal Aid Society", "Legal help"],
            "suggest_ctx": {"input": ["Legal aid"], "contexts": {"lang": ["en"]}},
        },
        {"index": {"_index": ALIAS, "_id": "2"}},
        {
            "title": "Food Bank",
            "body_en": "Food pantry for families",
            "body_es": "Banco de alimentos para familias",
            "city": "BOGOTA",
            "location": "34.05,-118.24",
            "suggest": "Food Bank",
            "suggest_ctx": {"input": ["Banco de alimentos"], "contexts": {"lang": ["es"]}},
        },
    ]
    status, res = call("POST", "/_bulk?refresh=true", docs, ndjson=True)
    check("bulk index through the alias", status == 200 and res["errors"] is False, res)

    check("match english (stemmed)", hits({"query": {"match": {"body_en": "eviction"}}}) == ["1"])
    check("match english via synonym_graph", hits({"query": {"match": {"body_en": "lawyer"}}}) == ["1"])
    check("match spanish (stemmed)", hits({"query": {"match": {"body_es": "abogado"}}}) == ["1"])
    check("edge_ngram autocomplete on title", hits({"query": {"match": {"title": "foo"}}}) == ["2"])
    check("keyword normalizer folds accents and case", hits({"query": {"term": {"city": "bogota"}}}) == ["1", "2"])
    check(
        "geo_distance",
        hits({"query": {"geo_distance": {"distance": "5km", "location": {"lat": 40.71, "lon": -74.0}}}}) == ["1"],
    )
    check(
        "geo_bounding_box",
        hits(
            {
                "query": {
                    "geo_bounding_box": {
                        "location": {"top_left": {"lat": 35, "lon": -119}, "bottom_right": {"lat": 34, "lon": -118}}
                    }
                }
            }
        )
        == ["2"],
    )
    status, res = call(
        "POST",
        f"/{ALIAS}/_search",
        {"sort": [{"_geo_distance": {"location": {"lat": 34.0, "lon": -118.0}, "order": "asc"}}]},
    )
    check("sort by _geo_distance", [h["_id"] for h in res["hits"]["hits"]] == ["2", "1"], res)
    status, res = call(
        "POST", f"/{ALIAS}/_search", {"suggest": {"s": {"prefix": "leg", "completion": {"field": "suggest"}}}}
    )
    options = [o["text"] for o in res["suggest"]["s"][0]["options"]] if status == 200 else res
    check("completion suggester", options == ["Legal Aid Society"] or options == ["Legal help"], options)
    status, res = call(
        "POST",
        f"/{ALIAS}/_search",
        {"suggest": {"s": {"prefix": "ban", "completion": {"field": "suggest_ctx", "contexts": {"lang": ["es"]}}}}},
    )
    options = [o["text"] for o in res["suggest"]["s"][0]["options"]] if status == 200 else res
    check("completion suggester with category context", options == ["Banco de alimentos"], options)

    status, res = call("PUT", "/smoke-check-v2", {"settings": {"number_of_replicas": 0}})
    check("create second index", status == 200, res)
    status, res = call(
        "POST",
        "/_aliases",
        {
            "actions": [
                {"remove": {"index": INDEX, "alias": ALIAS}},
                {"add": {"index": "smoke-check-v2", "alias": ALIAS, "is_write_index": True}},
            ]
        },
    )
    check("atomic alias swap", status == 200, res)
    status, res = call("GET", f"/_alias/{ALIAS}")
    check("alias points at the new index", status == 200 and list(res) == ["smoke-check-v2"], res)

    status, res = call("DELETE", "/smoke-check-*")
    check("delete by wildcard", status == 200, res)
    print(f"smoke check: all {checks} checks ok")


if __name__ == "__main__":
    main()
