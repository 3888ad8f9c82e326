"""`essaim run [ADDR:PORT]`: serve the site, with every absolute link pointing to it.

Django's runserver (with static files), plus the one thing a demo needs to be
followed from its emails: the public base URL (core/links.py) becomes the
address being served, unless ESSAIM_BASE_URL says otherwise, and a local
default Wagtail site takes that hostname and port (sitemap, admin links).
"""

import os

from django.conf import settings
from django.contrib.staticfiles.management.commands.runserver import Command as RunServer

ANY_ADDRESS = {"0", "0.0.0.0", "::"}


class Command(RunServer):
    help = "Serve the site (default 127.0.0.1:8000); links in emails point to this address."
    default_addr = "127.0.0.1"
    default_port = "8000"

    def served_base_url(self):
        host = "127.0.0.1" if self.addr in ANY_ADDRESS else self.addr
        if self._raw_ipv6 and host not in ANY_ADDRESS:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    def run(self, **options):
        base = os.environ.get("ESSAIM_BASE_URL") or self.served_base_url()
        # The autoreloader's child process reads the environment; this one, the settings.
        os.environ["ESSAIM_BASE_URL"] = base
        settings.ESSAIM_BASE_URL = settings.WAGTAILADMIN_BASE_URL = base
        super().run(**options)

    def inner_run(self, *args, **options):
        self.align_local_site()
        super().inner_run(*args, **options)

    def align_local_site(self):
        from django.db import DatabaseError

        from core.links import align_default_site

        try:
            align_default_site(settings.ESSAIM_BASE_URL)
        except DatabaseError:  # not migrated yet: `essaim demo` first
            return
