"""The participation dimension and its derived indicators (plain data, no models).

Used by the service that stores measures and by the migration that creates the indicators.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

PARTICIPATION_DIMENSION = {
    "code": "participation",
    "name_fa": "مشارکت",
    "name_en": "Participation",
    "is_challenge": False,
    "order": 6,
}

# code: (name_fa, name_en, unit, direction, min, max)
PARTICIPATION_INDICATORS: dict[str, tuple[str, str, str, str, float, float | None]] = {
    "participation_ring_coverage": (
        "پوشش حلقه‌های میانی (۹۰ روز)",
        "Middle-ring coverage (90 days)",
        "%",
        "higher",
        0,
        100,
    ),
    "participation_meeting_regularity": (
        "منظم‌بودن نشست‌ها (برگزارشده به برنامه‌ریزی‌شده)",
        "Meeting regularity (held / scheduled)",
        "%",
        "higher",
        0,
        100,
    ),
    "participation_commitment_completion": (
        "انجام تعهدات سررسیدشده",
        "Commitments completed when due",
        "%",
        "higher",
        0,
        100,
    ),
    "participation_critique_response_rate": (
        "نرخ پاسخ به نقدها",
        "Critique response rate",
        "%",
        "higher",
        0,
        100,
    ),
    "participation_critique_response_days": (
        "میانه روزهای پاسخ به نقد",
        "Median days to answer a critique",
        "days",
        "lower",
        0,
        None,
    ),
    "participation_investor_conversion": (
        "تبدیل سرمایه‌گذاران (رسیده به مرحله سرمایه‌گذاری)",
        "Investor conversion (reached investing)",
        "%",
        "higher",
        0,
        100,
    ),
    "participation_realized_jobs": (
        "اشتغال محقق‌شده سرمایه‌گذاری‌ها",
        "Jobs realized by investments",
        "jobs",
        "higher",
        0,
        None,
    ),
}
# Stored as English text; pages show it translated.
MEASURE_SOURCE = gettext_noop("Tavazon participation register (computed)")
