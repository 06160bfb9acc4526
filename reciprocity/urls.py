from django.urls import path

from reciprocity import views
from reciprocity.views import expense_check, expense_journey

app_name = "reciprocity"

urlpatterns = [
    path("statement/", views.statement, name="statement"),
    path("statement/<str:year>/", views.statement, name="statement_year"),
    path("statement/<str:year>/pdf/", views.statement_pdf, name="statement_pdf"),
    path("expenses/", views.expenses, name="expenses"),
    # The claim journey: start (limits, activity), one cost at a time, check, send.
    path("expenses/new/", expense_journey.expense_claim_new, name="expense_claim_new"),
    path("expenses/new/cost/", expense_journey.expense_cost, name="expense_cost_new"),
    path("expenses/new/cost/<int:index>/", expense_journey.expense_cost, name="expense_cost"),
    path(
        "expenses/new/cost/<int:index>/details/",
        expense_journey.expense_cost_details,
        name="expense_cost_details",
    ),
    path(
        "expenses/new/cost/<int:index>/remove/",
        expense_journey.expense_cost_remove,
        name="expense_cost_remove",
    ),
    path("expenses/new/check/", expense_check.expense_claim_check, name="expense_claim_check"),
    path("expenses/new/cancel/", expense_check.expense_claim_cancel, name="expense_claim_cancel"),
    path("expenses/<int:claim_id>/", views.expense_claim, name="expense_claim"),
    path(
        "expenses/<int:claim_id>/change/",
        expense_check.expense_claim_change,
        name="expense_claim_change",
    ),
    path(
        "expenses/<int:claim_id>/withdraw/",
        expense_check.expense_claim_withdraw_view,
        name="expense_claim_withdraw",
    ),
    path("expenses/receipt/<int:item_id>/", views.receipt, name="receipt"),
]
