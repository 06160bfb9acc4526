"""Who may open a page, asked one way, and refused one way: the site's 403 page
("You do not have access to this page", status 403), in the staff admin as outside it.

Why that way and not Wagtail's (a redirect to the admin's dashboard with a message,
which is what raising PermissionDenied inside an admin view gives): a refusal is a 403
that says so, whatever the URL, for people and for logs; a redirect answers 302 as a
success does and drops the address that was refused. The permission map
(tests/config/test_permission_map.py) counts both as "denied"; the tests that ask for
one of them (the equality dashboard's) ask for the 403. Outside the admin, Django's
handler403 (home.views.permission_denied) already renders this page for
PermissionDenied, so there the answer is the same either way.

Use the decorator on a view, or `guard` inside one when the check needs an object:

    @requires(permission="reciprocity.view_payment")
    def payments_index(request): ...

    if (refused := guard(request, permission=ERASE_PERMISSION)) is not None:
        return refused
"""

import functools

from django.http import HttpResponse

from home.views import permission_denied


def refuse(request) -> HttpResponse:
    """The one refusal: the site's 403 page, with status 403."""
    return permission_denied(request)


def may(
    user, *, permission: str | None = None, role: str | None = None, superuser: bool = False
) -> bool:
    """Whether `user` holds `permission` (Django's has_perm, which a session without
    the second factor narrows to a member's reach), `role` (the account's roles; an
    account without roles, such as an anonymous visitor, holds none) and, with
    `superuser`, an administrator's powers in this session (acts_as_superuser)."""
    if permission is None and role is None and not superuser:
        raise TypeError("Say which permission, role or superuser power is required")
    if superuser and not getattr(user, "acts_as_superuser", False):
        return False
    if permission is not None and not user.has_perm(permission):
        return False
    if role is not None:
        has_role = getattr(user, "has_role", None)
        if has_role is None or not has_role(role):
            return False
    return True


def guard(
    request, *, permission: str | None = None, role: str | None = None, superuser: bool = False
):
    """None if the person asking may go on; otherwise the refusal to return."""
    if may(request.user, permission=permission, role=role, superuser=superuser):
        return None
    return refuse(request)


def requires(*, permission: str | None = None, role: str | None = None, superuser: bool = False):
    """A view decorator: the view runs only for people who hold `permission`, `role`
    and (with `superuser`) an administrator's powers; everyone else gets `refuse`. Put
    `login_required` outside it where an anonymous visitor should be sent to sign in
    rather than refused."""
    if permission is None and role is None and not superuser:
        raise TypeError("Say which permission, role or superuser power is required")

    def decorator(view):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            refused = guard(request, permission=permission, role=role, superuser=superuser)
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        return guarded

    return decorator
