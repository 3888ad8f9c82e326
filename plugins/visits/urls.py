from django.urls import path

from . import views

urlpatterns = [
    path("visites/creneaux/<int:slot_id>/inscription/", views.sign_up, name="visits_sign_up"),
    path("visites/creneaux/<int:slot_id>/calendrier.ics", views.slot_calendar,
         name="visits_slot_calendar"),
    path("visites/calendrier.ics", views.calendar_feed, name="visits_calendar_feed"),
]
