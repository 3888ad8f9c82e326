"""`essaim search reindex | check`: rebuild the search indexes, or find and repair drift."""

from django.core.management.base import CommandError

from core.management.base import EssaimCommand
from search import api, indexing
from search.registry import get_documents


class Command(EssaimCommand):
    help = "Rebuild the search indexes (reindex) or compare them with the database (check)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser("reindex", help="Build new indexes and swap the aliases; "
                                                 "resumes an interrupted run.")
        reindex.add_argument("documents", nargs="*", help="Document types (default: all).")
        reindex.add_argument("--batch-size", type=int, default=indexing.BATCH_SIZE)
        reindex.add_argument("--restart", action="store_true",
                             help="Start over instead of resuming an interrupted run.")
        check = sub.add_parser("check", help="Compare the database with each index and "
                                             "repair the differences.")
        check.add_argument("documents", nargs="*", help="Document types (default: all).")
        check.add_argument("--dry-run", action="store_true", help="Report only, repair nothing.")

    def documents(self, names):
        documents = get_documents()
        unknown = sorted(set(names) - set(documents))
        if unknown:
            raise CommandError(f"Unknown search document(s): {', '.join(unknown)}. "
                               f"Known: {', '.join(sorted(documents)) or 'none'}.")
        return [documents[name] for name in (names or sorted(documents))]

    def handle(self, *args, action, documents, **options):
        if api.elasticsearch_configured() and not api.elasticsearch_available(force=True):
            raise CommandError("Elasticsearch is configured (ELASTICSEARCH_URL) but unreachable.")
        for document in self.documents(documents):
            if action == "reindex":
                self.reindex(document, options["batch_size"], options["restart"])
            else:
                self.check_drift(document, repair=not options["dry_run"])

    def progress_bar(self, name):
        width = 30

        def show(done, total):
            filled = width if not total else min(width, width * done // total)
            self.stdout.write(f"\r{name:<24} [{'#' * filled}{'.' * (width - filled)}] "
                              f"{done}/{total}", ending="")
            self.stdout.flush()

        return show

    def reindex(self, document, batch_size, restart):
        result = indexing.reindex(document, batch_size=batch_size, restart=restart,
                                  progress=self.progress_bar(document.name))
        self.stdout.write("")
        where = f" into {result['index']}" if result["index"] else ""
        resumed = " (resumed)" if result["resumed"] else ""
        self.stdout.write(self.style.SUCCESS(
            f"{document.name}: {result['indexed']} indexed{where}{resumed}, "
            f"{result['removed']} removed"))

    # Not ``check``: that name is Django's system-check method on every command.
    def check_drift(self, document, repair):
        report = indexing.check(document, repair=repair)
        for engine, drift in report.items():
            problems = sum(len(v) for v in drift.values())
            line = (f"{document.name} [{engine}]: {len(drift['missing'])} missing, "
                    f"{len(drift['extra'])} extra, {len(drift['stale'])} stale")
            if problems and repair:
                line += " — repaired"
            self.stdout.write(self.style.SUCCESS(line) if not problems else
                              self.style.WARNING(line))
