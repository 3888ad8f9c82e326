"""Resident pages of the sign-up engine (under /inscriptions/), whatever the offering."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "bookings"

urlpatterns = [
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("gerer/<str:token>/", views.manage, name="manage"),
    path("gerer/<str:token>/annuler/", views.cancel, name="cancel"),
    path("gerer/<str:token>/accepter/", views.accept_offer, name="accept_offer"),
    path("gerer/<str:token>/avis/", views.feedback, name="feedback"),
    # "My data" covers every part of the site now (core.personal_data_views): links
    # already sent in emails lead there.
    path("mes-donnees/", RedirectView.as_view(pattern_name="personal_data:request",
                                              permanent=True)),
]
