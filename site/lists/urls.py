from django.urls import path

from . import views

app_name = "lists"
urlpatterns = [
    path("", views.my_list, name="mine"),
    path("items/", views.list_items, name="items"),
    path("share/", views.share_list, name="share"),
    path("s/<str:token>/", views.shared_list, name="shared_list"),
    path("s/<str:token>/text/", views.text_list, name="text"),
]
