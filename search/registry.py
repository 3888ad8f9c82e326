"""The search documents contributed by the enabled plugins."""

from core.plugin_manager import get_plugin_manager
from search.documents import SearchDocument


class SearchRegistryError(Exception):
    pass


def get_documents() -> dict[str, SearchDocument]:
    documents: dict[str, SearchDocument] = {}
    hook = get_plugin_manager().hook.search_documents
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
