"""Wagtail signals → reindex the objects that have a search document.

Deletes are heard only for the models that have a document: a post_delete
receiver without a sender would make Django give up fast deletes everywhere.
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger("search")


def _document_models(documents):
    for document in documents:
        for source in (document, *document.sources):
            try:
                model = source.get_model()
            except Exception:  # a queryset that cannot be built yet (migrations…)
                continue
            if model is not None:
                yield document, model


def documents_for(instance) -> list:
    """The search documents whose model ``instance`` is."""
    from search.registry import get_documents

    return [document for document, model in _document_models(get_documents().values())
            if isinstance(instance, model)]


def _sync(instance):
    from search.tasks import enqueue_sync

    specific = getattr(instance, "specific_deferred", instance)
    for document in documents_for(specific):
        enqueue_sync(document.name, document.object_id(specific))


def on_publish_change(sender, instance, **kwargs):
    _sync(instance)


def on_delete(sender, instance, **kwargs):
    from search.tasks import enqueue_sync

    for document in documents_for(instance):
        enqueue_sync(document.name, document.object_id(instance))


def on_move(sender, instance, **kwargs):
    """A moved page changes URL, and so do its descendants."""
    from search.registry import get_documents
    from search.tasks import enqueue_sync

    for document, model in _document_models(get_documents().values()):
        if isinstance(instance.specific_deferred, model):
            enqueue_sync(document.name, instance.pk)
        if hasattr(model.objects, "descendant_of"):
            for pk in model.objects.descendant_of(instance).values_list("pk", flat=True):
                enqueue_sync(document.name, pk)


def connect_deletes(documents):
    """Hear the deletes of each document's model (called when the registry is built)."""
    for _document, model in _document_models(documents):
        post_delete.connect(on_delete, sender=model,
                            dispatch_uid=f"essaim_search_deleted_{model._meta.label_lower}")


def on_thesaurus_change(sender, instance, **kwargs):
    """A synonym group changed: the database engine reads it at once, Elasticsearch
    once the outbox delivers it."""
    from search import thesaurus
    from search.tasks import enqueue_thesaurus

    thesaurus.forget()
    enqueue_thesaurus()


def connect():
    from django.db.models.signals import post_save

    from search.models import SynonymGroup

    post_save.connect(on_thesaurus_change, sender=SynonymGroup,
                      dispatch_uid="essaim_search_thesaurus_saved")
    post_delete.connect(on_thesaurus_change, sender=SynonymGroup,
                        dispatch_uid="essaim_search_thesaurus_deleted")
    page_published.connect(on_publish_change, dispatch_uid="essaim_search_published")
    page_unpublished.connect(on_publish_change, dispatch_uid="essaim_search_unpublished")
    post_page_move.connect(on_move, dispatch_uid="essaim_search_moved")
