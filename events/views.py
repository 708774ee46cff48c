from django.views.generic import DetailView, ListView

from events.models import Event


class EventList(ListView):
    template_name = "events/event_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Event.objects.published().upcoming().for_listing()


class EventDetail(DetailView):
    template_name = "events/event_detail.html"

    def get_queryset(self):
        return Event.objects.published().select_related("organizer", "municipality")
