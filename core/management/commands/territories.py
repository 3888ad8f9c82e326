import time

from django.core.management.base import CommandError

from core import territories
from core.management.base import EssaimCommand


class Command(EssaimCommand):
    help = ("The official list of French territories: `load` creates or updates them from "
            "the extract shipped with Essaim; `update` rebuilds that extract from Etalab's "
            f"npm package {territories.PACKAGE}.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Create or update every territory (idempotent).")
        load.add_argument("--extract", default=str(territories.EXTRACT),
                          help="The extract to load (default: the one shipped with Essaim).")
        update = sub.add_parser(
            "update", help="Rebuild the extract from the npm package (downloaded with npm "
                           "unless --from is given).")
        update.add_argument("--from", dest="from_dir", metavar="DIR",
                            help="An unpacked copy of the package (its directory or its "
                                 "data/ directory).")
        update.add_argument("--extract", default=str(territories.EXTRACT),
                            help="Where to write the extract (default: the shipped one).")
        update.add_argument("--load", action="store_true",
                            help="Then load it into the database.")

    def handle(self, *args, action, extract, **options):
        if action == "update":
            try:
                rows = territories.update_extract(options["from_dir"], extract)
            except territories.TerritoryDataError as exc:
                raise CommandError(str(exc)) from exc
            counts = {}
            for row in rows:
                counts[row["kind"]] = counts.get(row["kind"], 0) + 1
            self.stdout.write(self.style.SUCCESS(
                f"Extract written to {extract}: "
                + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + "."))
            if not options["load"]:
                return
        started = time.monotonic()
        result = territories.load_territories(extract)
        self.stdout.write(self.style.SUCCESS(
            f"Territories loaded in {time.monotonic() - started:.1f} s: {result['created']} "
            f"created, {result['updated']} updated, {result['keys']} lookup keys written."))
