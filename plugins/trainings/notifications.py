"""The training's own email to confirmed participants: access details and their page."""

from django.urls import reverse

from core.bookings import conf
from core.bookings.services import manage_token
from core.notifications import send_email_on_commit

from . import services


def send_access_details(booking):
    session = services.session_of(booking)
    if session is None:
        return
    page = conf.base_url() + reverse("trainings:my_booking", args=[manage_token(booking)])
    send_email_on_commit("trainings/emails/access", [booking.email], {
        "name": booking.name, "title": session.module.title, "place": session.place,
        "online_link": session.online_link, "page_url": page,
        "dates": services.format_dates(session),
    }, language=booking.language)
