"""Keeping the index in step with publishing.

An editor publishes, unpublishes, moves or deletes an organization or service page → a Wagtail signal
enqueues `update_page_index` → the task rebuilds that page's documents from the database and writes them
to the embedded index (always: it is also the fallback) and to Elasticsearch when configured. A write
Elasticsearch refuses is remembered in PendingIndexUpdate and re-applied on the next successful write,
by `search_index --check --fix`, or by `drain_pending()`; nothing is lost while it is down.
"""

import logging
from dataclasses import dataclass, field
from functools import partial

from django.db import transaction
from django_tasks import task

from directory.hooks import bulk_writing_now, pages_imported
from directory.locales import is_translation, source_of
from directory.models import OrganizationPage, ServicePage

from .backends import BackendUnavailable, IndexHealth, configured_backend, database_backend
from .documents import build_document, is_searchable, translations_of
from .models import PendingIndexUpdate

logger = logging.getLogger(__name__)
INDEXED_TYPES = (OrganizationPage, ServicePage)


def enqueue_page_update(page_id: int, removed: bool = False) -> None:
    """(Re)index or remove the documents of one page in the background, once the change is committed.

    On commit: a change that is rolled back never reaches the index, and the task (run at once, or by a
    worker) reads the page as committed. Outside a transaction it is enqueued at once. `removed`: the page
    is being deleted (its row may still exist when the task runs at once). Not inside a bulk write, which
    indexes its pages itself (directory.hooks.bulk_writing)."""
    if bulk_writing_now():
        return
    transaction.on_commit(partial(update_page_index.enqueue, int(page_id), bool(removed)), robust=True)


@task()
def update_page_index(page_id: int, removed: bool = False) -> None:
    apply_page_update(page_id, removed)


@dataclass
class PageUpdate:
    """What one page's change does to the index."""

    docs: list[dict] = field(default_factory=list)  # documents to write
    remove_ids: list[str] = field(default_factory=list)  # documents to delete, by service id
    clear: bool = False  # delete every document of the page (by page id) first: organizations, vanished pages


def documents_for_page(page_id: int, removed: bool = False) -> PageUpdate:
    """What the index needs for the page as it is now. A service is one document, written or deleted by its
    id; an organization's services (or a page whose row is gone) are found in the index by page id.
    A translation has no documents of its own: its source's are rebuilt (with or without its words)."""
    service = ServicePage.objects.filter(pk=page_id).with_listing_data().first()
    if service is not None and is_translation(service):
        source = source_of(service)
        return documents_for_page(source.pk) if source is not None else PageUpdate()
    if service is not None:
        if not removed and is_searchable(service, service.organization):
            return PageUpdate(docs=[build_document(service, service.organization)])
        return PageUpdate(remove_ids=[str(service.hsds_id)])
    page = None if removed else OrganizationPage.objects.filter(pk=page_id).first()
    if page is not None and is_translation(page):
        source = source_of(page)
        return documents_for_page(source.pk) if source is not None else PageUpdate()
    if page is None or not page.live:
        return PageUpdate(clear=True)
    services = list(ServicePage.objects.published().child_of(page).with_listing_data())
    translations = translations_of(services)
    return PageUpdate(docs=[build_document(s, page, translations) for s in services], clear=True)


def _apply(backend, page_id: int, update: PageUpdate) -> None:
    if update.clear:
        backend.remove_pages([page_id])
    backend.upsert(update.docs, update.remove_ids)


def apply_page_update(page_id: int, removed: bool = False) -> None:
    update = documents_for_page(page_id, removed)
    _apply(database_backend(), page_id, update)
    backend = configured_backend()
    if backend.name == "database":
        return
    try:
        drain_pending(backend)
        _apply(backend, page_id, update)
    except BackendUnavailable:
        logger.warning("Search index update deferred: %s unavailable.", backend.name)
        PendingIndexUpdate.objects.create(page_id=page_id, removed=removed)


def drain_pending(backend=None) -> int:
    """Apply the updates Elasticsearch missed, oldest first. Raises BackendUnavailable if it is still down."""
    backend = backend or configured_backend()
    if backend.name == "database":
        PendingIndexUpdate.objects.all().delete()
        return 0
    done = 0
    for pending in list(PendingIndexUpdate.objects.order_by("id")):
        # Re-read the page now: the latest state wins, whatever happened while Elasticsearch was down.
        _apply(backend, pending.page_id, documents_for_page(pending.page_id, pending.removed))
        PendingIndexUpdate.objects.filter(page_id=pending.page_id, id__lte=pending.id).delete()
        done += 1
    return done


# --- Whole-index work ----------------------------------------------------------------------------------


def searchable_services():
    return ServicePage.objects.published().order_by("path")


def iter_documents(chunk: int = 500):
    """Every document that should be indexed, built in chunks with a fixed number of queries each."""
    ids = list(searchable_services().values_list("pk", flat=True))
    for start in range(0, len(ids), chunk):
        services = list(
            ServicePage.objects.filter(pk__in=ids[start : start + chunk]).order_by("path").with_listing_data()
        )
        translations = translations_of(services)
        for service in services:
            yield build_document(service, service.organization, translations)


def count_documents() -> int:
    return searchable_services().count()


def rebuild(progress_factory=None) -> dict[str, int]:
    """Rebuild the embedded index and, when configured, Elasticsearch (new index, then alias swap)."""
    counts = {}
    backends = [database_backend()]
    configured = configured_backend()
    if configured.name != "database":
        backends.append(configured)
    for backend in backends:
        progress = progress_factory(backend.name, count_documents()) if progress_factory else None
        counts[backend.name] = backend.rebuild(iter_documents(), progress.update if progress else None)
        if progress:
            progress.close()
        if backend.name != "database":
            PendingIndexUpdate.objects.all().delete()
    return counts


def check(fix: bool = False) -> list[IndexHealth]:
    expected = {doc["service_id"]: doc for doc in iter_documents()}
    backends = [database_backend()]
    configured = configured_backend()
    if configured.name != "database":
        backends.append(configured)
    report = []
    for backend in backends:
        health = backend.check(expected)
        if backend.name != "database":
            health.pending = PendingIndexUpdate.objects.count()
        if fix and health.reachable:
            if backend.name != "database":
                drain_pending(backend)
            stale = [expected[sid] for sid in health.missing + health.stale]
            if stale:
                backend.write(stale)
            if health.extra:
                backend.remove_documents(health.extra)
            health = backend.check(expected)
            if backend.name != "database":
                health.pending = PendingIndexUpdate.objects.count()
        report.append(health)
    return report


def index_organizations_now(page_ids: list[int]) -> list[dict]:
    """Write the documents of these organizations' services at once, in one bulk write per backend.

    Used after a bulk import, so what was imported is searchable when the command returns, with or without
    a worker. Documents of services that are no longer searchable go, as do those of any service page among
    `page_ids` (one the import moved: written again if searchable under its new organization). Elasticsearch
    down: the pages wait in PendingIndexUpdate, as after a publish, and the embedded index is still written.
    """
    page_ids = [int(pk) for pk in page_ids]
    docs = []
    for organization in OrganizationPage.objects.filter(pk__in=page_ids).live():
        services = list(searchable_services().child_of(organization).with_listing_data())
        translations = translations_of(services)
        docs.extend(build_document(service, organization, translations) for service in services)
    summaries = []
    database = database_backend()
    _apply_bulk(database, page_ids, docs)
    summaries.append({"backend": database.name, "documents": len(docs)})
    backend = configured_backend()
    if backend.name != "database":
        try:
            drain_pending(backend)
            _apply_bulk(backend, page_ids, docs)
            summaries.append({"backend": backend.name, "documents": len(docs)})
        except BackendUnavailable:
            logger.warning("Search index update deferred: %s unavailable.", backend.name)
            PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(page_id=pk) for pk in page_ids])
            summaries.append({"backend": f"{backend.name} unavailable, queued", "documents": 0})
    return summaries


def _apply_bulk(backend, page_ids: list[int], docs: list[dict]) -> None:
    backend.remove_pages(page_ids)
    if docs:
        backend.write(docs)


def _on_pages_imported(sender, page_ids, **kwargs):
    return index_organizations_now(page_ids)


# --- Signals --------------------------------------------------------------------------------------------


def _on_page_published(sender, instance, **kwargs):
    if isinstance(instance, INDEXED_TYPES):
        enqueue_page_update(instance.pk)


def _on_page_unpublished(sender, instance, **kwargs):
    # Unpublished (Wagtail also unpublishes a page just before deleting it): its documents go, and an
    # organization's take its services' with them, whatever the row says at the moment the task runs.
    # A translation going leaves its source's documents, rebuilt without its words.
    if isinstance(instance, INDEXED_TYPES):
        enqueue_page_update(instance.pk, removed=not is_translation(instance))


def _on_page_move(sender, instance, **kwargs):
    specific = instance.specific if not isinstance(instance, INDEXED_TYPES) else instance
    if isinstance(specific, INDEXED_TYPES):
        enqueue_page_update(specific.pk)


def _on_page_delete(sender, instance, **kwargs):
    # Connected for each indexed model: Wagtail deletes base Page rows, and the cascade to the specific
    # table sends pre_delete with the specific class (and its instance) too. A translation being deleted
    # has no documents; its source's drop its words at the next write or `search_index --check --fix`.
    if instance.pk and not is_translation(instance):
        enqueue_page_update(instance.pk, removed=True)


def _on_listing_changed(sender, page_id, **kwargs):
    enqueue_page_update(page_id)


def connect_signals():
    from django.db.models.signals import pre_delete
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from directory.hooks import listing_changed

    page_published.connect(_on_page_published, dispatch_uid="search-page-published")
    page_unpublished.connect(_on_page_unpublished, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_on_page_move, dispatch_uid="search-page-moved")
    for model in INDEXED_TYPES:
        pre_delete.connect(_on_page_delete, sender=model, dispatch_uid=f"search-{model._meta.model_name}-deleted")
    listing_changed.connect(_on_listing_changed, dispatch_uid="search-listing-changed")
    pages_imported.connect(_on_pages_imported, dispatch_uid="search-pages-imported")
