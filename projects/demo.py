"""Demo flagship projects and action plans for a few counties, labelled as demo content.

Called by `seed_demo`. Idempotent: a project or plan is found again by its county and English
title and left as users edited it; milestones, updates and photos are only added to new ones.
Dates are set around the day the demo is loaded, so that the statuses stay meaningful (one
project done, some on track, one at risk, one delayed and stale, one not started yet).

Indicator values the plans need and the county lacks are added as synthetic observations
(labelled so) for the two years before the current one; existing values are never touched.
"""

from __future__ import annotations

import contextlib
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from counties.models import Area, County, Dimension, Indicator, Observation
from governance.models import User
from governance.periods import current_year, parse_period
from projects import services
from projects.choices import ActionStatus
from projects.evidence import EvidenceError, check_upload
from projects.models import ActionPlan, FlagshipProject

# Stored as English text; pages show it translated (counties.catalogue.TRANSLATABLE_LABELS).
DEMO_SOURCE = gettext_noop("Synthetic demo values (Tavazon flagship-projects demo)")
BILLION_TOMAN = Decimal(10_000_000_000)  # in rials


@dataclass(frozen=True)
class MilestoneSpec:
    title_fa: str
    title_en: str
    offset: int  # planned date, days from today
    weight: int = 1
    done_offset: int | None = None  # done date, days from today (None: open)


@dataclass(frozen=True)
class UpdateSpec:
    offset: int
    percent: int
    note: str
    photo: str | None = None  # caption drawn on a generated demo picture


@dataclass(frozen=True)
class ProjectSpec:
    title_fa: str
    title_en: str
    description_fa: str
    description_en: str
    dimension: str
    start: int  # days from today
    end: int
    agency: str
    person: str
    location: str
    budget_billion_toman: int
    spent_billion_toman: int
    area_kinds: tuple[str, ...] = ()
    public: bool = True
    milestones: tuple[MilestoneSpec, ...] = ()
    updates: tuple[UpdateSpec, ...] = ()
    kpi: tuple[str, float, int] | None = None  # indicator, target, deadline offset

    def english_title(self, county: County) -> str:
        """The title the project has in `county`: how the demo finds it again."""
        return self.title_en.format(county=county.name_en)


@dataclass(frozen=True)
class TargetSpec:
    indicator: str
    target: float
    deadline: int


@dataclass(frozen=True)
class ActionSpec:
    title_fa: str
    title_en: str
    owner: str
    due: int
    status: str = ActionStatus.PLANNED


@dataclass(frozen=True)
class PlanSpec:
    title_fa: str
    title_en: str
    dimension: str
    objective_fa: str
    objective_en: str
    start: int
    end: int
    targets: tuple[TargetSpec, ...] = ()
    actions: tuple[ActionSpec, ...] = ()


@dataclass(frozen=True)
class CountySpec:
    name_en: str
    projects: tuple[ProjectSpec, ...]
    plans: tuple[PlanSpec, ...] = ()
    # Synthetic indicator values (two years back, last year) added when the county has none.
    values: dict[str, tuple[float, float]] = field(default_factory=dict)


M = MilestoneSpec
U = UpdateSpec

WASTE_FACILITY = ProjectSpec(
    "مجتمع تفکیک و بازیافت پسماند {county}",
    "{county} waste separation and recycling facility",
    "ساخت خط تفکیک مکانیزه با ظرفیت ۳۰۰ تن در روز در کنار محل دفن فعلی، تا سهم بازیافت دو برابر "
    "شود و پسماند کمتری دفن شود.",
    "A mechanised sorting line for 300 tonnes a day beside the current landfill, to double the "
    "share recycled and bury less.",
    "solid_waste",
    -420,
    300,
    "شهرداری و سازمان مدیریت پسماند",
    "مهندس رضایی",
    "جاده قدیم، کیلومتر ۱۲، سایت پسماند",
    420,
    185,
    ("city",),
    True,
    (
        M("تحویل زمین و مجوز محیط زیست", "Site handover and environmental permit", -380, 1, -385),
        M("عملیات ساختمانی سوله و سکوها", "Civil works: hall and platforms", -120, 3, -110),
        M("نصب تجهیزات خط تفکیک", "Sorting line equipment installed", -18, 3),
        M("راه‌اندازی آزمایشی", "Trial operation", 90, 2),
        M("بهره‌برداری کامل", "Full operation", 280, 1),
    ),
    (
        U(-300, 10, "زمین تحویل شد و پیمانکار تجهیز کارگاه کرد.", "Site handover"),
        U(-110, 45, "سوله و سکوها تمام شد؛ سفارش تجهیزات ثبت شد.", "Civil works"),
        U(-12, 55, "تجهیزات رسید؛ نصب به دلیل تأخیر گمرکی دو هفته عقب است.", "Equipment arrives"),
    ),
    ("waste_recycling", 20.0, 500),
)

SETTLEMENT = ProjectSpec(
    "ساماندهی و توانمندسازی سکونتگاه‌های غیررسمی {county}",
    "Regularising the informal settlements of {county}",
    "صدور سند برای خانوارهای ساکن، آسفالت معابر اصلی و ایجاد پایگاه سلامت و کتابخانه محله.",
    "Title deeds for resident households, paving of the main lanes, a health post and a "
    "neighbourhood library.",
    "marginalization",
    -240,
    480,
    "اداره کل راه و شهرسازی و بنیاد مسکن",
    "خانم احمدی",
    "محله‌های حاشیه شهر",
    260,
    70,
    ("informal_settlement",),
    True,
    (
        M("شناسایی و پیمایش خانوارها", "Household survey", -200, 1, -205),
        M("صدور سند مرحله اول (۸۰۰ خانوار)", "Title deeds, phase 1 (800 households)", -40, 3, -45),
        M("آسفالت معابر اصلی", "Main lanes paved", 60, 2),
        M("افتتاح پایگاه سلامت و کتابخانه", "Health post and library opened", 200, 2),
        M("صدور سند مرحله دوم", "Title deeds, phase 2", 430, 3),
    ),
    (
        U(-150, 15, "پیمایش ۲٬۳۰۰ خانوار انجام شد.", "Survey team"),
        U(-20, 40, "۸۰۰ سند تحویل شد؛ قرارداد آسفالت امضا شد.", "Title deeds handed over"),
    ),
    ("informal_settlement_share", 9.0, 700),
)

RURAL_JOBS = ProjectSpec(
    "طرح اشتغال روستایی: خوشه‌های گلخانه‌ای",
    "Rural jobs programme: greenhouse clusters",
    "۱۲ گلخانه خانوادگی با تسهیلات قرض‌الحسنه و آموزش، برای ۱۵۰ شغل پایدار در روستاها.",
    "Twelve family greenhouses with interest-free loans and training: 150 lasting rural jobs.",
    "employment",
    -330,
    200,
    "جهاد کشاورزی و بنیاد برکت",
    "آقای کریمی",
    "دهستان‌های شرقی",
    95,
    48,
    ("rural",),
    True,
    (
        M("انتخاب بهره‌برداران و آموزش", "Beneficiaries chosen and trained", -260, 1, -255),
        M("پرداخت تسهیلات", "Loans paid out", -150, 2, -140),
        M("ساخت ۱۲ گلخانه", "Twelve greenhouses built", -65, 3),
        M("اولین برداشت و فروش", "First harvest sold", 120, 2),
    ),
    (
        U(-200, 20, "۱۵۰ نفر دوره آموزشی را گذراندند.", None),
        U(-52, 35, "ساخت ۵ گلخانه تمام شد؛ ۷ گلخانه منتظر سازه فلزی است.", "Greenhouse frames"),
    ),
    ("unemployment_rate", 10.0, 600),
)

SEPARATION_PILOT = ProjectSpec(
    "طرح آزمایشی تفکیک از مبدأ در سه منطقه",
    "Source-separation pilot in three districts",
    "کیسه‌ها و مخازن دوقلو، آموزش خانه‌به‌خانه و خرید پسماند خشک در سه منطقه شهری.",
    "Twin bins and bags, door-to-door training and buy-back of dry waste in three districts.",
    "solid_waste",
    -300,
    -20,
    "شهرداری",
    "مهندس موسوی",
    "مناطق ۱، ۲ و ۴ شهرداری",
    18,
    17,
    ("city",),
    True,
    (
        M("توزیع مخازن و کیسه‌ها", "Bins and bags distributed", -240, 1, -245),
        M("آموزش ۱۲٬۰۰۰ خانوار", "12,000 households trained", -150, 2, -160),
        M("راه‌اندازی غرفه‌های خرید پسماند خشک", "Dry-waste buy-back kiosks open", -60, 2, -55),
    ),
    (U(-50, 100, "طرح کامل شد؛ سهم تفکیک در مناطق آزمایشی به ۱۷٪ رسید.", "Buy-back kiosk"),),
)

YOUTH_SKILLS = ProjectSpec(
    "مرکز مهارت‌آموزی جوانان در شهرک صنعتی",
    "Youth skills centre in the industrial estate",
    "کارگاه‌های جوشکاری، برق صنعتی و تعمیر ماشین‌آلات با همکاری صنایع شهرک.",
    "Welding, industrial electrics and machine-repair workshops, run with the estate's firms.",
    "employment",
    40,
    400,
    "اداره کل آموزش فنی و حرفه‌ای",
    "آقای نوری",
    "شهرک صنعتی",
    60,
    0,
    (),
    False,
    (
        M("تجهیز کارگاه‌ها", "Workshops equipped", 120, 2),
        M("پذیرش دوره اول", "First intake", 180, 1),
    ),
)

LANDFILL = ProjectSpec(
    "احداث سلول دفن بهداشتی و تصفیه شیرابه {county}",
    "{county} sanitary landfill cell and leachate treatment",
    "سلول دفن با لاینر و زهکش، و تصفیه‌خانه شیرابه، به جای تخلیه روباز.",
    "A lined, drained landfill cell and a leachate plant, replacing open dumping.",
    "solid_waste",
    -200,
    330,
    "شهرداری و اداره کل حفاظت محیط زیست",
    "مهندس سارانی",
    "سایت دفن جاده خاش",
    310,
    90,
    (),
    True,
    (
        M("طراحی و مطالعات ژئوتکنیک", "Design and geotechnical studies", -150, 1, -150),
        M("خاکبرداری و لاینر سلول اول", "First cell excavated and lined", -5, 3),
        M("تصفیه‌خانه شیرابه", "Leachate plant", 200, 3),
    ),
    (U(-30, 30, "خاکبرداری تمام شد؛ لاینر در حال نصب است.", "Cell excavation"),),
    ("sanitary_landfill_share", 60.0, 500),
)

WATER_SEWER = ProjectSpec(
    "شبکه آب و فاضلاب سکونتگاه‌های غیررسمی {county}",
    "Water and sewer network for the informal settlements of {county}",
    "۴۵ کیلومتر لوله آب و فاضلاب و انشعاب برای ۹٬۰۰۰ خانوار.",
    "45 km of water and sewer mains and connections for 9,000 households.",
    "marginalization",
    -380,
    150,
    "شرکت آب و فاضلاب استان",
    "مهندس براهویی",
    "حاشیه شمالی شهر",
    540,
    330,
    ("informal_settlement",),
    True,
    (
        M("لوله‌گذاری فاز یک", "Mains laid, phase 1", -250, 2, -240),
        M("لوله‌گذاری فاز دو", "Mains laid, phase 2", -90, 2, -60),
        M("اتصال انشعاب‌ها", "Household connections", 60, 3),
    ),
    (U(-25, 65, "فاز دو لوله‌گذاری با دو ماه تأخیر تمام شد.", "Pipes laid"),),
)

TOURISM_JOBS = ProjectSpec(
    "تسهیلات کسب‌وکارهای خرد گردشگری",
    "Micro-loans for tourism small businesses",
    "وام خرد برای اقامتگاه‌های بوم‌گردی، راهنمایان و صنایع‌دستی؛ هدف ۴۰۰ شغل.",
    "Micro-loans for eco-lodges, guides and crafts; aim: 400 jobs.",
    "employment",
    -150,
    220,
    "اداره کل میراث فرهنگی، گردشگری و صنایع‌دستی",
    "خانم رضوی",
    "شهرستان",
    120,
    40,
    ("rural", "city"),
    True,
    (
        M("فراخوان و ارزیابی طرح‌ها", "Call and appraisal of proposals", -100, 1, -100),
        M("پرداخت دسته اول وام‌ها", "First batch of loans paid", 20, 2),
        M("پرداخت دسته دوم وام‌ها", "Second batch of loans paid", 150, 2),
    ),
    (U(-10, 30, "۱۸۰ طرح تأیید شد.", None),),
    ("new_jobs", 6.0, 400),
)

DRAINAGE = ProjectSpec(
    "زهکشی آب‌های سطحی محله‌های حاشیه‌ای {county}",
    "Surface-water drainage for the marginal neighbourhoods of {county}",
    "کانال‌های جمع‌آوری آب باران و ایستگاه پمپاژ، تا محله‌ها در باران آب‌گرفته نشوند.",
    "Storm-water channels and a pumping station, so the neighbourhoods no longer flood.",
    "marginalization",
    -280,
    100,
    "شهرداری و استانداری",
    "مهندس عبیات",
    "محله‌های ملاشیه و کوت عبدالله",
    380,
    260,
    ("informal_settlement",),
    True,
    (
        M("کانال‌های اصلی", "Main channels", -180, 2, -170),
        M("ایستگاه پمپاژ", "Pumping station", -70, 2),
        M("کانال‌های فرعی", "Secondary channels", 80, 1),
    ),
    (U(-75, 50, "کانال‌های اصلی تمام شد.", "Main channel"),),
)

HANDICRAFTS = ProjectSpec(
    "طرح اشتغال روستایی صنایع‌دستی و فرش",
    "Rural handicrafts and carpet jobs programme",
    "آموزش، مواد اولیه و بازار آنلاین برای ۲۵۰ بافنده و صنعتگر روستایی.",
    "Training, materials and an online market for 250 rural weavers and craftspeople.",
    "employment",
    -60,
    300,
    "اداره کل میراث فرهنگی و صنایع‌دستی",
    "خانم مرادی",
    "روستاهای شهرستان",
    45,
    8,
    ("rural",),
    True,
    (
        M("آموزش گروه اول", "First group trained", 10, 1),
        M("راه‌اندازی فروشگاه آنلاین", "Online shop opens", 120, 1),
    ),
    (U(-5, 10, "کلاس‌ها در ۶ روستا آغاز شد.", "Weaving class"),),
)

COMPOST = ProjectSpec(
    "توسعه کارخانه کمپوست {county}",
    "{county} composting plant expansion",
    "افزایش ظرفیت کمپوست از ۵۰۰ به ۹۰۰ تن در روز.",
    "Raising composting capacity from 500 to 900 tonnes a day.",
    "solid_waste",
    -500,
    -30,
    "سازمان مدیریت پسماند شهرداری",
    "مهندس طوسی",
    "کارخانه کمپوست",
    700,
    690,
    (),
    True,
    (
        M("خط دوم تخمیر", "Second fermentation line", -300, 2, -310),
        M("خط دوم سرند و بسته‌بندی", "Second screening and bagging line", -60, 2, -40),
    ),
    (U(-40, 100, "خط دوم به بهره‌برداری رسید.", "Compost line"),),
)

WASTE_PLAN = PlanSpec(
    "برنامه عملیاتی مدیریت پسماند {county}",
    "{county} solid-waste action plan",
    "solid_waste",
    "تا پایان ۱۴۰۶ سهم تفکیک و بازیافت به ۲۰٪ و سهم دفن بهداشتی به ۶۰٪ برسد.",
    "By the end of 1406, raise source separation and recycling to 20% and sanitary landfill "
    "to 60%.",
    -240,
    480,
    (TargetSpec("waste_recycling", 20.0, 480), TargetSpec("sanitary_landfill_share", 60.0, 480)),
    (
        ActionSpec(
            "تصویب عوارض پسماند تفکیک‌نشده",
            "Fee on unsorted waste adopted",
            "شورای شهر",
            -30,
            ActionStatus.IN_PROGRESS,
        ),
        ActionSpec(
            "قرارداد خرید پسماند خشک با پیمانکار",
            "Dry-waste buy-back contract signed",
            "شهرداری",
            -90,
            ActionStatus.DONE,
        ),
        ActionSpec("آموزش در ۴۰ مدرسه", "Training in 40 schools", "آموزش و پرورش", 60),
    ),
)

SETTLEMENT_PLAN = PlanSpec(
    "برنامه عملیاتی ساماندهی حاشیه‌نشینی {county}",
    "{county} informal-settlement action plan",
    "marginalization",
    "کاهش سهم جمعیت ساکن در سکونتگاه‌های غیررسمی و امن‌کردن مالکیت خانوارها.",
    "Fewer people in informal settlements, and secure tenure for the households living there.",
    -240,
    720,
    (TargetSpec("informal_settlement_share", 9.0, 720),),
    (
        ActionSpec(
            "ستاد بازآفرینی شهری هر ماه تشکیل شود",
            "Urban-regeneration board meets monthly",
            "فرمانداری",
            -10,
            ActionStatus.IN_PROGRESS,
        ),
        ActionSpec(
            "طرح جلوگیری از ساخت‌وساز غیرمجاز",
            "Plan against new unlicensed building",
            "شهرداری",
            -45,
        ),
    ),
)

JOBS_PLAN = PlanSpec(
    "برنامه عملیاتی اشتغال {county}",
    "{county} employment action plan",
    "employment",
    "ایجاد ۲٬۰۰۰ شغل در دو سال و کاهش نرخ بیکاری به ۱۰٪.",
    "2,000 jobs in two years, and unemployment down to 10%.",
    -200,
    530,
    (TargetSpec("unemployment_rate", 10.0, 530), TargetSpec("new_jobs", 6.0, 530)),
    (
        ActionSpec(
            "کارگروه اشتغال و سرمایه‌گذاری هر ماه",
            "Jobs and investment board, monthly",
            "فرمانداری",
            15,
            ActionStatus.IN_PROGRESS,
        ),
        ActionSpec(
            "پرونده ۳۰ طرح نیمه‌تمام به بانک‌ها",
            "30 stalled businesses referred to banks",
            "اداره کار",
            -20,
        ),
    ),
)

COUNTIES: tuple[CountySpec, ...] = (
    CountySpec(
        "Arak",
        (WASTE_FACILITY, SETTLEMENT, RURAL_JOBS, SEPARATION_PILOT, YOUTH_SKILLS),
        (WASTE_PLAN, SETTLEMENT_PLAN, JOBS_PLAN),
        {
            "waste_recycling": (8.0, 11.0),
            "sanitary_landfill_share": (35.0, 38.0),
            "informal_settlement_share": (14.0, 13.2),
            "unemployment_rate": (11.8, 11.1),
            "new_jobs": (3.2, 3.9),
        },
    ),
    CountySpec(
        "Zahedan",
        (WATER_SEWER, LANDFILL),
        (SETTLEMENT_PLAN,),
        {"informal_settlement_share": (31.0, 30.2), "sanitary_landfill_share": (12.0, 15.0)},
    ),
    CountySpec(
        "Mashhad",
        (SETTLEMENT, COMPOST, TOURISM_JOBS),
        (WASTE_PLAN,),
        {
            "waste_recycling": (10.0, 12.5),
            "sanitary_landfill_share": (55.0, 58.0),
            "new_jobs": (4.1, 4.6),
        },
    ),
    CountySpec(
        "Ahvaz",
        (DRAINAGE, LANDFILL),
        (SETTLEMENT_PLAN,),
        {"informal_settlement_share": (27.0, 26.5), "sanitary_landfill_share": (20.0, 21.0)},
    ),
    CountySpec(
        "Kermanshah",
        (SETTLEMENT, HANDICRAFTS),
        (JOBS_PLAN,),
        {"informal_settlement_share": (22.0, 21.0), "new_jobs": (2.8, 3.1)},
    ),
)


@dataclass
class DemoProjectsReport:
    counties: int = 0
    projects: int = 0
    plans: int = 0
    observations: int = 0


def _resolve_counties() -> list[tuple[CountySpec, County]]:
    """The real counties by English name, else the synthetic ones in the demo users' order."""
    found = {c.name_en: c for c in County.objects.filter(name_en__in=[s.name_en for s in COUNTIES])}
    if found:
        return [(spec, found[spec.name_en]) for spec in COUNTIES if spec.name_en in found]
    synthetic = list(County.objects.filter(is_synthetic=True)[: len(COUNTIES)])
    return list(zip(COUNTIES, synthetic, strict=False))


def _day(offset: int, today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=offset)


def _areas(county: County, kinds: tuple[str, ...]) -> list[Area]:
    return list(Area.objects.filter(county=county, kind__in=kinds)) if kinds else []


def demo_photo(caption: str) -> bytes:
    """A drawn picture (sky, ground, a building, the caption and 'DEMO'): no real photo ships."""
    from PIL import Image, ImageDraw

    width, height = 640, 480
    image = Image.new("RGB", (width, height), "#9CC9E8")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 300, width, height], fill="#B8A27A")
    seed = sum(caption.encode())
    x = 80 + seed % 200
    draw.rectangle([x, 170, x + 260, 300], fill="#D9D4C7", outline="#6B6B6B", width=3)
    draw.polygon([(x - 10, 170), (x + 130, 110), (x + 270, 170)], fill="#8C5A3C")
    for i in range(4):
        draw.rectangle([x + 20 + i * 60, 200, x + 60 + i * 60, 240], fill="#5B7F95")
    draw.rectangle([20, 20, 190, 70], fill="#8B5CF6")
    draw.text((40, 36), "DEMO PHOTO", fill="#FFFFFF")
    draw.text((20, 440), caption[:60], fill="#1B1B1B")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _add_observations(county: County, spec: CountySpec, today: datetime.date) -> int:
    year = current_year(today)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=spec.values)}
    created = 0
    for code, values in spec.values.items():
        indicator = indicators.get(code)
        if indicator is None:
            continue
        for back, value in zip((2, 1), values, strict=True):
            period = parse_period(str(year - back))
            _, was_created = Observation.objects.get_or_create(
                indicator=indicator,
                county=county,
                area=None,
                period=period.key,
                defaults={
                    "period_kind": period.kind,
                    "period_start": period.gregorian_start(),
                    "value": value,
                    "source": DEMO_SOURCE,
                    "is_synthetic": True,
                },
            )
            created += was_created
    return created


def _project(
    county: County, spec: ProjectSpec, today: datetime.date, user: User | None
) -> FlagshipProject | None:
    title_en = spec.english_title(county)
    existing = FlagshipProject.objects.filter(county=county, title_en=title_en, is_demo=True)
    if existing.exists():
        return None
    dimensions = {d.code: d for d in Dimension.objects.all()}
    project = services.create_project(
        county,
        {
            "title_fa": spec.title_fa.format(county=county.name_fa),
            "title_en": title_en,
            "description_fa": spec.description_fa,
            "description_en": spec.description_en,
            "dimension": dimensions[spec.dimension],
            "period_start": _day(spec.start, today),
            "period_end": _day(spec.end, today),
            "responsible_agency": spec.agency,
            "responsible_person": spec.person,
            "responsible_contact": "",
            "location": spec.location,
            "planned_budget": spec.budget_billion_toman * BILLION_TOMAN,
            "spent_budget": spec.spent_billion_toman * BILLION_TOMAN,
            "is_public": spec.public,
            "is_demo": True,
        },
        areas=_areas(county, spec.area_kinds),
        user=user,
    )
    milestones = [
        services.add_milestone(
            project,
            {
                "title_fa": m.title_fa,
                "title_en": m.title_en,
                "planned_date": _day(m.offset, today),
                "weight": m.weight,
            },
            user=user,
        )
        for m in spec.milestones
    ]
    for update in spec.updates:
        date = _day(update.offset, today)
        files = []
        if update.photo:
            try:
                files.append(
                    check_upload(
                        demo_photo(update.photo),
                        "demo.jpg",
                        max_bytes=settings.PROJECT_EVIDENCE_MAX_BYTES,
                        max_pixels=settings.PROJECT_EVIDENCE_MAX_PIXELS,
                    )
                )
            except (EvidenceError, ImportError):
                files = []
        services.record_progress(
            project,
            date=date,
            percent=update.percent,
            note=update.note,
            files=files,
            completed=[],
            user=user,
        )
    # Done dates come from the spec, not from the dates of the updates.
    for milestone, ms in zip(milestones, spec.milestones, strict=True):
        if ms.done_offset is not None:
            services.complete_milestone(milestone, done_date=_day(ms.done_offset, today), user=user)
    if spec.kpi is not None:
        code, target, deadline = spec.kpi
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is not None:
            # Without a value of the indicator in this county the KPI is left out.
            with contextlib.suppress(ValidationError):
                services.add_kpi(
                    project,
                    indicator=indicator,
                    target=target,
                    deadline=_day(deadline, today),
                    baseline=_earliest_value(indicator, county),
                    user=user,
                )
    return project


def _plan(county: County, spec: PlanSpec, today: datetime.date, user: User | None) -> bool:
    title_en = spec.title_en.format(county=county.name_en)
    if ActionPlan.objects.filter(county=county, title_en=title_en, is_demo=True).exists():
        return False
    plan = services.create_plan(
        county,
        {
            "title_fa": spec.title_fa.format(county=county.name_fa),
            "title_en": title_en,
            "dimension": Dimension.objects.get(code=spec.dimension),
            "objective_fa": spec.objective_fa,
            "objective_en": spec.objective_en,
            "period_start": _day(spec.start, today),
            "period_end": _day(spec.end, today),
            "is_demo": True,
        },
        user=user,
    )
    for target in spec.targets:
        indicator = Indicator.objects.filter(code=target.indicator).first()
        if indicator is None:
            continue
        try:
            services.add_target(
                plan,
                indicator=indicator,
                target_value=target.target,
                deadline=_day(target.deadline, today),
                baseline=_earliest_value(indicator, county),
                user=user,
            )
        except ValidationError:
            continue
    for action in spec.actions:
        services.add_action(
            plan,
            {
                "title_fa": action.title_fa,
                "title_en": action.title_en,
                "owner": action.owner,
                "due_date": _day(action.due, today),
                "status": action.status,
                "done_date": _day(action.due, today)
                if action.status == ActionStatus.DONE
                else None,
            },
            user=user,
        )
    return True


def _earliest_value(indicator: Indicator, county: County) -> float | None:
    """Baselines are the values when the plan began: the earliest recent value, else none."""
    first = (
        Observation.objects.filter(indicator=indicator, county=county, area__isnull=True)
        .order_by("-period_start")
        .values_list("value", flat=True)[1:2]
    )
    values = list(first)
    return values[0] if values else None


@transaction.atomic
def load_demo_projects(today: datetime.date | None = None) -> DemoProjectsReport:
    """Create the demo projects and plans of the demo counties (idempotent)."""
    today = today or timezone.localdate()
    report = DemoProjectsReport()
    for spec, county in _resolve_counties():
        report.counties += 1
        report.observations += _add_observations(county, spec, today)
        user = User.objects.filter(role="governor", county=county).order_by("pk").first()
        for project_spec in spec.projects:
            report.projects += _project(county, project_spec, today, user) is not None
        for plan_spec in spec.plans:
            report.plans += _plan(county, plan_spec, today, user)
    return report
