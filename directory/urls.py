from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from directory import views
from services import views as service_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    # The admin sign-in page links here ("Forgotten your password?").
    path(
        "admin/password_reset/",
        auth_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    path("", include("directory.public_urls")),
    path("services/", include("services.urls")),
    path("towns/<slug:slug>/", service_views.town, name="town"),
    path("events/", include("events.urls")),
    path("planning/", include("directory.planning_urls")),
    path("api/", include("services.hsds.urls")),
]
