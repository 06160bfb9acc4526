"""The member's own data: what we hold, its download, and deleting the account."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from members.forms.personal_data import EraseAccountForm
from members.services.personal_data import (
    ErasureRefused,
    account_can_be_erased,
    account_erase,
    personal_data_archive,
)


@login_required
def your_data(request):
    """What we hold, how to download it, and how to delete the account."""
    return render(
        request,
        "members/your_data.html",
        {"can_erase": account_can_be_erased(request.user)},
    )


@login_required
def your_data_download(request):
    """The zip of everything we hold about the person asking (only ever their own)."""
    if request.method != "POST":
        # A POST, so a link elsewhere cannot start a download of someone's data.
        return redirect("members:your_data")
    filename, content = personal_data_archive(user=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request):
    """Check, re-enter the password, and erase the account."""
    account = request.user
    if not account_can_be_erased(account):
        raise PermissionDenied
    form = EraseAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account_erase(user=account)
        except ErasureRefused as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            return redirect("members:account_deleted")
    return render(request, "members/account_delete.html", {"form": form})


def account_deleted(request):
    return render(request, "members/account_deleted.html")
