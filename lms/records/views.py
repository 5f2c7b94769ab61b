from django.shortcuts import render
from django.views.decorators.http import require_GET

from lms.people.permissions import signed_in_required
from lms.records.selectors import my_learning


@require_GET
@signed_in_required
def my_learning_view(request):
    return render(request, "records/my_learning.html", {"learning": my_learning(request.user)})
