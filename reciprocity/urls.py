from django.urls import path

from reciprocity import views

app_name = "reciprocity"

urlpatterns = [
    path("statement/", views.statement, name="statement"),
    path("statement/<str:year>/", views.statement, name="statement_year"),
    path("statement/<str:year>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("expenses/", views.expenses, name="expenses"),
    path("expenses/new/", views.expense_claim_new, name="expense_claim_new"),
    path("expenses/<int:claim_id>/", views.expense_claim, name="expense_claim"),
    path("expenses/receipt/<int:item_id>/", views.receipt, name="receipt"),
]
