from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inscription/", views.sign_up, name="signup"),
    path("inscription/envoyee/", views.sign_up_done, name="signup_done"),
    path("verifier/<str:token>/", views.verify, name="verify"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
]
