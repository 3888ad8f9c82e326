from django.urls import include, path

from . import views
from .federation import views as federation_views
from .feeds import LatestPracticesFeed

app_name = "practice_library"

contribution = [
    path("", views.dashboard, name="dashboard"),
    path("nouvelle/", views.create, name="create"),
    path("<int:pk>/relecture/", views.review, name="review"),
    path("<int:pk>/soumettre/", views.submit, name="submit"),
    path("<int:pk>/<slug:step>/", views.step, name="step"),
]

urlpatterns = [
    path("pratiques/", include((
        [path("flux.atom", LatestPracticesFeed(), name="feed"),
         path("ailleurs/<int:pk>/", federation_views.remote_sheet, name="remote_sheet"),
         path("contribuer/", include(contribution))],
        app_name))),
    path("", include("plugins.practice_library.federation.urls")),
]
