from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from directory.paging import ForgivingPagination
from events.feeds import build_calendar, calendar_response
from events.filters import EventFilter
from events.models import Event

UPCOMING, PAST = "upcoming", "past"
RECENT_PAST = 5  # past events shown under the upcoming ones
FEED_LIMIT = 500  # a calendar subscription stays small however many events are announced


class EventList(ForgivingPagination, ListView):
    """Upcoming events (default) or past ones (``?when=past``), filtered by ``EventFilter``.

    Queries: the filter form's choices (regions, audiences, organizers), the count and the page
    with its audiences, and on the first upcoming page the recent past events with theirs;
    each filter in use adds one lookup of its value. None grows with the results.
    """

    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        when = self.request.GET.get("when")
        self.when = PAST if when == PAST else UPCOMING
        self.filterset = EventFilter(
            self.request.GET, queryset=Event.objects.published().for_listing()
        )
        events = self.filterset.qs
        self.now = timezone.now()
        return events.past(self.now) if self.when == PAST else events.upcoming(self.now)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.request.GET.copy()
        for name in ("page", "when"):
            filters.pop(name, None)
        query = filters.urlencode()
        with_when = self.request.GET.copy()
        with_when.pop("page", None)
        show_recent_past = self.when == UPCOMING and context["page_obj"].number == 1
        context.update(
            {
                "filterset": self.filterset,
                "filter_errors": self.filterset.error_messages,
                "when": self.when,
                "filter_query": query,
                "query_without_page": with_when.urlencode(),
                "recent_past": (
                    self.filterset.qs.past(self.now)[:RECENT_PAST] if show_recent_past else []
                ),
                # An invalid filter would make the subscription fail (400), so offer it clean.
                "feed_query": query if self.filterset.is_valid() else "",
            }
        )
        return context


class EventDetail(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        event = self.object
        now = timezone.now()
        return super().get_context_data(
            has_ended=event.has_ended(now),
            registration_open=event.registration_is_open(now),
            online_link=event.online_link_for(self.request.user),
            **kwargs,
        )


@require_safe
def event_ics(request, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user).for_calendar(), slug=slug)
    calendar = build_calendar([event], name=event.title)
    return calendar_response(calendar, filename=f"{event.slug}.ics")


@require_safe
def feed_ics(request):
    """Upcoming published events, filtered by the same query string as the list."""
    filterset = EventFilter(request.GET, queryset=Event.objects.published().for_calendar())
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            "\n".join(filterset.error_messages) + "\n", content_type="text/plain; charset=utf-8"
        )
    events = filterset.qs.upcoming()[:FEED_LIMIT]
    return calendar_response(build_calendar(events, name=_("Events")))
