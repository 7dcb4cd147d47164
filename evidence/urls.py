from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [
    path("evidence/", views.overview, name="overview"),
    path("list/", views.basket, name="basket"),
]
