"""Invite a unit's administrator, or re-issue the invitation, and print the one-time link.

    manage.py invite_unit_admin 06040 --email lan@thatkhe.langson.gov.vn --name "Hoàng Thị Lan"
    manage.py invite_unit_admin 06040 --phone 0912345678    # SMS is not sent yet: pass the link on
    manage.py invite_unit_admin 06040                       # same person as the latest invitation

The open invitation of the unit, if any, is replaced: its link stops working.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tenants.invitations import InvitationError, invitation_reissue
from tenants.selectors import unit_get_by_code


class Command(BaseCommand):
    help = "Invite a unit's administrator (or re-issue the invitation) and print the one-time link."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the unit's code (e.g. 06040, 20-TTR)")
        parser.add_argument("--email", default=None)
        parser.add_argument("--phone", default=None)
        parser.add_argument("--name", dest="full_name", default=None, help="the administrator's full name")
        parser.add_argument("--by", default="manage.py", help="who issues it, for the record (default: manage.py)")

    def handle(self, *args, code, email, phone, full_name, by, **options):
        unit = unit_get_by_code(code.strip().upper())
        if unit is None or unit.is_platform:
            raise CommandError(f"No unit with code {code}: onboard it first (manage.py onboard_units {code}).")
        try:
            issued = invitation_reissue(unit=unit, issued_by=by, email=email, phone=phone, full_name=full_name)
        except InvitationError as exc:
            raise CommandError(exc.message) from exc
        invitation = issued.invitation
        expires = timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M")
        invitation.refresh_from_db(fields=["sent_at"])
        if invitation.sent_at is not None:
            sent = f"e-mailed to {invitation.email}"
        elif invitation.email:
            sent = f"NOT e-mailed: sending to {invitation.email} failed (see the log); pass it on"
        else:
            sent = "not e-mailed (no address): pass it on"
        self.stdout.write(f"Invitation for {unit.name} ({unit.code}), valid until {expires}, {sent}.")
        self.stdout.write(f"Link (shown only now): {issued.link}")
