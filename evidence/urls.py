from django.urls import path

from . import synthesis_views, views

app_name = "evidence"
urlpatterns = [
    path("evidence/", synthesis_views.overview, name="overview"),
    path("list/", views.basket, name="basket"),
    path("list/add/", views.basket_add, name="basket_add"),
    path("list/remove/", views.basket_remove, name="basket_remove"),
    path("list/clear/", views.basket_clear, name="basket_clear"),
    path("references/export/", views.export, name="export"),
]
