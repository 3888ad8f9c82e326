"""`essaim federation subscribe URL | list | sync [URL] | unsubscribe URL`."""

from django.core.management.base import CommandError
from django.utils import timezone

from core.management.base import EssaimCommand
from plugins.practice_library.federation import services
from plugins.practice_library.federation.models import Subscription


class Command(EssaimCommand):
    help = "Follow other Essaim sites' practice libraries (docs/federation.md)."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        subscribe = commands.add_parser("subscribe", help="follow the site at URL and sync it")
        subscribe.add_argument("url")
        subscribe.add_argument("--no-sync", action="store_true",
                               help="only record the subscription")
        commands.add_parser("list", help="list the followed sites and their state")
        sync = commands.add_parser("sync", help="fetch what changed (every site, or URL)")
        sync.add_argument("url", nargs="?")
        unsubscribe = commands.add_parser("unsubscribe",
                                          help="stop following URL and remove its sheets")
        unsubscribe.add_argument("url")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def _find(self, url):
        subscription = services.find(url)
        if subscription is None:
            raise CommandError(f"{url} is not followed (see `essaim federation list`).")
        return subscription

    def do_subscribe(self, url, no_sync=False, **options):
        try:
            subscription = services.subscribe(url)
        except services.FederationError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Following {subscription} ({subscription.origin}).")
        if not no_sync:
            self._sync(subscription)

    def do_list(self, **options):
        subscriptions = list(Subscription.objects.order_by("name"))
        if not subscriptions:
            self.stdout.write("No site is followed.")
        for s in subscriptions:
            last = timezone.localtime(s.last_success_at).strftime("%Y-%m-%d %H:%M") \
                if s.last_success_at else "never"
            line = f"{s.address}  {s.display_name}  {s.sheets.count()} sheets  last sync: {last}"
            if s.last_error:
                line += f"  error: {s.last_error}"
            self.stdout.write(line)

    def do_sync(self, url=None, **options):
        targets = [self._find(url)] if url else list(Subscription.objects.order_by("name"))
        failed = 0
        for subscription in targets:
            failed += not self._sync(subscription)
        if failed:
            raise CommandError(f"{failed} synchronisation(s) failed.")

    def _sync(self, subscription):
        report = services.sync(subscription)
        self.stdout.write(f"{subscription.origin}: {report.summary()}")
        return report.ok

    def do_unsubscribe(self, url, **options):
        subscription = self._find(url)
        count = services.unsubscribe(subscription)
        self.stdout.write(f"No longer following {subscription}; {count} sheets removed.")
