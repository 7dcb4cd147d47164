from django.urls import path

from evidence.basket import views as basket_views
from evidence.claims import views as claim_views
from evidence.exports import views as export_views
from evidence.synthesis import views as synthesis_views

app_name = "evidence"
urlpatterns = [
    path("evidence/", synthesis_views.overview, name="overview"),
    path("evidence/claims/", claim_views.claim_list, name="claims"),
    path("list/", basket_views.basket, name="basket"),
    path("list/add/", basket_views.basket_add, name="basket_add"),
    path("list/remove/", basket_views.basket_remove, name="basket_remove"),
    path("list/clear/", basket_views.basket_clear, name="basket_clear"),
    path("list/share/", basket_views.basket_share, name="basket_share"),
    path("list/<slug:token>/", basket_views.basket_shared, name="basket_shared"),
    path("references/export/", export_views.export, name="export"),
]
