"""The base of Essaim's own management commands."""

from django.core.management.base import BaseCommand


class EssaimCommand(BaseCommand):
    """A command of Essaim's CLI (`essaim outbox status`, `essaim search check`…).

    Django's system checks are not run first: they import every URL configuration and
    view, a quarter of a command's start-up (2.0 → 1.5 s), for what an operator types
    often or a cron job runs. They run with `essaim check` (and `check --deploy` when
    deploying), before `essaim migrate` and `essaim demo`, and before `essaim run`
    serves."""

    requires_system_checks = []
