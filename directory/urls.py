from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from directory import views
from services import views as service_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # CSRF-exempt so that anonymous pages carry no per-visitor token and can be cached
    # (directory/cache.py); a forged request could only switch the visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("directory.public_urls")),
    path("services/", include("services.urls")),
    path("towns/<slug:slug>/", service_views.town, name="town"),
    path("events/", include("events.urls")),
]
