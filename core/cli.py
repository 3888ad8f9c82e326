"""The `essaim` command: Django's manage.py plus a few commands of its own.

    essaim demo                 migrate, create demo content and an admin account
    essaim run [ADDR:PORT]      serve the site (default 127.0.0.1:8000)
    essaim plugins              list plugins with version, origin and state
    essaim plugin new NAME      scaffold a plugin package
    essaim <django command>     anything manage.py does (migrate, createsuperuser…)
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.dev")

    from core.plugin_manager import PluginError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except PluginError as exc:
        print(f"essaim: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
