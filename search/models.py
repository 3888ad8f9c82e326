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
    # The analysed terms (search.analysis) of each weight tier (search.documents.TIERS):
    # SQLite's FTS5 table and PostgreSQL's tsvector are built from them, so both see
    # the terms Elasticsearch sees.
    title_terms = models.TextField(blank=True)
    summary_terms = models.TextField(blank=True, default="")
    label_terms = models.TextField(blank=True, default="")
    body_terms = models.TextField(blank=True)
    # The folded words, unstemmed and with stop words: phrases and the exact-form boost.
    exact_terms = models.TextField(blank=True, default="")
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    facets = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    checksum = models.CharField(max_length=64, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["doc_type", "object_id"],
                                               name="essaim_search_entry_unique")]
        # Migration 0007 indexes the newest-first sorts by date (PostgreSQL only).

    def __str__(self):
        return f"{self.doc_type}:{self.object_id}"


class SearchFacetValue(models.Model):
    """One facet value of an entry: facets are filtered and counted from here."""

    # Indexed by the first index below (its leading column). No constraint in the
    # database: the engine writes these rows with their entries and deletes them first
    # (an ORM delete of entries cascades as usual); a checked key costs a trigger a row,
    # about fourteen rows an entry, in a reindex.
    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_values",
                              db_index=False, db_constraint=False)
    doc_type = models.CharField(max_length=100)
    name = models.CharField(max_length=100)
    value = models.CharField(max_length=255)

    class Meta:
        # Both cover what the database engine reads (no table lookup): an entry's values
        # (the facet counts join the matching entries to them), and the entries having a
        # value, newest last (the filters, and the candidates of more_like_this).
        indexes = [models.Index(fields=["entry", "name", "value"],
                                name="essaim_search_facet_entry_idx"),
                   models.Index(fields=["doc_type", "name", "value", "entry"],
                                name="essaim_search_facet_value_idx")]

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


class SearchTerm(models.Model):
    """A word of the indexed text, with its analysed term and how many entries use it.

    The vocabulary behind typo tolerance on the database engine and "did you mean …?"
    on both: a query term that matches nothing is looked up here by edit distance
    (``term`` is indexed, candidates are read by their first letter).
    """

    doc_type = models.CharField(max_length=100)
    word = models.CharField(max_length=100)  # folded (lowercase, no accents)
    term = models.CharField(max_length=100)  # the analysed term both engines match
    display = models.CharField(max_length=100)  # as written (lowercase, accents kept)
    documents = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["doc_type", "word"],
                                               name="essaim_search_term_unique")]
        indexes = [models.Index(fields=["doc_type", "term"], name="essaim_search_term_idx")]

    def __str__(self):
        return f"{self.doc_type}:{self.word}"


class SynonymGroup(models.Model):
    """Words and expressions that mean the same to the people who search (the thesaurus)."""

    terms = models.TextField(
        _("terms"), help_text=_("One word or expression per line (or separated by commas). "
                                "A search for any of them finds the others."))
    note = models.CharField(_("note"), max_length=255, blank=True,
                            help_text=_("Why these terms go together (for moderators)."))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("synonym group")
        verbose_name_plural = _("thesaurus")
        ordering = ["terms"]

    def __str__(self):
        return ", ".join(self.term_list())

    def term_list(self) -> list[str]:
        from search.thesaurus import split_terms

        return split_terms(self.terms)

    def clean(self):
        from django.core.exceptions import ValidationError

        from search.thesaurus import group_errors

        errors = group_errors(self.terms)
        if errors:
            raise ValidationError({"terms": errors})


class SearchQueryStat(models.Model):
    """How often a query was searched in a week, and how often it found nothing.

    Aggregates only: the normalised query text and counts, never who searched,
    from where or when exactly.
    """

    week = models.DateField(_("week"), help_text=_("The Monday of the week."))
    query = models.CharField(_("query"), max_length=200)
    searches = models.PositiveIntegerField(_("searches"), default=0)
    zero_results = models.PositiveIntegerField(_("searches without results"), default=0)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        constraints = [models.UniqueConstraint(fields=["week", "query"],
                                               name="essaim_search_query_week_unique")]
        ordering = ["-week", "-searches", "query"]

    def __str__(self):
        return f"{self.week}: {self.query}"
