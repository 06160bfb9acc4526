"""Members say what training they would like (/training/wishes/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from home.permissions import requires
from members import roles
from training.forms.wishes import TrainingWishForm
from training.selectors.wishes import wish_of
from training.services import TrainingError
from training.services.wishes import training_wish_save


@login_required
@requires(role=roles.MEMBER)
def training_wishes(request):
    wish = wish_of(request.user)
    initial = {"skills": list(wish.skills.all()), "other": wish.other} if wish else {}
    form = TrainingWishForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            training_wish_save(
                person=request.user,
                skills=form.cleaned_data["skills"],
                other=form.cleaned_data["other"],
            )
        except TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you. We have saved the training you would like."))
            return redirect("members:account")
    return render(request, "training/wishes.html", {"form": form})
