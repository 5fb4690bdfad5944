"""The critiques register: who raised what, and how the governor answered."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from counties.fields import challenge_link, county_field
from governance.fields import Timestamped, optional_link, user_link
from governance.versioning import Versioned
from participation.choices import CritiqueChannel, CritiqueSource, CritiqueStatus
from participation.queries import CountyScopedQuerySet

# Personal data of a citizen critic: shown only where access.can_view_contacts allows.
CRITIQUE_CONTACT_FIELDS = ("citizen_name", "citizen_contact")
# What a citizen wrote on the public feedback form is private in the same way (body_is_private).
CRITIQUE_PRIVATE_TEXT_FIELDS = ("body",)


class Critique(Versioned, Timestamped):
    """A critique raised by a stakeholder or a citizen, with the response and its status."""

    county = county_field("critiques")
    source = models.CharField(_("raised by"), max_length=16, choices=CritiqueSource.choices)
    stakeholder = optional_link("participation.Stakeholder", _("stakeholder"), "critiques")
    citizen_name = models.CharField(_("citizen's name (optional)"), max_length=200, blank=True)
    citizen_contact = models.CharField(
        _("citizen's contact (optional)"), max_length=200, blank=True
    )
    channel = models.CharField(_("channel"), max_length=16, choices=CritiqueChannel.choices)
    topic = models.CharField(_("topic"), max_length=300)
    body = models.TextField(_("what was said"), blank=True)
    challenge = challenge_link("critiques")
    project = optional_link("projects.FlagshipProject", _("flagship project"), "critiques")
    # Set when the critique was copied from a citizen's feedback on the public project page
    # (services.register_critique_from_feedback); one critique per feedback.
    feedback = optional_link(
        "projects.ProjectFeedback", _("public feedback"), "critique", one_to_one=True
    )
    received_on = models.DateField(_("date received"))
    status = models.CharField(
        _("status"), max_length=16, choices=CritiqueStatus.choices, default="open"
    )
    response = models.TextField(_("response"), blank=True)
    recorded_by = user_link(_("recorded by"))
    responded_by = user_link(_("responded by"))
    responder_name = models.CharField(_("response given by"), max_length=200, blank=True)
    responded_on = models.DateField(_("response date"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    is_publishable = models.BooleanField(
        _("publish as “you said, we did”"),
        default=False,
        help_text=_("Shown on the county's public page without any personal data."),
    )
    public_summary = models.CharField(
        _("public summary of the critique"),
        max_length=300,
        blank=True,
        help_text=_("What the public page says was raised; the topic is used when empty."),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    objects = CountyScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("critique")
        verbose_name_plural = _("critiques")
        constraints = [
            models.CheckConstraint(
                name="critique_response_not_before_receipt",
                condition=models.Q(responded_on__isnull=True)
                | models.Q(responded_on__gte=models.F("received_on")),
            ),
        ]
        indexes = [models.Index(fields=["county", "received_on"], name="critique_county_received")]

    def __str__(self) -> str:
        return self.topic

    @property
    def body_is_private(self) -> bool:
        """A citizen's words from the public feedback form: shown only where contacts are.

        Decided by the channel, not by the link to the feedback, so the text stays private
        if the feedback row is ever deleted (the link is then set to null)."""
        return self.channel == CritiqueChannel.PUBLIC_FEEDBACK

    @property
    def days_to_respond(self) -> int | None:
        if self.responded_on is None:
            return None
        return (self.responded_on - self.received_on).days
