"""The team's conversation (thread and post form), progress updates, moderation, a
person's own choices for a project and "what is happening now". Every page asks
projects.selectors.access; anyone who may not see the project gets 'not found', and
someone who sees it but may not do the thing gets 'not found' too (the page is not
theirs)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from projects.forms.conversation import YES, ChoicesForm, HideForm, NowForm, PostForm, UpdateForm
from projects.models import Post
from projects.selectors.access import project_for
from projects.selectors.conversation import thread
from projects.services import conversation as services
from projects.views.projects import project_context

POSTS_PER_PAGE = 20


def _thread_url(project) -> str:
    return reverse("projects:conversation", kwargs={"project_id": project.pk})


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request, project_id: int):
    """The thread: the newest 20 posts first (older ones a page further on), each page
    oldest first, with the form to write beneath it."""
    project, access = project_for(request, project_id)
    form = PostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not access.may_post:
            raise Http404
        if form.is_valid():
            services.post_add(project=project, author=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Your message was posted."))
            return redirect(f"{_thread_url(project)}#latest")
    # Page 1 is the newest 20; each page reads oldest first, down to the form.
    page = Paginator(thread(project).reverse(), POSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = project_context(request, project, access, "projects:conversation")
    context.update(
        results=page,
        posts=list(reversed(page.object_list)),
        form=form if form.is_bound else None,
        post_form=form,
    )
    return render(request, "projects/conversation_thread.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def update_new(request, project_id: int):
    """The researcher's (or staff's) progress update: "What happened next"."""
    project, access = project_for(request, project_id)
    if not (access.is_researcher or access.is_staff):
        raise Http404
    form = UpdateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.post_add(
            project=project,
            author=request.user,
            body=form.cleaned_data["body"],
            kind=Post.Kind.UPDATE,
        )
        messages.success(request, _("Your progress update was posted and the team told."))
        return redirect(f"{_thread_url(project)}#latest")
    context = project_context(request, project, access, "projects:update_new")
    context.update(form=form)
    return render(request, "projects/conversation_update_new.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def post_hide(request, project_id: int, post_id: int):
    """Staff hide a post, with the reason the team sees in its place; or show a hidden
    one again."""
    project, access = project_for(request, project_id)
    if not access.may_moderate:
        raise Http404
    post = get_object_or_404(Post.objects.select_related("author"), pk=post_id, project=project)
    showing = request.method == "POST" and "show" in request.POST
    form = HideForm(request.POST if request.method == "POST" else None, needs_reason=not showing)
    if request.method == "POST" and form.is_valid():
        try:
            if showing:
                if post.hidden_at is not None:
                    services.post_show(post=post, by=request.user)
                messages.success(request, _("The message shows again."))
            else:
                services.post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("The message was hidden."))
        except services.ConversationError as error:  # e.g. their own message
            form.add_error(None, str(error))
        else:
            return redirect(f"{_thread_url(project)}#post-{post.pk}")
    context = project_context(request, project, access, "projects:conversation")
    context.update(form=form, post=post)
    return render(request, "projects/conversation_post_hide.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_settings(request, project_id: int):
    """The person's own choices for this project. Only for the team: staff who see
    every project have no choices in one they are not on."""
    project, access = project_for(request, project_id)
    if not access.is_team:
        raise Http404
    row = access.team_row
    initial = {
        "emails": row.emails,
        "named": YES if row.named_in_reports else "no",
        "credit_as": row.credit_as,
    }
    form = ChoicesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.team_member_choices_save(
            row=row,
            emails=form.cleaned_data["emails"],
            named_in_reports=form.cleaned_data["named"] == YES,
            credit_as=form.cleaned_data["credit_as"] or "",
        )
        messages.success(request, _("Your choices were saved."))
        return redirect("projects:my_settings", project_id=project.pk)
    context = project_context(request, project, access, "projects:my_settings")
    context.update(form=form)
    return render(request, "projects/conversation_settings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def now(request, project_id: int):
    """Change "what is happening now" (the researcher, the leads, staff)."""
    project, access = project_for(request, project_id)
    if not access.may_steer:
        raise Http404
    form = NowForm(request.POST if request.method == "POST" else None, initial={"now": project.now})
    if request.method == "POST" and form.is_valid():
        services.project_now_set(project=project, now=form.cleaned_data["now"], by=request.user)
        messages.success(request, _("What is happening now was saved."))
        return redirect("projects:project", project_id=project.pk)
    context = project_context(request, project, access, "projects:now")
    context.update(form=form)
    return render(request, "projects/conversation_now.html", context)
