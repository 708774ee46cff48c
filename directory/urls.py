from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from directory import views
from directory.sitemaps import SITEMAPS
from services import views as service_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("directory.public_urls")),
    path("services/", include("services.urls")),
    path("towns/<slug:slug>/", service_views.town, name="town"),
    path("events/", include("events.urls")),
]
