"""A second real Essaim instance for the federation tests: `essaim run` in a subprocess,
on a demo of its own (SQLite, embedded default: a copy of the session's `essaim demo`)
in a temporary folder, on loopback.

Stopping it terminates the process; starting it again serves the same data on the same
port, as an instance coming back after an outage does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request

from tests.core.test_readme_commands import ROOT, embedded_env
from tests.faults.services import free_port, wait_until


class Instance:
    def __init__(self, var_dir, name):
        self.var_dir = var_dir
        self.name = name
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def federation_url(self):
        return f"{self.url}/federation/"

    def env(self):
        env = embedded_env(self.var_dir)
        env["ESSAIM_REMOTE_ALLOW_HTTP"] = env["ESSAIM_REMOTE_ALLOW_PRIVATE_ADDRESSES"] = "true"
        env["ESSAIM_BASE_URL"] = self.url
        return env

    def essaim(self, *args, timeout=180):
        result = subprocess.run([sys.executable, "-m", "core.cli", *args], cwd=self.var_dir,
                                env=self.env(), capture_output=True, text=True, check=False,
                                timeout=timeout)
        assert result.returncode == 0, f"essaim {args[0]}:\n{result.stdout}{result.stderr}"
        return result.stdout

    def python(self, code):
        """Run ``code`` in the instance's Django (its database), as `essaim shell -c`."""
        return self.essaim("shell", "-c", code)

    def build(self):
        """Its name, on the demo ``var_dir`` holds (a copy of the session's embedded demo)."""
        self.python(f"""
from wagtail.models import Site
from core.models import BrandingSettings
branding = BrandingSettings.for_site(Site.objects.get(is_default_site=True))
branding.site_name = {self.name!r}
branding.tagline = "Participation citoyenne"
branding.save()
""")

    def answers(self):
        try:
            return urllib.request.urlopen(self.url + "/healthz", timeout=2).status == 200
        except OSError:
            return False

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "core.cli", "run", f"127.0.0.1:{self.port}"],
            cwd=self.var_dir, env=self.env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        wait_until(self.answers, 60, interval=0.2, message=f"{self.name} to serve")

    def stop(self):
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)
            self.process = None


__all__ = ["Instance", "ROOT"]
