"""Resident pages of the sign-up engine (under /inscriptions/), whatever the offering."""

from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("confirmer/<str:token>/", views.confirm, name="confirm"),
    path("gerer/<str:token>/", views.manage, name="manage"),
    path("gerer/<str:token>/annuler/", views.cancel, name="cancel"),
    path("gerer/<str:token>/accepter/", views.accept_offer, name="accept_offer"),
    path("gerer/<str:token>/avis/", views.feedback, name="feedback"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/<str:token>/", views.my_data_manage, name="my_data_manage"),
]
