"""What staff see and do of the messages to citizens: a petition's contact (recorded or corrected
with the citizen's consent), and the unit administrator's list of failed messages with a button
to send one again. The petition page shows the contact and the messages through
``{% citizen_notices %}`` (``web/templatetags/citizen_messages.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.notifications.models import CitizenMessage
from core.notifications.selectors import citizen_message_get, citizen_messages_failed
from core.notifications.services import citizen_message_retry, contact_record_by_staff
from core.petitions.models import Petition
from web.accounts.access import member_page
from web.common.http import MemberRequest
from web.common.run import run_service
from web.notifications.forms import ContactForm
from web.petitions.attachments import petition_or_404

VIEW = "petitions.view_petition"
MANAGE = "notifications.manage_citizen_messages"
PAGE_SIZE = 50


def _back(petition: Petition) -> str:
    return reverse("petitions:detail", args=[petition.pk]) + "#citizen-notices"


@never_cache
@require_POST
@member_page(VIEW)
def contact_page(request: MemberRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        done = run_service(
            request, form, contact_record_by_staff, petition=petition, actor=request.user, **form.cleaned_data
        )
        if done.ok:
            if done.result is None:
                messages.success(request, _("No contact is kept: the citizen will not be told of the progress."))
            else:
                messages.success(request, _("Contact recorded: the citizen will be told of each step."))
            return redirect(_back(petition))
        status = done.status
    else:
        status = 400
    return render(request, "notifications/contact.html", {"petition": petition, "form": form}, status=status)


@member_page(VIEW, MANAGE)
def failed_list(request: MemberRequest) -> HttpResponse:
    page = Paginator(citizen_messages_failed(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/failed.html", {"page_obj": page})


@require_POST
@member_page(VIEW, MANAGE)
def retry(request: MemberRequest, pk: int) -> HttpResponse:
    try:
        message = citizen_message_get(pk)
    except CitizenMessage.DoesNotExist as exc:
        raise Http404 from exc
    done = run_service(request, None, citizen_message_retry, message=message, actor=request.user)
    if not done.ok:
        page = Paginator(citizen_messages_failed(), PAGE_SIZE).get_page(1)
        return render(request, "notifications/failed.html", {"page_obj": page}, status=done.status)
    messages.success(request, _("The message is queued to be sent again."))
    return redirect("notifications:failed")
