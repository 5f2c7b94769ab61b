from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.ops.checks import check_all


@never_cache
@require_GET
def healthz(request):
    """200 when every service answers, 503 otherwise; a load balancer reads only the code."""
    statuses = check_all()
    healthy = all(s.ok for s in statuses)
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({s.name: s.as_dict() for s in statuses})
    return JsonResponse(body, status=200 if healthy else 503)
