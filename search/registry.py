"""The search documents contributed by the enabled plugins.

Built once per set of registered plugins (a process normally has one; tests
register throwaway plugins, which rebuilds it), and each time it is built the
delete signal is connected to exactly the models that have a document.
"""

from core.plugin_manager import get_plugin_manager
from search.documents import SearchDocument


class SearchRegistryError(Exception):
    pass


_cache: dict = {}


def _plugins_key(manager) -> tuple:
    return tuple((name, id(plugin)) for name, plugin in manager.list_name_plugin())


def forget():
    """Rebuild the registry on next use (after registering or removing a plugin)."""
    _cache.clear()


def get_documents() -> dict[str, SearchDocument]:
    manager = get_plugin_manager()
    key = _plugins_key(manager)
    documents = _cache.get(key)
    if documents is None:
        documents = _collect(manager)
        _cache.clear()
        _cache[key] = documents
        from search.signals import connect_deletes

        connect_deletes(documents.values())
    return documents


def _collect(manager) -> dict[str, SearchDocument]:
    documents: dict[str, SearchDocument] = {}
    hook = manager.hook.search_documents
    for impl in reversed(hook.get_hookimpls()):
        for document in impl.function() or []:
            if not isinstance(document, SearchDocument):
                raise SearchRegistryError(
                    f"Plugin {impl.plugin_name!r} returned {document!r} from search_documents; "
                    "expected search.documents.SearchDocument instances."
                )
            if document.name in documents:
                raise SearchRegistryError(
                    f"Plugin {impl.plugin_name!r} redefines search document {document.name!r}."
                )
            documents[document.name] = document
    return documents
