from core.bookings.signup import bookable_urls

from .models import VisitSlot

app_name = "visits"

urlpatterns = bookable_urls(VisitSlot, "visites", "creneaux")
