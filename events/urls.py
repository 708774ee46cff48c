from django.urls import path
from django.views.decorators.http import require_safe

from events import feeds, views

app_name = "events"
urlpatterns = [
    path("", views.EventList.as_view(), name="list"),
    path("feed.ics", views.feed_ics, name="feed_ics"),
    path("feed.xml", require_safe(feeds.LatestEventsFeed()), name="feed_xml"),
    path("<slug:slug>/", views.EventDetail.as_view(), name="detail"),
    path("<slug:slug>/event.ics", views.event_ics, name="event_ics"),
]
