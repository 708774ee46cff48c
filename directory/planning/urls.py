from django.urls import path

from directory.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.region, name="region"),
    path("<slug:slug>/types.csv", views.export_csv, {"table": "types"}, name="types_csv"),
    path("<slug:slug>/weekdays.csv", views.export_csv, {"table": "weekdays"}, name="weekdays_csv"),
    path("<slug:slug>/reach.csv", views.export_csv, {"table": "reach"}, name="reach_csv"),
    path("<slug:slug>/capacity.csv", views.export_csv, {"table": "capacity"}, name="capacity_csv"),
    path("<slug:slug>/coverage.xlsx", views.export_xlsx, name="xlsx"),
    path("<slug:slug>/vain.csv", views.export_csv, {"table": "vain"}, name="vain_csv"),
]
