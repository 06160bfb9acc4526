from django.urls import path

from reciprocity import views

app_name = "reciprocity"

urlpatterns = [
    path("statement/", views.statement, name="statement"),
    path("statement/<str:year>/", views.statement, name="statement_year"),
]
