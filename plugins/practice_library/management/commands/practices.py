"""`essaim practices import FILE` / `essaim practices export` (CSV or JSON)."""

import sys
from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm

from core.management.base import EssaimCommand
from plugins.practice_library import transfer


class Command(EssaimCommand):
    help = "Import or export practice sheets (CSV or JSON; see docs/practice-import.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importer = sub.add_parser("import", help="Import sheets; all or nothing, idempotent.")
        importer.add_argument("file")
        importer.add_argument("--format", choices=["csv", "json"],
                              help="Default: from the file extension.")
        importer.add_argument("--draft", action="store_true",
                              help="Save the sheets as drafts instead of publishing them.")
        importer.add_argument("--dry-run", action="store_true",
                              help="Validate and report what would change; write nothing.")
        importer.add_argument("--no-progress", action="store_true")
        exporter = sub.add_parser("export", help="Export the published sheets.")
        exporter.add_argument("--format", choices=["csv", "json"], default="csv")
        exporter.add_argument("--output", "-o", help="File to write (default: standard output).")

    def handle(self, *args, action, **options):
        if action == "import":
            return self.do_import(options)
        return self.do_export(options)

    def do_import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        fmt = options["format"] or ("json" if path.suffix.lower() == ".json" else "csv")
        with path.open("rb") as handle:
            content = handle.read(transfer.MAX_IMPORT_BYTES + 1)

        def progress(rows):
            return tqdm(rows, desc="Import", unit="fiche", file=sys.stderr,
                        disable=options["no_progress"] or None)

        try:
            report = transfer.import_sheets(content, fmt, publish=not options["draft"],
                                            progress=progress, dry_run=options["dry_run"])
        except transfer.ImportFailed as exc:
            for where, message in exc.errors:
                self.stderr.write(transfer.format_error(where, message))
            raise CommandError(f"{path}: {len(exc.errors)} error(s), nothing was imported."
                               ) from None
        summary = (f"{report.created} created, {report.updated} updated, "
                   f"{report.unchanged} unchanged.")
        if report.dry_run:
            summary = f"Dry run, nothing written: would be {summary}"
        self.stdout.write(self.style.SUCCESS(summary))

    def do_export(self, options):
        text = (transfer.export_json() if options["format"] == "json"
                else transfer.export_csv())
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stderr.write(f"Written to {options['output']}.")
        else:
            self.stdout.write(text, ending="")
