"""Part 5: the shared experiences library: search, publish, feature, results, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import access
from governance.http import signed_in_user
from participation import queries, services
from participation.forms import (
    AttachmentForm,
    ExperienceForm,
    ExperienceResultForm,
    ExperienceSearchForm,
    VersionForm,
)
from participation.models import Experience, ExperienceAttachment
from participation.views.common import form_page, press_button, save_with_links

PAGE_SIZE = 20


@login_required
def library(request: HttpRequest) -> HttpResponse:
    """Every published experience (and the user's own drafts), searchable in Persian and English."""
    access.require(access.can_browse_nation(request.user))
    form = ExperienceSearchForm(request.GET or None)
    experiences = (
        Experience.objects.readable_by(request.user)
        .select_related("county__province")
        .defer("county__geometry", "county__province__geometry")
        .prefetch_related("challenges")
    )
    query = ""
    county_code = request.GET.get("county", "")
    if county_code:
        experiences = experiences.filter(county__code=county_code)
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if form.cleaned_data["challenge"]:
            experiences = experiences.filter(challenges=form.cleaned_data["challenge"])
        if form.cleaned_data["featured"]:
            experiences = experiences.filter(is_featured=True)
        experiences = queries.search_experiences(experiences, query)
    page = Paginator(experiences, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/library.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_add": access.changeable_counties(request.user).exists(),
        },
    )


def readable_experience(request: HttpRequest, pk: int) -> Experience:
    experience = (
        Experience.objects.readable_by(request.user)
        .select_related("county__province", "featured_by")
        .defer("county__geometry", "county__province__geometry")
        .filter(pk=pk)
        .first()
    )
    if experience is None:
        access.require(access.can_browse_nation(request.user))
        raise Http404
    return experience


@login_required
def experience_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An experience; contacts only for those who may see the publishing county's contacts."""
    access.require(access.can_browse_nation(request.user))
    experience = readable_experience(request, pk)
    can_change = access.can_change_county(request.user, experience.county)
    return render(
        request,
        "participation/experience_detail.html",
        {
            "experience": experience,
            "outcomes": experience.outcomes.select_related("indicator"),
            "attachments": experience.attachments.all(),
            "challenges": experience.challenges.all(),
            "can_change": can_change,
            "can_view_contacts": access.can_view_contacts(request.user, experience.county),
            "can_feature": access.is_ministry(request.user),
            "result_form": ExperienceResultForm() if can_change else None,
            "attachment_form": AttachmentForm() if can_change else None,
            "attachment_limit_mb": services.attachment_limit() / 1048576,
            "attachment_types": ", ".join(sorted(services.ATTACHMENT_TYPES)),
        },
    )


@login_required
def experience_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Write or change an experience of a county the user may change."""
    access.require(access.can_browse_nation(request.user))
    counties = access.changeable_counties(request.user).defer("geometry")
    if pk:
        experience = get_object_or_404(Experience.objects.select_related("county"), pk=pk)
        access.require(access.can_change_county(request.user, experience.county))
    else:
        access.require(counties.exists())
        experience = Experience()
    initial = {}
    if not pk and signed_in_user(request).county_id:
        initial["county"] = signed_in_user(request).county_id
    form = ExperienceForm(
        request.POST or None, instance=experience, counties=counties, initial=initial
    )
    saved = save_with_links(
        request,
        form,
        services.save_experience,
        experience,
        "challenges",
        noun=_("experience"),
        done=_("The experience was saved."),
    )
    if saved is not None:
        return redirect("participation:experience", pk=saved.pk)
    return form_page(
        request,
        {},
        form,
        title=_("Edit experience") if pk else _("Share an experience"),
        cancel_url=reverse("participation:experience", args=[pk])
        if pk
        else reverse("participation:library"),
    )


def _version(request: HttpRequest) -> int | None:
    """The version a publish or feature button was shown with (None when absent)."""
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


def _changeable(request: HttpRequest, pk: int) -> Experience:
    experience = get_object_or_404(Experience.objects.select_related("county"), pk=pk)
    access.require(access.can_change_county(request.user, experience.county))
    return experience


@login_required
@require_POST
def experience_publish(request: HttpRequest, pk: int) -> HttpResponse:
    experience = _changeable(request, pk)
    publish = request.POST.get("publish") == "1"
    press_button(
        request,
        lambda: services.publish_experience(
            experience,
            publish=publish,
            expected_version=_version(request),
            user=signed_in_user(request),
        ),
        noun=_("experience"),
        done=_("The experience is published.")
        if publish
        else _("The experience is back to draft."),
    )
    return redirect("participation:experience", pk=pk)


@login_required
@require_POST
def experience_feature(request: HttpRequest, pk: int) -> HttpResponse:
    """Ministry staff feature (or unfeature) a published experience."""
    access.require(access.is_ministry(request.user))
    experience = get_object_or_404(Experience, pk=pk)
    featured = request.POST.get("featured") == "1"
    press_button(
        request,
        lambda: services.feature_experience(
            experience,
            user=signed_in_user(request),
            featured=featured,
            expected_version=_version(request),
        ),
        noun=_("experience"),
        done=_("The experience is featured.") if featured else _("No longer featured."),
    )
    return redirect("participation:experience", pk=pk)


@login_required
@require_POST
def experience_add_result(request: HttpRequest, pk: int) -> HttpResponse:
    experience = _changeable(request, pk)
    form = ExperienceResultForm(request.POST)
    if form.is_valid():
        try:
            services.add_experience_result(
                experience, user=signed_in_user(request), **form.cleaned_data
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The result was added."))
    else:
        messages.error(
            request,
            " ".join(
                f"{form.fields[f].label}: {' '.join(str(m) for m in e)}"
                for f, e in form.errors.items()
            ),
        )
    return redirect("participation:experience", pk=pk)


@login_required
@require_POST
def experience_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an attachment; refused with a message when too large or of a wrong type."""
    experience = _changeable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attach_file(
                experience, form.cleaned_data["file"], user=signed_in_user(request)
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The file was attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("participation:experience", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve an attachment to whoever may read its experience (never from a public URL)."""
    attachment = get_object_or_404(ExperienceAttachment, pk=pk)
    readable_experience(request, attachment.experience_id)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    return response


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        ExperienceAttachment.objects.select_related("experience__county"), pk=pk
    )
    access.require(access.can_change_county(request.user, attachment.experience.county))
    experience_id = attachment.experience_id
    services.remove_attachment(attachment, user=signed_in_user(request))
    messages.success(request, _("The attachment was removed."))
    return redirect("participation:experience", pk=experience_id)
