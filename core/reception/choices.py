from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitKind(models.TextChoices):
    REGULAR = "regular", _("Regular reception (officer)")
    PERIODIC = "periodic", _("Periodic reception (leader)")
    AD_HOC = "ad_hoc", _("Ad-hoc reception (leader)")
    ONLINE = "online", _("Online reception")


class VisitOutcome(models.TextChoices):
    GUIDED = "guided", _("Guided to the competent body")
    PETITION = "petition", _("Petition registered")
    REFUSED = "refused", _("Reception refused")
    FORWARDED = "forwarded", _("Forwarded to the competent body")
    ANSWERED = "answered", _("Explained and answered on the spot")


class RefusalReason(models.TextChoices):
    """Reception Law Art. 9 and, from 1/7/2026, NĐ 154/2026 Art. 4(1) (domain.md §5.1). Which grounds exist on a
    visit's date, and which require the refusal notice 01/TCD, is the versioned table ``legal.RefusalGround``."""

    INCAPABLE = "incapable", _("Intoxicated or without capacity, and no representative")
    THREATENING = "threatening", _("Threatening, insulting or breaking the reception rules")
    RESOLVED = "resolved", _("Persistent about a matter already resolved and notified in writing")
    WEAPONS = "weapons", _("Carrying weapons or dangerous items and refusing to hand them in")
    SECURITY_CHECK = "security_check", _("Refusing the security check")
    RECORDING = "recording", _("Recording or livestreaming after being told not to")
    DISORDER = "disorder", _("Inciting or causing disorder at the reception venue")
    NO_PROOF = "no_proof", _("Representative without proof of representation")
    OUT_OF_SCOPE = "out_of_scope", _("Not a complaint, denunciation, recommendation or feedback")
    ANSWERED = "answered", _("Recommendation or feedback already answered in writing, with nothing new")
    JUDGED = "judged", _("Final court judgment not open to review")
    OTHER_AGENCY = "other_agency", _("Already being handled by another competent agency")


class SessionKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    AD_HOC = "ad_hoc", _("Ad-hoc")
    ONLINE = "online", _("Online")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Employment(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")


#: The visit kind of a visit received in a session of each kind.
VISIT_KIND: dict[str, VisitKind] = {
    SessionKind.PERIODIC: VisitKind.PERIODIC,
    SessionKind.AD_HOC: VisitKind.AD_HOC,
    SessionKind.ONLINE: VisitKind.ONLINE,
}
