from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inscription/", views.sign_up, name="signup"),
    path("inscription/envoyee/", views.sign_up_done, name="signup_done"),
    path("verifier/<str:uidb64>/<str:token>/", views.verify, name="verify"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("supprimer/", views.delete_account, name="delete"),
    path("mot-de-passe/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("mot-de-passe/<str:uidb64>/<str:token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
]
