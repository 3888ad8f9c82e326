"""Our admin listings say "Oui" and "Non", not "True" and "False"; the trainer's workspace
counts seats with the right plural."""

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


@pytest.mark.parametrize(("people", "expected"), [(1, "1 place prise sur 10."),
                                                   (2, "2 places prises sur 10.")])
def test_the_workspace_counts_seats_taken_with_the_right_plural(
        client, make_session, trainer, confirmed_booking, people, expected):
    from django.urls import reverse

    session = make_session(capacity=10)
    for n in range(people):
        confirmed_booking(session, name=f"Personne {n}", email=f"p{n}@example.org")
    client.force_login(trainer)
    content = client.get(reverse("trainings:workspace_session", args=[session.pk])).content
    assert expected in content.decode()
