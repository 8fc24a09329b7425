"""`/api/hsds/services` pages from the shared cache, cleared on every publish.

Every form (list, minimal, `full=true`) is a function of the published directory alone, so it is kept until
the next change. A page for what someone typed (`search=`, `postcode=`, `proximity=`) is never kept
(directory.http.HSDS_TYPED_PARAMETERS); `search=` also reads the search index, which catches up
with a publish a moment after it.

Keys carry the directory's generation number (directory/changes.py), which any publish, unpublish, move,
deletion or live update of a page bumps after the commit, so every worker stops serving the old pages (within
the half second each process trusts the number it read). An entry also expires after HSDS_FULL_CACHE_SECONDS.
"""

import hashlib

from django.conf import settings

from directory import changes


def cached_response(request, build):
    """The response `build()` makes for this URL, from the cache when the content has not changed since."""
    lifetime = settings.HSDS_FULL_CACHE_SECONDS
    if lifetime <= 0:
        return build()
    generation = changes.generation()
    if generation is None:  # the shared cache does not answer: build afresh (directory/changes.py)
        return build()
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    key = f"hsds:{generation}:{digest}"
    response = changes.cached(settings.PAGES_CACHE, key)  # with the public pages, apart from rate limits
    if response is None:
        response = build()
        if response.status_code == 200:
            changes.keep(settings.PAGES_CACHE, key, response, lifetime)
    return response
