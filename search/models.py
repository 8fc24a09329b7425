"""The embedded search index (one row per searchable service) and the queue of index updates that
could not reach Elasticsearch yet.

Both backends are filled from the same plain document (search.documents.build_document), so they hold
the same facts. The rows here are also the fallback the site answers from while Elasticsearch is down.
"""

from django.db import models


class IndexedService(models.Model):
    """A published, public service as the embedded backend searches it."""

    service_id = models.CharField(max_length=36, primary_key=True)  # HSDS id
    page_id = models.IntegerField(db_index=True)
    organization_page_id = models.IntegerField(db_index=True)
    status = models.CharField(max_length=20, db_index=True)
    # Accent-free, lower-case words for keyword search.
    search_text = models.TextField(default="")
    title_text = models.TextField(default="")  # normalized title, organization and need words (ranking)
    # The few facts filters and ranking read, so a query decodes small rows and loads whole documents
    # only for the page it returns.
    facts = models.JSONField(default=dict)
    document = models.JSONField()  # the full plain document (search.documents.build_document)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "indexed service"

    def __str__(self):
        return str(self.document.get("title") or self.service_id)


class PendingIndexUpdate(models.Model):
    """A page whose Elasticsearch document could not be written; drained once Elasticsearch answers."""

    page_id = models.IntegerField()
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"page {self.page_id}"
