"""Certificates: the person's own page and PDF, their choice whether it can be checked,
and the public check by code (anyone, no sign-in).

The public check answers the same page, with status 404, for a code that does not
exist and for one whose holder has not let people check it: it must not tell anyone
whether a code exists. It is rate-limited per address (allauth's limiter, on the cache
the sign-in limits use), so codes cannot be tried at speed."""

from allauth.core.internal import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from home.models import OrganisationSettings
from home.pdf import pdf_available, pdf_response
from training.forms.certificates import CodeForm, VerifiableForm
from training.selectors.certificates import certificate_of, certificate_to_check, course_skills
from training.services import TrainingError
from training.services.certificates import certificate_verifiable_set

# Per address: enough for a person typing codes from a pile of certificates, far too
# few to guess one of 31**10 codes.
CHECK_RATE = "20/m/ip,200/h/ip"
CHECK_ACTION = "certificate_check"


def certificate_context(request, completion) -> dict:
    """What the certificate says, on its page, its PDF and the staff's copy."""
    return {
        "completion": completion,
        # Never the email address (str(user) falls back to it): the public check shows
        # this to anyone with the code.
        "person_name": completion.person.name or _("Name not given"),
        "course": completion.course,
        # As issued (completions before these were kept: the course as it is now).
        "course_title": completion.course_title or completion.course.title,
        "skills": completion.skill_names
        or [skill.name for skill in course_skills(completion.course)],
        "organisation_name": OrganisationSettings.for_request(request).name,
        "check_url": request.build_absolute_uri(
            reverse("training:certificate_check", args=[completion.certificate_code])
        ),
        "check_start_url": request.build_absolute_uri(reverse("training:certificate_check_start")),
    }


def _own(request, completion_id: int):
    completion = certificate_of(completion_id=completion_id, person=request.user)
    if completion is None:
        raise Http404  # not theirs: nothing says it exists
    return completion


@never_cache
@login_required
def certificate(request, completion_id: int):
    """The person's own certificate, to print or download; and their choice whether
    people with the code may check it."""
    completion = _own(request, completion_id)
    return render(
        request,
        "training/certificate.html",
        {
            **certificate_context(request, completion),
            "form": VerifiableForm(
                initial={"verifiable": "yes" if completion.verifiable else "no"}
            ),
            "pdf_available": pdf_available(),
        },
    )


@never_cache
@login_required
def certificate_pdf(request, completion_id: int):
    completion = _own(request, completion_id)
    if completion.status != completion.Status.COMPLETED:
        raise Http404  # a revoked certificate is not handed out again
    return pdf_response(
        request,
        "training/certificate_pdf.html",
        certificate_context(request, completion),
        f"certificate-{completion.certificate_code}.pdf",
    )


@never_cache
@login_required
@require_POST
def certificate_verifiable(request, completion_id: int):
    completion = _own(request, completion_id)
    form = VerifiableForm(request.POST)
    if form.is_valid():
        try:
            certificate_verifiable_set(
                completion=completion,
                person=request.user,
                verifiable=form.cleaned_data["verifiable"],
            )
        except TrainingError as problem:
            messages.error(request, str(problem))
        else:
            messages.success(
                request,
                _("People with the code can now check your certificate.")
                if form.cleaned_data["verifiable"]
                else _("Nobody can check your certificate with the code now."),
            )
        return redirect("training:certificate", completion_id=completion.pk)
    return render(
        request,
        "training/certificate.html",
        {
            **certificate_context(request, completion),
            "form": form,
            "pdf_available": pdf_available(),
        },
    )


def _limited(request):
    """None, or the 429 page when this address has checked too many codes."""
    usage = ratelimit.consume(
        request,
        app="training",
        action=CHECK_ACTION,
        config={CHECK_ACTION: CHECK_RATE},
        limit_get=True,
    )
    return None if usage else ratelimit.respond_429(request)


@never_cache
def certificate_check_start(request):
    """Type the code from a certificate (a GET form: nothing is changed)."""
    form = CodeForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("training:certificate_check", code=form.cleaned_data["code"])
    return render(request, "training/certificate_check_start.html", {"form": form})


@never_cache
def certificate_check(request, code: str):
    """Anyone may check a certificate whose holder lets them: name, course, date, skills
    and the organisation, or that it was revoked. Otherwise the same refusal, 404."""
    if (limited := _limited(request)) is not None:
        return limited
    completion = certificate_to_check(code)
    if completion is None:
        return render(
            request, "training/certificate_check_unknown.html", {"form": CodeForm()}, status=404
        )
    return render(
        request,
        "training/certificate_check.html",
        certificate_context(request, completion),
    )
