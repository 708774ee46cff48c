from django.urls import path

from directory import views
from services import report_views

app_name = "directory"
urlpatterns = [
    path("organizations/", views.OrganizationList.as_view(), name="organizations"),
    path("organizations/<slug:slug>/", views.OrganizationDetail.as_view(), name="organization"),
    path(
        "organizations/<slug:slug>/report/",
        report_views.report_organization,
        name="organization_report",
    ),
]
