"""Domain events: plugins hear about them once the causing transaction commits.

``emit`` writes one outbox message per subscribing plugin, in the transaction
of the change: the event exists exactly when the change does, each subscriber
gets it once (a failing one is retried on its own, without calling the others
again), and a broker that is down only delays it. Model instances travel as
references and are read again when the event is delivered.
"""

import logging

from django.apps import apps
from django.db import models

from core import outbox
from core.plugin_manager import get_plugin_manager

logger = logging.getLogger(__name__)


def _reference(value):
    if isinstance(value, models.Model):
        return {"__model__": value._meta.label_lower, "pk": value.pk}
    return value


def _resolve(value):
    if isinstance(value, dict) and "__model__" in value:
        model = apps.get_model(value["__model__"])
        return model._default_manager.filter(pk=value["pk"]).first()
    return value


def emit(event: str, **kwargs):
    """Deliver ``event`` to every plugin implementing it, after the transaction commits."""
    hook = getattr(get_plugin_manager().hook, event)
    arguments = {name: _reference(value) for name, value in kwargs.items()}
    for impl in reversed(hook.get_hookimpls()):  # plugin-name order
        outbox.enqueue(deliver_event, {"event": event, "plugin": impl.plugin_name,
                                       "arguments": arguments})


@outbox.handler
def deliver_event(payload, message=None):
    """Call one plugin's implementation of one event (a retry calls only this one)."""
    hook = getattr(get_plugin_manager().hook, payload["event"])
    impl = next((i for i in hook.get_hookimpls() if i.plugin_name == payload["plugin"]), None)
    if impl is None:  # the plugin was disabled or removed meanwhile
        logger.info("No plugin %r to hear %s any more", payload["plugin"], payload["event"])
        return
    arguments = {name: _resolve(value) for name, value in payload["arguments"].items()}
    if any(value is None for value in arguments.values()):
        logger.info("%s: its object no longer exists; %r not called", payload["event"],
                    payload["plugin"])
        return
    try:
        impl.function(**arguments)
    except Exception:  # logged here; the outbox retries this plugin alone, later
        logger.exception("Plugin %r failed while handling %s", impl.plugin_name,
                         payload["event"])
        raise
