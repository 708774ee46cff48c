from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from directory import views
from directory.forms import ThrottledPasswordResetForm
from directory.ratelimit import ratelimit
from directory.sitemaps import SITEMAPS
from services import views as service_views

# A form over Django's size limits gets a page saying so, not a bare "Bad Request (400)".
handler400 = views.bad_request
# Database outages outside views (in middleware) get the 503 page too, not a 500.
handler500 = views.server_error

# One budget of sign-in attempts per client for the site and the admin together, against
# password spraying (django-axes locks one username per client; this stops many usernames).
sign_in_limit = ratelimit(
    settings.SIGN_IN_RATE,
    scope="sign-in",
    methods=("POST",),
    template="registration/sign_in_throttled.html",
)
password_reset = auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm)

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # CSRF-exempt so that anonymous pages carry no per-visitor token and can be cached
    # (directory/cache.py); a forged request could only switch the visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Ahead of django.contrib.auth.urls and the admin's URLs, which they override.
    path("accounts/login/", sign_in_limit(auth_views.LoginView.as_view()), name="login"),
    path("accounts/password_reset/", password_reset, name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/login/", sign_in_limit(admin.site.login)),
    # The admin sign-in page links here ("Forgotten your password?").
    path("admin/password_reset/", password_reset, name="admin_password_reset"),
    path("admin/", admin.site.urls),
    path("", include("directory.public_urls")),
    path("services/", include("services.urls")),
    path("towns/<slug:slug>/", service_views.town, name="town"),
    path("events/", include("events.urls")),
    path("planning/", include("directory.planning.urls")),
    path("api/", include("services.hsds.urls")),
]
