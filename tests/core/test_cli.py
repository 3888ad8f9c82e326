"""The `essaim` command."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Page, Site

from core.models import BrandingSettings, HomePage, StandardPage, Territory


def essaim(*args, tmp_path, env=None):
    return subprocess.run(
        [sys.executable, "-c", "from core.cli import main; raise SystemExit(main())", *args],
        env={**os.environ, "ESSAIM_VAR_DIR": str(tmp_path), **(env or {})},
        capture_output=True, text=True, check=False, timeout=120,
    )


def test_plugins_lists_name_version_origin_and_state(tmp_path):
    result = essaim("plugins", tmp_path=tmp_path, env={"ESSAIM_DISABLED_PLUGINS": "visits"})
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert "0.1.0" in lines["charters"] and "built-in" in lines["charters"]
    assert lines["charters"].rstrip().endswith("enabled")
    assert "disabled (listed in ESSAIM_DISABLED_PLUGINS)" in lines["visits"]


def test_cli_wraps_manage_py(tmp_path):
    result = essaim("check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
class TestDemo:
    def run_demo(self):
        out = StringIO()
        call_command("demo", stdout=out)
        return out.getvalue()

    def test_demo_builds_the_site_once_with_a_random_password_shown_once(self):
        """One run builds the site; a second (the README says it is safe) changes nothing
        and keeps the admin's password, which only the first run showed."""
        first = self.run_demo()
        home = HomePage.objects.get()
        assert Site.objects.get(is_default_site=True).root_page.specific == home
        slugs = set(Page.objects.child_of(home).values_list("slug", flat=True))
        assert {"pratiques", "chartes", "formations", "visites", "accessibilite",
                "mentions-legales", "donnees-personnelles"} <= slugs
        branding = BrandingSettings.for_site(Site.objects.get())
        assert branding.privacy_page.slug == "donnees-personnelles"
        assert Territory.objects.filter(kind="departement").exists()
        password = first.split("password '")[1].split("'")[0]
        assert len(password) >= 12
        user = get_user_model().objects.get(username="admin")
        assert user.is_superuser and user.check_password(password)
        counts = (Page.objects.count(), Territory.objects.count(),
                  StandardPage.objects.count(), get_user_model().objects.count())

        second = self.run_demo()
        assert password not in second and "already exists" in second
        user.refresh_from_db()
        assert user.check_password(password)
        assert counts == (Page.objects.count(), Territory.objects.count(),
                          StandardPage.objects.count(), get_user_model().objects.count())
