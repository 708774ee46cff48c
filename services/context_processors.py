from services.shortlist import Shortlist


def shortlist(request):
    # Called only where the header shows it; without a session it reads nothing.
    return {"shortlist_count": lambda: len(Shortlist.of(request))}
