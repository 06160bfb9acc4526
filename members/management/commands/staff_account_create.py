import getpass
import os
import sys

from django.core.management.base import BaseCommand, CommandError

from members.services.accounts import StaffAccountRefused, staff_account_create

# A secret handed to this one command, not configuration: it is read here rather than in
# config/env.py, and never taken as an argument (other users of the machine can see a
# process's arguments, and shells keep them in their history).
PASSWORD_VARIABLE = "STAFF_ACCOUNT_PASSWORD"  # noqa: S105 (a variable's name)


class Command(BaseCommand):
    help = (
        "Create a staff account without any questions: the first account of a new "
        "installation, or staff added from a script. The password comes from the "
        f"environment variable {PASSWORD_VARIABLE}, or from standard input with "
        "--password-stdin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="The address they sign in with.")
        parser.add_argument("--name", required=True, help="Their full name.")
        parser.add_argument(
            "--admin",
            action="store_true",
            help="An organisation admin (a superuser), who can give others the staff role. "
            "Without it, the account has the Involvement staff role.",
        )
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input.",
        )

    def handle(self, *args, email, name, admin, password_stdin, **options):
        if password_stdin and sys.stdin.isatty():
            password = getpass.getpass("Password: ")  # typed, so not shown on screen
        elif password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise CommandError(
                f"No password given. Set the environment variable {PASSWORD_VARIABLE}, or "
                "give it on standard input with --password-stdin (never as an argument)."
            )
        try:
            user = staff_account_create(email=email, name=name, password=password, admin=admin)
        except StaffAccountRefused as refused:
            raise CommandError(
                "The account was not created:\n" + "\n".join(f"- {m}" for m in refused.messages)
            ) from None
        role = "an organisation admin" if admin else "involvement staff"
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.email} as {role}. They sign in at /accounts/login/ and set up "
                "an authenticator app at their first visit to /admin/."
            )
        )
