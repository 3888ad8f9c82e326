from datetime import timedelta

from celery import shared_task
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


@shared_task
def send_weekly_reminders():
    """Email the organiser of each volunteer day of the coming week; return how many."""
    from .models import VolunteerDayPage

    today = timezone.localdate()
    days = VolunteerDayPage.objects.upcoming().filter(
        date__lte=today + timedelta(days=7)).exclude(organiser_email="")
    for day in days:
        send_mail(
            subject=_("Reminder: %(title)s") % {"title": day.title},
            message=_("The volunteer day “%(title)s” takes place on %(date)s. "
                      "Meeting place: %(place)s.") % {
                "title": day.title, "date": date_format(day.date), "place": day.meeting_place},
            from_email=None,
            recipient_list=[day.organiser_email],
        )
    return len(days)
