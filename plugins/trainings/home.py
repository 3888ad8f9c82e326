"""The trainings' sections of the home page: the catalogue card, the next sessions and
the number of people trained this year."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def people_trained_this_year(now=None):
    """Distinct people marked present at a training session that started this year."""
    from core.bookings.models import Booking, BookingStatus

    from .models import TrainingSession

    year = timezone.localtime(now).year
    sessions = TrainingSession.objects.filter(offering__starts_at__year=year)
    return (Booking.objects.filter(status=BookingStatus.ATTENDED,
                                   offering__in=sessions.values("offering"))
            .values("email").distinct().count())


def home_sections():
    from core.home import HomeFigure, index_section, upcoming_section

    from .models import TrainingCatalogPage, TrainingSession

    trained = people_trained_this_year()
    index = index_section(TrainingCatalogPage, _("Training on the city budget, project "
                                                 "methodology and consultation tools."),
                          order=30, key="trainings:index")
    return [
        *index,
        *upcoming_section(TrainingSession, order=70, title=_("Next training sessions"),
                          key="trainings:upcoming", url=index[0].url if index else ""),
        HomeFigure(key="trainings:trained", value=trained, order=30,
                   label=ngettext("person trained this year", "people trained this year",
                                  trained)),
    ]
