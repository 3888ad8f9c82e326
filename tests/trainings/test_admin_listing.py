"""Our admin listings say "Oui" and "Non", not "True" and "False"."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_sessions_listing_shows_oui_and_non(client, make_session, django_user_model):
    make_session(agents_only=True)
    make_session(agents_only=False)
    admin = django_user_model.objects.create_superuser("cheffe", "cheffe@example.org", "x")
    client.force_login(admin)
    html = client.get("/admin/snippets/trainings/trainingsession/").content.decode()
    cells = [" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]
    assert "Oui" in cells and "Non" in cells
    assert "True" not in html and "False" not in html
