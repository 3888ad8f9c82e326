from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import overall_status


@never_cache
@require_GET
def healthz(request):
    payload, status = overall_status()
    return JsonResponse(payload, status=status)
