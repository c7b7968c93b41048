"""The few words reminders and digests say, in the app's languages (en, bn, hi).

Kept short and in one place so a translator can check them at a glance. A user's `locale`
picks the language; anything unknown falls back to English."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

CATALOGUE: dict[str, dict[str, str]] = {
    "en": {
        "reminder.title": "Reminder: {title}",
        "reminder.due": "Due {when}",
        "reminder.no_due": "No due time",
        "reminder.open": "Open the task: {url}",
        "digest.subject": "Your day in Sampark, {day}",
        "digest.title": "Your day: {count} item(s)",
        "digest.greeting": "Good morning, {name}.",
        "digest.due_today": "Due today ({n})",
        "digest.overdue": "Overdue ({n})",
        "digest.closing": "Deals closing this week ({n})",
        "digest.sla": "At risk of missing their SLA ({n})",
        "digest.more": "… and {n} more",
        "digest.footer": "Change or turn off this e-mail in your preferences: {url}",
        "digest.close_on": "closes {day}",
    },
    "bn": {
        "reminder.title": "রিমাইন্ডার: {title}",
        "reminder.due": "শেষ সময় {when}",
        "reminder.no_due": "শেষ সময় নেই",
        "reminder.open": "কাজটি খুলুন: {url}",
        "digest.subject": "Sampark-এ আপনার দিন, {day}",
        "digest.title": "আপনার দিন: {count}টি বিষয়",
        "digest.greeting": "সুপ্রভাত, {name}।",
        "digest.due_today": "আজ শেষ সময় ({n})",
        "digest.overdue": "সময় পেরিয়ে গেছে ({n})",
        "digest.closing": "এই সপ্তাহে বন্ধ হওয়ার কথা ({n})",
        "digest.sla": "SLA ঝুঁকিতে ({n})",
        "digest.more": "… আরও {n}টি",
        "digest.footer": "এই ই-মেইল বদলাতে বা বন্ধ করতে পছন্দসমূহে যান: {url}",
        "digest.close_on": "বন্ধ হবে {day}",
    },
    "hi": {
        "reminder.title": "रिमाइंडर: {title}",
        "reminder.due": "नियत समय {when}",
        "reminder.no_due": "कोई नियत समय नहीं",
        "reminder.open": "काम खोलें: {url}",
        "digest.subject": "Sampark में आपका दिन, {day}",
        "digest.title": "आपका दिन: {count} काम",
        "digest.greeting": "सुप्रभात, {name}।",
        "digest.due_today": "आज नियत ({n})",
        "digest.overdue": "समय बीत चुका ({n})",
        "digest.closing": "इस सप्ताह बंद होने वाली डील ({n})",
        "digest.sla": "SLA जोखिम में ({n})",
        "digest.more": "… और {n}",
        "digest.footer": "यह ई-मेल बदलने या बंद करने के लिए अपनी पसंद देखें: {url}",
        "digest.close_on": "बंद होगी {day}",
    },
}


def t(locale: str | None, key: str, **values: Any) -> str:
    """The message `key` in `locale` (English when the language or the key is missing)."""
    table = CATALOGUE.get((locale or "en").split("-")[0].lower(), CATALOGUE["en"])
    return table.get(key, CATALOGUE["en"][key]).format(**values)


def when(value: datetime) -> str:
    """A local date and time, written the same way in every language: 2026-03-12 15:00 (+06)."""
    offset = value.strftime("%z")
    short = offset[:3] if offset.endswith("00") else f"{offset[:3]}:{offset[3:]}"
    return f"{value:%Y-%m-%d %H:%M} ({short})"


def day(value: date) -> str:
    return value.isoformat()
