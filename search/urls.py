from django.urls import path

from .views import search_page, suggest_names

app_name = "search"
urlpatterns = [
    path("", search_page, name="search"),
    path("suggest/", suggest_names, name="suggest"),
]
