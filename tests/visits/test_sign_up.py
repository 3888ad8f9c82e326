"""The sign-up form: accessible, honest about data, hard to abuse."""

from django.core import mail
from django.urls import reverse

from core.bookings.models import Booking, BookingStatus


def form_data(**overrides):
    data = {"name": "Léa Dubois", "email": "lea@example.org", "phone": "",
            "party_size": "2", "accessibility_needs": "", "consent": "on", "website": ""}
    data.update(overrides)
    return data


def test_the_form_states_the_privacy_notice_and_retention(client, slot):
    page = client.get(reverse("visits:sign_up", args=[slot.pk])).content.decode()
    assert "Vos données personnelles" in page
    assert "jusqu'à 90 jours après la visite" in page
    assert '<label class="form-field__label" for="id_email">' in page
    assert 'aria-describedby="id_email_helptext"' in page
    assert 'name="minors"' not in page  # no minimum age on this visit


def test_signing_up_sends_a_confirmation_link(client, slot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("visits:sign_up", args=[slot.pk]), form_data())
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.status, booking.party_size, booking.consent) == (BookingStatus.PENDING, 2,
                                                                     True)
    assert booking.consent_text_version
    assert "/inscriptions/confirmer/" in mail.outbox[-1].body


def test_errors_are_summarised_and_linked_to_fields(client, slot):
    response = client.post(reverse("visits:sign_up", args=[slot.pk]),
                           form_data(email="pas-une-adresse", consent=""))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in page
    assert 'href="#id_email"' in page and 'href="#id_consent"' in page
    assert 'aria-invalid="true"' in page
    assert 'aria-describedby="id_email_helptext id_email_error"' in page
    assert not Booking.objects.exists()


def test_minors_and_guardian_when_the_visit_has_a_minimum_age(client, make_visit):
    slot = make_visit(minimum_age=12).slots.get()
    url = reverse("visits:sign_up", args=[slot.pk])
    assert 'name="guardian_name"' in client.get(url).content.decode()
    missing = client.post(url, form_data(minors="1"))
    assert missing.status_code == 400
    client.post(url, form_data(minors="1", guardian_name="Marc Dubois"))
    assert Booking.objects.get().guardian_name == "Marc Dubois"


def test_a_party_above_the_visit_limit_is_refused(client, slot):
    response = client.post(reverse("visits:sign_up", args=[slot.pk]), form_data(party_size="9"))
    assert response.status_code == 400


def test_the_honeypot_silently_drops_robots(client, slot):
    response = client.post(reverse("visits:sign_up", args=[slot.pk]),
                           form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Booking.objects.exists()


def test_signing_up_twice_resends_the_links_without_revealing_anything(
        client, slot, django_capture_on_commit_callbacks):
    url = reverse("visits:sign_up", args=[slot.pk])
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, form_data())
        second = client.post(url, form_data(email="LEA@example.org"))
    assert first.status_code == second.status_code == 302
    assert Booking.objects.count() == 1
    assert len(mail.outbox) == 2


def test_rate_limited_per_email(client, slot, settings):
    settings.ESSAIM_BOOKINGS_RATE_LIMIT_PER_EMAIL = 2
    url = reverse("visits:sign_up", args=[slot.pk])
    codes = [client.post(url, form_data()).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_rate_limited_per_ip(client, slot, settings):
    settings.ESSAIM_BOOKINGS_RATE_LIMIT_PER_IP = 3
    url = reverse("visits:sign_up", args=[slot.pk])
    codes = [client.post(url, form_data(email=f"p{i}@example.org")).status_code
             for i in range(4)]
    assert codes == [302, 302, 302, 429]
    other = client.post(url, form_data(email="x@example.org"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_a_full_date_offers_the_waiting_list(client, make_visit):
    from datetime import timedelta

    slot = make_visit(slots=((timedelta(days=3), 1),)).slots.get()
    from core.bookings import services

    services.confirm(services.book(slot.offering, name="A", email="a@example.org",
                                   consent=True))
    page = client.get(reverse("visits:sign_up", args=[slot.pk])).content.decode()
    assert "liste d'attente" in page


def test_someone_who_cancelled_can_sign_up_again(client, slot):
    from core.bookings import services

    booking = services.confirm(services.book(slot.offering, name="Léa", email="lea@example.org",
                                             consent=True))
    token = services.manage_token(booking)
    client.post(reverse("bookings:cancel", args=[token]))
    page = client.get(reverse("bookings:manage", args=[token])).content.decode()
    again = reverse("visits:sign_up", args=[slot.pk])
    assert f'<a class="button" href="{again}">Vous inscrire de nouveau</a>' in page
    response = client.post(again, form_data())
    assert response.status_code == 302
    assert Booking.objects.filter(email="lea@example.org",
                                  status=BookingStatus.PENDING).count() == 1


def test_no_sign_up_again_once_registration_closed(client, slot):
    from django.utils import timezone

    from core.bookings import services

    booking = services.confirm(services.book(slot.offering, name="Léa", email="lea@example.org",
                                             consent=True))
    services.cancel(booking)
    slot.offering.__class__.objects.filter(pk=slot.offering.pk).update(
        registration_closes_at=timezone.now())
    page = client.get(reverse("bookings:manage", args=[services.manage_token(booking)]))
    assert "Vous inscrire de nouveau" not in page.content.decode()
