from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def contact(request):
    """How to reach the involvement team: from the organisation settings."""
    return render(request, "home/contact.html")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without context processors or database access: the fault may be the
    # database itself, so this page must not depend on it.
    return HttpResponseServerError(loader.get_template("500.html").render())
