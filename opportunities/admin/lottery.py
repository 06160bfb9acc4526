"""Staff screens for a fair lottery, beside the shortlist: choose features and quotas,
see the draw (everyone's chance, who was drawn, the waiting order), apply it, and audit
it later (services/lottery.py). Equality features only for staff with the equality
permission, and never shown against a person."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from home.permissions import may, requires
from members.selectors.equality import VIEW_PERMISSION
from opportunities.forms.lottery import (
    LotteryApplyForm,
    LotteryFeaturesForm,
    LotteryQuotasForm,
    quota_field_name,
)
from opportunities.lottery_core import pool_counts
from opportunities.models import Lottery, LotteryEntry, OpportunityPage
from opportunities.services.lottery import (
    LotteryError,
    category_label,
    chance_in_words,
    equality_counts_shown,
    equality_minimum_population,
    equality_too_few_message,
    lottery_apply,
    lottery_candidates,
    lottery_features_offered,
    lottery_pool,
    lottery_removed,
    lottery_rerun,
    lottery_run,
    places_free,
    quotas_suggested,
)

SELECT_PERMISSION = "opportunities.select_applicants"
EQUALITY_PERMISSION = VIEW_PERMISSION


def _may_see_equality(request) -> bool:
    return may(request.user, permission=EQUALITY_PERMISSION)


@requires(permission=SELECT_PERMISSION)
def lottery_new(request, opportunity_id: int):
    """Step 1 (no features in the query): which features. Step 2: the quotas for them,
    proportional to who applied; sending them draws, and shows the draw."""
    opportunity = get_object_or_404(OpportunityPage, pk=opportunity_id)
    offered = lottery_features_offered(may_see_equality=_may_see_equality(request))
    chosen_form = LotteryFeaturesForm(
        request.GET if "features" in request.GET or "chosen" in request.GET else None,
        offered=offered,
    )
    context = {
        "opportunity": opportunity,
        "places": places_free(opportunity),
        "features_form": chosen_form,
    }
    if not chosen_form.is_bound or not chosen_form.is_valid():
        return TemplateResponse(request, "opportunities/admin/lottery_features.html", context)
    features = chosen_form.cleaned_data["features"]
    labels_by_key = {f.key: f.label for f in offered}
    equality = {f.key for f in offered if f.equality and f.key in features}
    # Nobody acts on their own record: staff who applied neither set quotas on the
    # applicants' features nor read them (the service refuses the draw too).
    if lottery_candidates(opportunity).filter(member_id=request.user.pk).exists():
        chosen_form.add_error(
            None, _("You applied for this opportunity: ask a colleague to run the lottery.")
        )
        return TemplateResponse(request, "opportunities/admin/lottery_features.html", context)
    # The shortlist panel's rule: no equality figures for a population below the
    # minimum, checked before anyone's answers are read.
    if equality and lottery_candidates(opportunity).count() < equality_minimum_population():
        chosen_form.add_error("features", equality_too_few_message())
        return TemplateResponse(request, "opportunities/admin/lottery_features.html", context)
    pool, _applications, labels = lottery_pool(opportunity, features=features, by=request.user)
    counts = pool_counts(pool, features)
    defaults = quotas_suggested(pool, features, context["places"])
    categories = {}
    for feature in features:
        shown = {category: str(count) for category, count in counts[feature].items()}
        if feature in equality:
            # Small counts as "fewer than N", and default quotas that do not give them
            # away (the proportional default caps the maximum at the count, so a hidden
            # count's category gets 0 to the places instead).
            shown = equality_counts_shown(
                [counts[feature]], list(counts[feature]), population=len(pool)
            )[0]
            for category, count in counts[feature].items():
                if shown[category] != str(count):
                    defaults[feature][category] = (0, context["places"])
        categories[feature] = [
            (category, labels[feature].get(category, category), shown[category])
            for category in counts[feature]
        ]
    form_kwargs = {
        "features": [(f, labels_by_key[f]) for f in features],
        "categories": categories,
        "defaults": defaults,
    }
    form = LotteryQuotasForm(request.POST if request.method == "POST" else None, **form_kwargs)
    suggestion = None
    if request.method == "POST" and form.is_valid():
        try:
            lottery = lottery_run(opportunity=opportunity, quotas=form.quotas(), by=request.user)
        except LotteryError as error:
            form.add_error(None, str(error))
            for problem in error.problems:
                form.add_error(None, problem)
            if error.suggestion:
                suggestion = _suggestion_rows(error.suggestion, categories, labels_by_key)
        else:
            messages.success(
                request, _("The draw is done. Nothing has changed yet: check it, then apply it.")
            )
            return redirect("opportunities_lottery", lottery_id=lottery.pk)
    return TemplateResponse(
        request,
        "opportunities/admin/lottery_quotas.html",
        {
            **context,
            "form": form,
            "features": features,
            "pool_size": len(pool),
            "suggestion": suggestion,
            "query": urlencode({"features": features}, doseq=True),
        },
    )


def _suggestion_rows(suggestion, categories, labels_by_key):
    """The nearest quotas that can be met, as hidden fields (one click) and as words."""
    rows = []
    for feature, found in suggestion.items():
        names = {c: label for c, label, _count in categories.get(feature, [])}
        for category, (low, high) in found.items():
            rows.append(
                {
                    "feature": labels_by_key.get(feature, feature),
                    "category": names.get(category, category),
                    "min": low,
                    "max": high,
                    "min_name": quota_field_name(feature, category, "min"),
                    "max_name": quota_field_name(feature, category, "max"),
                }
            )
    return rows


def _lottery_for(lottery_id: int) -> Lottery:
    return get_object_or_404(
        Lottery.objects.select_related("opportunity", "run_by", "applied_by"), pk=lottery_id
    )


def _lottery_context(request, lottery: Lottery) -> dict:
    """What the draw and audit pages show. Quotas on equality features only for staff
    who may see equality figures; nobody's own categories are shown."""
    may_see_equality = _may_see_equality(request)
    quotas = []
    hidden = 0
    for feature, found in lottery.quotas.items():
        if found.get("equality") and not may_see_equality:
            hidden += 1
            continue
        rows = [{"key": key, **category} for key, category in found["categories"].items()]
        if found.get("equality"):
            # The shortlist panel's rules for equality figures (services/lottery.py).
            applied, drawn = equality_counts_shown(
                [
                    {row["key"]: row["pool"] for row in rows},
                    {row["key"]: row["drawn"] for row in rows},
                ],
                [row["key"] for row in rows],
                population=lottery.summary.get("pool", 0),
            )
            for row in rows:
                row["pool"], row["drawn"] = applied[row["key"]], drawn[row["key"]]
        quotas.append({"key": feature, "label": found["label"], "categories": rows})
    entries = list(
        lottery.entries.select_related("member", "application").order_by("position", "pk")
    )
    # A draw with quotas on equality answers gives people in a small category another
    # chance than everyone else: a chance beside a name would say something about that
    # person's answers, so only staff who may see equality figures see them.
    equality_draw = any(found.get("equality") for found in lottery.quotas.values())
    show_chances = may_see_equality or not equality_draw
    for entry in entries:
        entry.chance = chance_in_words(entry.probability) if show_chances else ""
        entry.percent = round(entry.probability * 100, 1) if show_chances else None
    return {
        "lottery": lottery,
        "opportunity": lottery.opportunity,
        "quotas": quotas,
        "hidden_features": hidden,
        "show_chances": show_chances,
        "selected": [e for e in entries if e.outcome == LotteryEntry.Outcome.SELECTED],
        "others": [e for e in entries if e.outcome != LotteryEntry.Outcome.SELECTED],
        "erased": lottery_removed(lottery, entries),
        "category_label": category_label,
    }


@requires(permission=SELECT_PERMISSION)
@require_safe
def lottery_view(request, lottery_id: int):
    """The draw: quotas, seed, everyone's chance, who was drawn, the waiting order."""
    lottery = _lottery_for(lottery_id)
    return TemplateResponse(
        request, "opportunities/admin/lottery.html", _lottery_context(request, lottery)
    )


@requires(permission=SELECT_PERMISSION)
def lottery_apply_view(request, lottery_id: int):
    """Check your answers, then apply: selected, waiting list, and (if chosen) the rest
    not selected, each told their chance."""
    lottery = _lottery_for(lottery_id)
    context = _lottery_context(request, lottery)
    form = LotteryApplyForm(
        request.POST if request.method == "POST" else None,
        initial={"waiting": len(context["others"])},
    )
    if lottery.status != Lottery.Status.DRAWN:
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            lottery_apply(
                lottery=lottery,
                by=request.user,
                waiting=form.cleaned_data["waiting"],
                turn_down_rest=form.cleaned_data["turn_down_rest"],
            )
        except LotteryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The draw is applied and everyone in it has been told.")
                if form.cleaned_data["turn_down_rest"]
                else _(
                    "The draw is applied. Those selected or put on the waiting list have been "
                    "told; decide about the others on the shortlist."
                ),
            )
            return redirect("opportunities_shortlist", opportunity_id=lottery.opportunity_id)
    return TemplateResponse(
        request, "opportunities/admin/lottery_apply.html", {**context, "form": form}
    )


@requires(permission=SELECT_PERMISSION)
def lottery_audit(request, lottery_id: int):
    """The record, and (sent with the button) a re-run from it with the same seed."""
    lottery = _lottery_for(lottery_id)
    rerun = lottery_rerun(lottery=lottery) if request.method == "POST" else None
    return TemplateResponse(
        request,
        "opportunities/admin/lottery_audit.html",
        {**_lottery_context(request, lottery), "rerun": rerun},
    )
