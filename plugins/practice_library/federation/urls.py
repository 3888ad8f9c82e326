from django.urls import path

from . import views

app_name = "practice_federation"

urlpatterns = [
    path("federation/", views.actor, name="actor"),
    path("federation/outbox", views.outbox, name="outbox"),
    path("federation/context.jsonld", views.context_document, name="context"),
    path("federation/fiches/<uuid:key>", views.sheet, name="sheet"),
]
