from ganshi.web.navigation import build_navigation


def navigation(request):
    """The sidebar for the current user (see web/navigation.py)."""
    return {"navigation": build_navigation(getattr(request, "user", None), request.path)}
