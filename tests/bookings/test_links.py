"""Email links: signed, expiring, purpose-bound; replaying them changes nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse

from core.bookings import services
from core.bookings.models import BookingStatus
from core.tokens import make_token


def confirm_url(booking):
    return reverse("bookings:confirm", args=[services.confirm_token(booking)])


def manage_url(booking):
    return reverse("bookings:manage", args=[services.manage_token(booking)])


def test_opening_the_confirmation_link_only_shows_a_button(client, offering, book):
    booking = book(offering, confirm=False)
    response = client.get(confirm_url(booking))
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING  # mail scanners change nothing


def test_confirming_through_the_link_then_replaying_it(client, offering, book):
    booking = book(offering, confirm=False)
    url = confirm_url(booking)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    replay = client.post(url, follow=True)
    assert "déjà confirmée" in replay.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_tampered_link_is_refused(client, offering, book):
    booking = book(offering, confirm=False)
    token = services.confirm_token(booking)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    response = client.post(reverse("bookings:confirm", args=[tampered]))
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING


def test_a_token_made_for_another_purpose_is_refused(client, offering, book):
    booking = book(offering, confirm=False)
    response = client.post(reverse("bookings:confirm", args=[services.manage_token(booking)]))
    assert response.status_code == 400


def test_a_forged_value_pointing_to_someone_else_is_refused(client, offering, book):
    booking = book(offering)
    token = make_token(services.MANAGE_PURPOSE, [booking.pk, "intruder@example.org"])
    assert client.get(reverse("bookings:manage", args=[token])).status_code == 400


def test_an_expired_link_is_refused(client, offering, book, settings):
    booking = book(offering, confirm=False)
    url = confirm_url(booking)
    settings.ESSAIM_BOOKINGS_CONFIRM_LINK_HOURS = 0
    response = client.post(url)
    assert response.status_code == 410
    assert "expiré" in response.content.decode()


def test_cancelling_through_the_manage_link_is_idempotent(client, offering, book):
    booking = book(offering)
    url = manage_url(booking)
    cancel = reverse("bookings:cancel", args=[url.rstrip("/").split("/")[-1]])
    client.post(cancel)
    second = client.post(cancel, follow=True)
    assert "déjà annulée" in second.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_accepting_an_offer_through_the_manage_link(client, make_offering, book):
    offering = make_offering(capacity=1)
    holder, waiting = book(offering), book(offering)
    services.cancel(holder)
    token = services.manage_token(waiting)
    page = client.get(reverse("bookings:manage", args=[token])).content.decode()
    assert "Accepter les places" in page
    client.post(reverse("bookings:accept_offer", args=[token]))
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.CONFIRMED


def test_links_of_erased_bookings_stop_working(client, offering, book):
    booking = book(offering)
    url = manage_url(booking)
    services.erase_personal_data(booking.email)
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("hours", [1, 5])
def test_feedback_form_after_the_visit(client, make_offering, book, hours):
    offering = make_offering(starts_in=timedelta(hours=2))
    booking = book(offering)
    offering.starts_at -= timedelta(hours=4 + hours)
    offering.ends_at -= timedelta(hours=4 + hours)
    offering.save()
    token = services.manage_token(booking)
    assert "Votre avis" in client.get(reverse("bookings:manage", args=[token])).content.decode()
    bad = client.post(reverse("bookings:feedback", args=[token]), {"rating": "9"})
    assert bad.status_code == 400 and 'id="error-summary"' in bad.content.decode()
    client.post(reverse("bookings:feedback", args=[token]), {"rating": "4", "comment": "Bien"})
    booking.refresh_from_db()
    assert (booking.feedback_rating, booking.feedback_comment) == (4, "Bien")


def test_cancelling_asks_first_and_the_question_changes_nothing(client, offering, book):
    booking = book(offering)
    token = services.manage_token(booking)
    manage = client.get(reverse("bookings:manage", args=[token])).content.decode()
    cancel = reverse("bookings:cancel", args=[token])
    assert f'<a class="button button--secondary" href="{cancel}">Annuler mon inscription</a>' \
        in manage
    question = client.get(cancel).content.decode()
    assert "<h1>Annuler votre inscription ?</h1>" in question
    assert "Oui, annuler mon inscription</button>" in question
    assert f'href="{reverse("bookings:manage", args=[token])}">Garder mon inscription</a>' \
        in question
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED  # a mail scanner's GET cancels nothing
    client.post(cancel)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    # Once cancelled, the question is not asked again: back to the booking's page.
    assert client.get(cancel)["Location"] == reverse("bookings:manage", args=[token])


def test_the_waiting_list_is_named_before_it_is_joined(client, make_offering, book,
                                                      django_capture_on_commit_callbacks):
    from django.core import mail

    offering = make_offering(capacity=2)
    book(offering, party_size=2)
    with django_capture_on_commit_callbacks(execute=True):
        late = book(offering, confirm=False)
    request = mail.outbox[-1]
    assert request.subject == "Rejoindre la liste d'attente : Visite de la salle du conseil"
    assert "désormais complète" in request.body
    assert "Pour rejoindre la liste d'attente, ouvrez ce lien" in request.body
    page = client.get(confirm_url(late)).content.decode()
    assert "<h1>Rejoindre la liste d'attente</h1>" in page
    assert """<button type="submit" class="button">Rejoindre la liste d'attente</button>""" \
        in page


def test_a_date_with_seats_asks_for_a_plain_confirmation(client, offering, book,
                                                        django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        booking = book(offering, confirm=False)
    assert mail.outbox[-1].subject == "Confirmez votre inscription : Visite de la salle du conseil"
    assert "liste d'attente" not in mail.outbox[-1].body
    page = client.get(confirm_url(booking)).content.decode()
    assert "<h1>Confirmez votre inscription</h1>" in page
