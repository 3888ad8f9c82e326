from django.urls import path

from core.bookings.signup import bookable_urls

from . import views, workspace
from .models import TrainingSession

app_name = "trainings"

urlpatterns = bookable_urls(TrainingSession, "formations", "sessions",
                            sign_up_view=views.SessionSignUpView) + [
    path("formations/inscription/<str:token>/", views.my_booking, name="my_booking"),
    path("formations/inscription/<str:token>/documents/<int:material_id>/",
         views.my_booking_material, name="my_booking_material"),
    path("formations/inscription/<str:token>/attestations/<str:code>.pdf",
         views.my_booking_certificate, name="my_booking_certificate"),
    path("formations/mes-formations/", views.my_trainings, name="my_trainings"),
    path("formations/mes-formations/attestations/<str:code>.pdf", views.my_certificate,
         name="my_certificate"),
    path("formations/espace-formateur/", workspace.workspace, name="workspace"),
    path("formations/espace-formateur/sessions/<int:session_id>/", workspace.session_detail,
         name="workspace_session"),
    path("formations/espace-formateur/sessions/<int:session_id>/presences/<int:part_id>/",
         workspace.mark_attendance, name="workspace_attendance"),
    path("formations/espace-formateur/sessions/<int:session_id>/inscrits.csv",
         workspace.export_registrants, name="workspace_export"),
    path("formations/espace-formateur/sessions/<int:session_id>/message/",
         workspace.message_participants, name="workspace_message"),
    path("formations/espace-formateur/sessions/<int:session_id>/documents/",
         workspace.add_material, name="workspace_material"),
    path("formations/espace-formateur/sessions/<int:session_id>/documents/<int:material_id>/",
         workspace.download_material, name="workspace_material_download"),
    path("attestations/", views.check_certificate, name="check_certificate"),
    path("attestations/<str:code>", views.verify_certificate, name="verify_certificate"),
]
