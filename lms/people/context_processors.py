from lms.people.permissions import viewer_for


def viewer(request):
    """`viewer` for templates: the same object the views' permission checks use."""
    return {"viewer": viewer_for(request)}
