from django.urls import path

from services import views

app_name = "services"
urlpatterns = [
    path("", views.search, name="search"),
    path("<slug:slug>/", views.ServiceDetail.as_view(), name="detail"),
]
