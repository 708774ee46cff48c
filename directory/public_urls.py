from django.urls import path

from directory import views

app_name = "directory"
urlpatterns = [
    path("organizations/", views.OrganizationList.as_view(), name="organizations"),
    path("organizations/<slug:slug>/", views.OrganizationDetail.as_view(), name="organization"),
]
