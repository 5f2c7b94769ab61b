from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lms.ops.checks import check_all


@never_cache
@require_safe
def healthz(request):
    """200 when every service answers, 503 otherwise; a load balancer reads only the code.

    Error details (host names, database users) are shown to platform admins only.
    """
    statuses = check_all()
    healthy = all(s.ok for s in statuses)
    show_detail = request.user.is_authenticated and request.user.is_superuser
    body = {"status": "ok" if healthy else "unavailable"}
    for status in statuses:
        entry = status.as_dict()
        if not show_detail:
            entry.pop("detail")
        body[status.name] = entry
    return JsonResponse(body, status=200 if healthy else 503)
