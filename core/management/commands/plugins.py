from core.management.base import EssaimCommand
from core.plugin_manager import get_plugin_manager


class Command(EssaimCommand):
    help = "List the discovered plugins: name, version, origin and whether they are enabled."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, json=False, **options):
        infos = get_plugin_manager().infos
        if json:
            import json as json_module
            from dataclasses import asdict

            self.stdout.write(json_module.dumps([asdict(info) for info in infos], indent=2))
            return
        rows = [("PLUGIN", "VERSION", "ORIGIN", "DISTRIBUTION", "STATE")]
        for info in infos:
            state = "enabled" if info.enabled else f"disabled ({info.reason})"
            rows.append((info.name, info.version, info.origin, info.distribution, state))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:4])]
            self.stdout.write("  ".join([*cells, row[4]]).rstrip())
