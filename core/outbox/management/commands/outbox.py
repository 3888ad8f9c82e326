"""`essaim outbox status | flush | retry`: what waits to leave, deliver it now, try the
failed messages again (the embedded default has no beat: flush by hand there)."""


from django.db.models import Q

from core.management.base import EssaimCommand
from core.outbox import delivery
from core.outbox.models import OutboxMessage


class Command(EssaimCommand):
    help = "Show, deliver or retry the outgoing messages (emails, events, search writes)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Count waiting and failed messages.")
        sub.add_parser("flush", help="Deliver every message that is due now.")
        sub.add_parser("retry", help="Try the failed messages again, starting now.")

    def handle(self, *args, action, **options):
        if action == "flush":
            delivered = 0
            while batch := delivery.flush():
                delivered += batch
            self.stdout.write(self.style.SUCCESS(f"{delivered} delivered."))
        elif action == "retry":
            count = delivery.retry_now(OutboxMessage.objects.filter(
                Q(failed_at__isnull=False) | Q(delivered_at__isnull=True, attempts__gt=0)))
            self.stdout.write(self.style.SUCCESS(f"{count} to be tried again."))
        state = delivery.backlog()
        self.stdout.write(f"{state['pending']} waiting (oldest {state['oldest_seconds']} s), "
                          f"{state['failed']} failed.")
