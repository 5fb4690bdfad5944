"""Demo participation content for a few counties, every row flagged `is_demo`.

Everything is made up (names, phone numbers, figures) to show how the module works; pages show
a "demo" badge on each row. Persian text is written in Persian digits; phone numbers and emails
are stored as typed (ASCII) and pages show phone numbers in the reader's digits. Dates are
relative to today, so coverage and overdue flags stay meaningful whenever the demo is loaded.
Loading is idempotent: the demo rows of the demo counties are replaced, never duplicated, and
nothing a user entered is touched. Load it after the demo projects (projects.demo):
critiques about a project's subject are linked to the county's demo project, found again by its
title on every load.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from counties.models import County, Dimension, Indicator
from governance.periods import parse_period
from governance.persian import to_persian_digits
from participation import services
from participation.models import (
    Commitment,
    Critique,
    Engagement,
    Experience,
    ExperienceAttachment,
    ExperienceResult,
    Investment,
    Meeting,
    MeetingSeries,
    Stakeholder,
)
from participation.queries import recent_quarters
from projects import demo as project_demo
from projects.models import FlagshipProject

DEMO_COUNTIES = ("Arak", "Zahedan", "Mashhad", "Ahvaz", "Kermanshah")
MEASURE_QUARTERS = 4


@dataclass
class DemoParticipationReport:
    counties: int
    stakeholders: int
    meetings: int
    critiques: int
    critiques_on_projects: int
    investments: int
    experiences: int
    measures: int


# (type, Persian name pattern, interests, contact person)
STAKEHOLDERS = (
    ("party", "شورای هماهنگی احزاب {c}", ("employment",), "دبیر شورا"),
    ("media", "هفته‌نامه محلی «صدای {c}»", ("marginalization", "solid_waste"), "سردبیر"),
    ("reference_group", "جامعه اساتید دانشگاه {c}", ("education", "employment"), "رئیس جامعه"),
    ("reference_group", "اتاق اصناف {c}", ("employment",), "رئیس اتاق"),
    ("local_trustee", "معتمدین محله‌های حاشیه {c}", ("marginalization",), "نماینده معتمدین"),
    ("prominent_figure", "خیّر مدرسه‌ساز {c}", ("education",), "دفتر خیّر"),
    ("civil_society", "انجمن دوستداران محیط زیست {c}", ("solid_waste",), "مدیر انجمن"),
    ("critic", "کانون منتقدان مدیریت شهری {c}", ("marginalization", "solid_waste"), "سخنگو"),
    ("investor", "شرکت سرمایه‌گذاری توسعه {c}", ("employment",), "مدیر عامل"),
    ("entrepreneur", "کارآفرینان جوان بازیافت {c}", ("solid_waste", "employment"), "مؤسس"),
)

ENGAGEMENT_TOPICS = (
    ("meeting", "برنامه اشتغال جوانان", "employment"),
    ("consultation", "طرح ساماندهی سکونتگاه‌های غیررسمی", "marginalization"),
    ("visit", "بازدید از محل دفن پسماند", "solid_waste"),
    ("call", "پیگیری درخواست‌های محله", "marginalization"),
    ("meeting", "تفکیک پسماند از مبدأ در مدارس", "solid_waste"),
    ("consultation", "مشوق‌های سرمایه‌گذاری در شهرک صنعتی", "employment"),
)

# (source, stakeholder type, channel, topic, challenge, the demo projects it is about: the
# first of them the county has is linked, so critiques about a project's subject reach its page)
CRITIQUES = (
    (
        "stakeholder",
        "critic",
        "social_media",
        "تأخیر در جمع‌آوری پسماند محله‌های حاشیه",
        "solid_waste",
        (),
    ),
    (
        "citizen",
        None,
        "public_feedback",
        "نبود روشنایی معابر در سکونتگاه غیررسمی",
        "marginalization",
        (project_demo.SETTLEMENT,),
    ),
    ("stakeholder", "media", "press", "شفاف نبودن آمار اشتغال ایجادشده", "employment", ()),
    ("citizen", None, "in_person", "صف طولانی صدور مجوز کسب‌وکار", "employment", ()),
    (
        "stakeholder",
        "civil_society",
        "letter",
        "سوزاندن پسماند در حاشیه شهر",
        "solid_waste",
        (project_demo.LANDFILL, project_demo.WASTE_FACILITY, project_demo.COMPOST),
    ),
    (
        "citizen",
        None,
        "phone",
        "آب‌گرفتگی معابر پس از بارندگی",
        "marginalization",
        (project_demo.DRAINAGE, project_demo.WATER_SEWER),
    ),
    (
        "stakeholder",
        "reference_group",
        "meeting",
        "کم‌توجهی به مهارت‌آموزی فارغ‌التحصیلان",
        "employment",
        (project_demo.YOUTH_SKILLS,),
    ),
)

# (name, kind, place, invited groups) of the county's two quarterly meeting series.
MEETING_SERIES = (
    (
        "شورای اداری شهرستان",
        "council",
        "سالن جلسات فرمانداری",
        ("reference_group", "civil_society", "media"),
    ),
    (
        "نشست فصلی با حلقه‌های میانی",
        "consultation",
        "تالار شهر",
        ("party", "local_trustee", "prominent_figure", "critic"),
    ),
)

RESPONSES = (
    "برنامه جمع‌آوری شبانه در سه محله آغاز شد و گزارش هفتگی منتشر می‌شود.",
    "۱۲۰ چراغ خورشیدی با مشارکت خیّرین نصب شد.",
    "آمار ماهانه اشتغال به تفکیک دستگاه در پایگاه فرمانداری منتشر می‌شود.",
    "میز خدمت مجوزها در فرمانداری دایر شد؛ زمان صدور به ۷ روز رسید.",
)

# (name, sector, amount in billion rials, expected jobs, furthest stage, realized jobs, dropped)
INVESTMENTS = (
    ("کارخانه کمپوست و بازیافت", "waste", 450, 60, "operating", 48, None),
    ("گلخانه‌های هیدروپونیک", "agriculture", 220, 35, "investing", 10, None),
    ("مرکز داده منطقه‌ای", "ict", 900, 40, "permits", 0, None),
    ("هتل بوم‌گردی", "tourism", 120, 18, "agreement", 0, None),
    ("کارگاه پوشاک زنان سرپرست خانوار", "manufacturing", 60, 45, "meeting", 0, None),
    ("پایانه بار", "transport", 700, 80, "lead", 0, None),
    (
        "نیروگاه خورشیدی",
        "energy",
        1500,
        25,
        "agreement",
        0,
        ("تأمین زمین مناسب ممکن نشد.", "اداره کل منابع طبیعی"),
    ),
)

EXPERIENCES: tuple[dict[str, Any], ...] = (
    {
        "title": "تفکیک پسماند از مبدأ با مشارکت مدارس و مساجد",
        "problem": "سهم بازیافت پسماند شهری کمتر از ۵ درصد بود و محل دفن به ظرفیت نهایی رسیده بود.",
        "actions": "با همکاری آموزش و پرورش، مساجد و انجمن‌های محیط زیستی، ایستگاه‌های تحویل "
        "پسماند خشک در ۴۰ مدرسه و ۲۰ مسجد ایجاد و به ازای تحویل، امتیاز خرید داده شد.",
        "results": "سهم بازیافت در دو سال سه برابر شد و ۳۰ شغل در زنجیره بازیافت ایجاد شد.",
        "cost": 35_000_000_000,
        "challenges": ("solid_waste",),
        "outcomes": (("waste_recycling", 4.5, 13.8, "1400", "1402"),),
    },
    {
        "title": "میز خدمت یکپارچه سرمایه‌گذاری در فرمانداری",
        "problem": "سرمایه‌گذاران برای هر مجوز به چندین دستگاه مراجعه می‌کردند و بسیاری منصرف "
        "می‌شدند.",
        "actions": "نمایندگان ۱۲ دستگاه صادرکننده مجوز هفته‌ای دو روز در فرمانداری مستقر شدند و "
        "پرونده هر طرح یک مسئول پیگیری داشت.",
        "results": "میانگین زمان صدور مجوز از ۹۰ به ۲۱ روز رسید.",
        "cost": 2_000_000_000,
        "challenges": ("employment",),
        "outcomes": (("unemployment_rate", 14.2, 11.9, "1400", "1402"),),
    },
    {
        "title": "Micro-loans and land titling for informal settlement households",
        "problem": "Households in the informal settlements on the city edge had no secure tenure "
        "and could not borrow to improve their homes.",
        "actions": "The county worked with the housing foundation and two banks: titles were "
        "regularised block by block and micro-loans offered against them, with residents' "
        "committees choosing priorities.",
        "results": "Fewer households without secure tenure; small repairs financed in 1,800 homes.",
        "cost": 80_000_000_000,
        "challenges": ("marginalization",),
        "outcomes": (("insecure_tenure_households", 38.0, 24.5, "1399", "1402"),),
    },
)


@dataclass(frozen=True)
class CountyDemo:
    """What every generator of one county's demo content draws on: the county, the dimensions
    and indicators by code, the county's own random sequence (the same content on every load)
    and the day the demo is loaded."""

    county: County
    dimensions: dict[str, Dimension]
    indicators: dict[str, Indicator]
    rng: random.Random
    today: datetime.date


def demo_counties() -> list[County]:
    """The five named counties of the real data set, else the first five (synthetic) ones."""
    named = list(County.objects.filter(name_en__in=DEMO_COUNTIES).defer("geometry"))
    if named:
        return named
    return list(County.objects.order_by("code").defer("geometry")[: len(DEMO_COUNTIES)])


def _clear(counties: list[County]) -> None:
    """Delete the demo rows of `counties` and their history (loading twice keeps no trace of
    the first load: the rows are replaced, not changed)."""
    experience_ids = list(
        Experience.objects.filter(county__in=counties, is_demo=True).values_list("pk", flat=True)
    )
    for model in (Critique, Investment, Meeting, MeetingSeries, Experience, Stakeholder):
        model.objects.filter(county__in=counties, is_demo=True).delete()
    demo = {"county__in": counties, "is_demo": True}
    # The history of many-to-many links points at history rows without a database constraint.
    for name in ("HistoricalStakeholder_interests", "HistoricalExperience_challenges"):
        links = apps.get_model("participation", name)
        links.objects.filter(history__county__in=counties, history__is_demo=True).delete()
    for versioned in (
        Critique,
        Investment,
        Commitment,
        Meeting,
        MeetingSeries,
        Experience,
        Engagement,
        Stakeholder,
    ):
        versioned.history.filter(**demo).delete()
    for part in (ExperienceResult, ExperienceAttachment):
        part.history.filter(experience_id__in=experience_ids).delete()


@transaction.atomic
def load_demo_participation(today: datetime.date | None = None) -> DemoParticipationReport:
    """Replace the demo participation content of the demo counties and store their measures."""
    today = today or timezone.localdate()
    services.ensure_participation_indicators()
    counties = demo_counties()
    _clear(counties)
    dimensions = {d.code: d for d in Dimension.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}
    for county in counties:
        rng = random.Random(f"tavazon-demo-{county.code}")
        county_demo = CountyDemo(county, dimensions, indicators, rng, today)
        stakeholders = _stakeholders(county_demo)
        _meetings(county_demo)
        _critiques(county_demo, stakeholders)
        _investments(county_demo, stakeholders)
        _experiences(county_demo)
    measures = 0
    for key in recent_quarters(MEASURE_QUARTERS, today):
        report = services.store_participation_measures(key, county_ids=[c.pk for c in counties])
        measures += report.created + report.updated + report.unchanged
    demo = {"county__in": counties, "is_demo": True}
    return DemoParticipationReport(
        counties=len(counties),
        stakeholders=Stakeholder.objects.filter(**demo).count(),
        meetings=Meeting.objects.filter(**demo).count(),
        critiques=Critique.objects.filter(**demo).count(),
        critiques_on_projects=Critique.objects.filter(**demo, project__isnull=False).count(),
        investments=Investment.objects.filter(**demo).count(),
        experiences=Experience.objects.filter(**demo).count(),
        measures=measures,
    )


def _days_ago(today: datetime.date, days: int) -> datetime.date:
    return today - datetime.timedelta(days=days)


def _stakeholders(demo: CountyDemo) -> dict[str, Stakeholder]:
    by_type: dict[str, Stakeholder] = {}
    engagements: list[Engagement] = []
    for number, (kind, pattern, interests, contact) in enumerate(STAKEHOLDERS, start=1):
        stakeholder = services.save_stakeholder(
            Stakeholder(county=demo.county, is_demo=True),
            {
                "name": pattern.format(c=demo.county.name_fa),
                "type": kind,
                "description": "نمونه نمایشی: نام و مشخصات ساختگی است.",
                "contact_person": contact,
                "phone": f"0912-000-{number:04d}",
                "email": f"demo{number}@example.org",
                "address": f"{demo.county.name_fa}، خیابان نمونه، "
                f"پلاک {to_persian_digits(str(number))}",
            },
            interests=[demo.dimensions[c] for c in interests if c in demo.dimensions],
        )
        by_type.setdefault(kind, stakeholder)
        # Most types were engaged recently; a county-specific few were not (coverage < 100%).
        recent = demo.rng.random() > 0.3
        for visit in range(demo.rng.randint(1, 3)):
            topic_kind, topic, challenge = ENGAGEMENT_TOPICS[
                demo.rng.randrange(len(ENGAGEMENT_TOPICS))
            ]
            days = demo.rng.randint(5, 80) if recent and visit == 0 else demo.rng.randint(95, 300)
            engagements.append(
                Engagement(
                    county=demo.county,
                    stakeholder=stakeholder,
                    date=_days_ago(demo.today, days),
                    kind=topic_kind,
                    topic=topic,
                    challenge=demo.dimensions.get(challenge),
                    is_demo=True,
                )
            )
    # Valid by construction (past dates, a topic): written in bulk, each with its history.
    bulk_create_with_history(engagements, Engagement)
    return by_type


def _meetings(demo: CountyDemo) -> None:
    first_quarter = parse_period(recent_quarters(5, demo.today)[0])
    starts_on = first_quarter.gregorian_start()
    all_series = [
        services.save_meeting_series(
            MeetingSeries(county=demo.county, is_demo=True),
            {
                "name": name,
                "kind": kind,
                "periodicity": "quarterly",
                "starts_on": starts_on,
                "place": place,
                "invited_groups": list(groups),
            },
        )
        for name, kind, place, groups in MEETING_SERIES
    ]
    missed = demo.rng.randrange(1, 4)  # one past quarter of the consultation series is skipped
    decisions = (
        ("راه‌اندازی میز خدمت سرمایه‌گذاری", "معاون توسعه فرمانداری"),
        ("گزارش ماهانه جمع‌آوری پسماند", "شهرداری"),
        ("شناسایی زمین برای شهرک کارگاهی", "اداره صمت"),
        ("نصب روشنایی در معابر محله‌های حاشیه", "اداره برق"),
        ("برگزاری دوره مهارت‌آموزی جوانان", "فنی و حرفه‌ای"),
    )
    for series in all_series:
        for quarter in range(4):
            slot_start = services.period_window(
                parse_period(recent_quarters(5, demo.today)[quarter])
            )
            if series.kind == "consultation" and quarter == missed:
                continue
            day = slot_start.start + datetime.timedelta(days=demo.rng.randint(15, 60))
            if day > demo.today:
                continue
            _settle(demo, day)
            meeting = _schedule(
                demo.county,
                series,
                day,
                "۱. گزارش پیشرفت تعهدات قبلی\n۲. اشتغال و سرمایه‌گذاری\n۳. پسماند و حاشیه",
            )
            chosen = demo.rng.sample(decisions, 2)
            services.record_meeting_outcome(
                meeting,
                status="held",
                attendance=demo.rng.randint(18, 60),
                attendance_note="نمایندگان دستگاه‌ها و گروه‌های دعوت‌شده",
                minutes="صورتجلسه نمونه: تصمیم‌ها و مسئولان در جدول تعهدات ثبت شد.",
                decisions=[
                    services.Decision(
                        title, owner, day + datetime.timedelta(days=demo.rng.randint(30, 120))
                    )
                    for title, owner in chosen
                ],
            )
        # The next meeting of the series, so open commitments roll forward onto it.
        _settle(demo, demo.today)
        upcoming = demo.today + datetime.timedelta(days=demo.rng.randint(10, 40))
        _schedule(demo.county, series, upcoming, "۱. پیگیری تعهدات باز\n۲. گزارش نقدها و پاسخ‌ها")
    _settle(demo, demo.today)


def _schedule(county: County, series: MeetingSeries, day: datetime.date, agenda: str) -> Meeting:
    """A demo meeting of `county`'s `series` at 10:00 on `day`."""
    return services.schedule_meeting(
        county,
        title=series.name,
        kind=series.kind,
        starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))),
        series=series,
        agenda=agenda,
        is_demo=True,
    )


def _settle(demo: CountyDemo, until: datetime.date) -> None:
    """Open commitments due before `until`: most get done on time, some stay open (overdue)."""
    for commitment in demo.county.commitments.filter(
        is_demo=True, status="open", due_on__lt=until
    ).select_related("meeting"):
        if demo.rng.random() < 0.65:
            done_on = commitment.due_on - datetime.timedelta(days=demo.rng.randint(0, 20))
            services.update_commitment(
                commitment, status="done", completed_on=max(done_on, commitment.meeting.date)
            )
        elif demo.rng.random() < 0.3:
            services.update_commitment(commitment, status="in_progress")


def _critiques(demo: CountyDemo, stakeholders: dict[str, Stakeholder]) -> None:
    projects = {
        p.title_en: p
        for p in FlagshipProject.objects.filter(county=demo.county, is_demo=True, archived_at=None)
    }
    for number, (source, kind, channel, topic, challenge, about) in enumerate(CRITIQUES):
        received = _days_ago(demo.today, demo.rng.randint(5, 330))
        titles = (spec.english_title(demo.county) for spec in about)
        critique = services.register_critique(
            demo.county,
            {
                "source": source,
                "stakeholder": stakeholders.get(kind) if kind else None,
                "citizen_name": "شهروند نمونه" if source == "citizen" and number % 2 else "",
                "citizen_contact": "0915-000-0000" if source == "citizen" and number % 2 else "",
                "channel": channel,
                "topic": topic,
                "body": f"متن نمونه نقد درباره «{topic}».",
                "challenge": demo.dimensions.get(challenge),
                "project": next((projects[t] for t in titles if t in projects), None),
                "received_on": received,
                "is_demo": True,
            },
        )
        if demo.rng.random() < 0.25:
            continue  # left open
        responded = min(received + datetime.timedelta(days=demo.rng.randint(1, 40)), demo.today)
        declined = demo.rng.random() < 0.12
        status = "declined" if declined else ("acted_on" if demo.rng.random() < 0.5 else "answered")
        services.answer_critique(
            critique,
            response=RESPONSES[number % len(RESPONSES)]
            if not declined
            else "در حوزه اختیارات فرمانداری نیست؛ به دستگاه مسئول ارجاع شد.",
            status=status,
            responded_on=responded,
            responder_name="روابط عمومی فرمانداری",
            decline_reason="موضوع در صلاحیت شهرداری است." if declined else "",
            is_publishable=not declined and number % 3 != 2,
            public_summary=topic,
        )


def _investments(demo: CountyDemo, stakeholders: dict[str, Stakeholder]) -> None:
    from participation.choices import PIPELINE

    for name, sector, billions, jobs, furthest, realized, dropped in INVESTMENTS:
        lead_on = _days_ago(demo.today, demo.rng.randint(420, 700))
        investment = services.register_investment(
            demo.county,
            {
                "name": name,
                "investor": "سرمایه‌گذار نمونه",
                "stakeholder": stakeholders.get("investor") if sector != "waste" else None,
                "sector": sector,
                "amount": Decimal(billions) * 1_000_000_000,
                "expected_jobs": jobs,
                "lead_on": lead_on,
                "challenge": demo.dimensions.get("employment"),
                "contact_person": "نماینده سرمایه‌گذار",
                "phone": "021-0000-0000",
                "is_demo": True,
            },
        )
        steps = PIPELINE[1 : PIPELINE.index(furthest) + 1]
        day = lead_on
        span = max((demo.today - lead_on).days - 30, len(steps) + 1)
        for step in steps:
            day = day + datetime.timedelta(
                days=demo.rng.randint(20, max(21, span // (len(steps) + 1)))
            )
            day = min(day, demo.today)
            services.advance_investment(investment, stage=step, date=day)
        if realized:
            # Jobs arrive in two reports, so the jobs-over-time chart has a slope.
            first = min(day + datetime.timedelta(days=30), demo.today)
            services.advance_investment(
                investment, stage=furthest, date=first, realized_jobs=realized // 2
            )
            services.advance_investment(
                investment,
                stage=furthest,
                date=min(first + datetime.timedelta(days=90), demo.today),
                realized_jobs=realized,
            )
        if dropped:
            services.advance_investment(
                investment,
                stage="dropped",
                date=min(day + datetime.timedelta(days=45), demo.today),
                dropped_reason=dropped[0],
                blocking_agency=dropped[1],
            )


def _experiences(demo: CountyDemo) -> None:
    chosen = demo.rng.sample(EXPERIENCES, 2)
    for number, spec in enumerate(chosen):
        experience = services.save_experience(
            Experience(county=demo.county, is_demo=True),
            {
                "title": f"{spec['title']} ({demo.county.name_fa})",
                "problem": spec["problem"],
                "actions": spec["actions"],
                "results": spec["results"],
                "cost": Decimal(spec["cost"]),
                "contact_person": "دفتر برنامه‌ریزی فرمانداری",
                "phone": "0912-000-9999",
                "email": "demo-experience@example.org",
            },
            challenges=[demo.dimensions[c] for c in spec["challenges"] if c in demo.dimensions],
        )
        for code, before, after, before_period, after_period in spec["outcomes"]:
            if code in demo.indicators:
                services.add_experience_result(
                    experience,
                    indicator=demo.indicators[code],
                    before_value=before,
                    after_value=after,
                    before_period=before_period,
                    after_period=after_period,
                )
        services.publish_experience(experience)
        experience.published_on = _days_ago(demo.today, demo.rng.randint(10, 200))
        experience.save(update_fields=["published_on"])
        if number == 0 and demo.county.name_en in ("Mashhad", "Arak"):
            from governance.models import User

            ministry = User.objects.filter(role="ministry_staff").first()
            if ministry is not None:
                services.feature_experience(experience, user=ministry)
