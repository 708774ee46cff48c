from django.conf import settings


def site(request):
    return {"SITE_URL": settings.SITE_URL, "shortlist_count": lambda: _shortlist_count(request)}


def _shortlist_count(request) -> int:
    # Called only where the header shows it; without a session it reads nothing.
    from services.shortlist import Shortlist

    return len(Shortlist.of(request))
