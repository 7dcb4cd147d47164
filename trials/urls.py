from django.urls import path

from . import views

app_name = "trials"
urlpatterns = [
    path("", views.home, name="home"),
    path("trials/", views.trial_list, name="list"),
    path("trials/<slug:slug>/", views.trial_detail, name="detail"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("glossary/", views.glossary, name="glossary"),
]
