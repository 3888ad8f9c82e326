"""Domain events: plugins hear about them once the causing transaction commits."""

import logging

from django.db import transaction

from core.plugin_manager import get_plugin_manager

logger = logging.getLogger(__name__)


def emit(event: str, **kwargs):
    """Call every plugin's ``event`` hook after the current transaction commits.

    Subscribers never see data that may still be rolled back, and a failing
    subscriber is logged without affecting the others or the caller.
    """
    hook = getattr(get_plugin_manager().hook, event)

    def deliver():
        for impl in reversed(hook.get_hookimpls()):
            try:
                impl.function(**kwargs)
            except Exception:
                logger.exception("Plugin %r failed while handling %s", impl.plugin_name, event)

    transaction.on_commit(deliver)
