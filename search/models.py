"""Tables of the database search engine, and the bookkeeping of the Elasticsearch one."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One indexed object: what the database engine searches (and the fallback)."""

    doc_type = models.CharField(_("document type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=100)
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("text"), blank=True)
    # The analysed terms (search.analysis): SQLite's FTS5 table and PostgreSQL's
    # tsvector are built from them, so both see the terms Elasticsearch sees.
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    facets = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    checksum = models.CharField(max_length=64, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["doc_type", "object_id"],
                                               name="essaim_search_entry_unique")]

    def __str__(self):
        return f"{self.doc_type}:{self.object_id}"


class SearchFacetValue(models.Model):
    """One facet value of an entry: facets are filtered and counted from here."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_values")
    doc_type = models.CharField(max_length=100)
    name = models.CharField(max_length=100)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["doc_type", "name", "value"],
                                name="essaim_search_facet_idx")]

    def __str__(self):
        return f"{self.name}={self.value}"


class PendingWrite(models.Model):
    """An object whose Elasticsearch write failed; the reconcile task replays it."""

    doc_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["doc_type", "object_id"],
                                               name="essaim_search_pending_unique")]

    def __str__(self):
        return f"{self.doc_type}:{self.object_id}"


class ReindexRun(models.Model):
    """Progress of `essaim search reindex`, so an interrupted run resumes."""

    doc_type = models.CharField(max_length=100)
    engine = models.CharField(max_length=20)
    index_name = models.CharField(max_length=255, blank=True)
    last_pk = models.CharField(max_length=100, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.engine}:{self.doc_type}:{self.index_name}"
