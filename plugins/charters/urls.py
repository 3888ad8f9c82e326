from django.urls import path

from .views import compare

app_name = "charters"

urlpatterns = [path("chartes/comparer/", compare, name="compare")]
