"""Word pools for the demo data: names, places, phones, products.

Faker is asked once per pool, seeded, and the pools are then combined with a plain
`random.Random` — a million Faker calls would take minutes, a few thousand take a second.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import cache

import phonenumbers
from faker import Faker

# --- places --------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    name: str
    region: str
    country: str
    lat: float
    lon: float
    postcode: int  # the first postal code of the city; others are a few numbers on
    weight: int
    bengali: bool = False  # a place where Bengali names are common


CITIES: tuple[City, ...] = (
    City("Dhaka", "Dhaka", "BD", 23.8103, 90.4125, 1205, 30, True),
    City("Chattogram", "Chattogram", "BD", 22.3569, 91.7832, 4000, 12, True),
    City("Gazipur", "Dhaka", "BD", 23.9999, 90.4203, 1700, 5, True),
    City("Narayanganj", "Dhaka", "BD", 23.6238, 90.5000, 1400, 4, True),
    City("Khulna", "Khulna", "BD", 22.8456, 89.5403, 9000, 5, True),
    City("Rajshahi", "Rajshahi", "BD", 24.3745, 88.6042, 6000, 5, True),
    City("Sylhet", "Sylhet", "BD", 24.8949, 91.8687, 3100, 5, True),
    City("Cumilla", "Chattogram", "BD", 23.4607, 91.1809, 3500, 4, True),
    City("Barishal", "Barishal", "BD", 22.7010, 90.3535, 8200, 3, True),
    City("Rangpur", "Rangpur", "BD", 25.7439, 89.2752, 5400, 3, True),
    City("Mymensingh", "Mymensingh", "BD", 24.7471, 90.4203, 2200, 3, True),
    City("Bogura", "Rajshahi", "BD", 24.8465, 89.3773, 5800, 2, True),
    City("Jashore", "Khulna", "BD", 23.1664, 89.2081, 7400, 2, True),
    City("Cox's Bazar", "Chattogram", "BD", 21.4272, 92.0058, 4700, 2, True),
    City("Savar", "Dhaka", "BD", 23.8583, 90.2667, 1340, 2, True),
    City("Sreemangal", "Sylhet", "BD", 24.3065, 91.7296, 3210, 1, True),
    City("Kolkata", "West Bengal", "IN", 22.5726, 88.3639, 700001, 10, True),
    City("Siliguri", "West Bengal", "IN", 26.7271, 88.3953, 734001, 2, True),
    City("Agartala", "Tripura", "IN", 23.8315, 91.2868, 799001, 1, True),
    City("Guwahati", "Assam", "IN", 26.1445, 91.7362, 781001, 2),
    City("Mumbai", "Maharashtra", "IN", 19.0760, 72.8777, 400001, 10),
    City("Delhi", "Delhi", "IN", 28.7041, 77.1025, 110001, 10),
    City("Bengaluru", "Karnataka", "IN", 12.9716, 77.5946, 560001, 8),
    City("Chennai", "Tamil Nadu", "IN", 13.0827, 80.2707, 600001, 6),
    City("Hyderabad", "Telangana", "IN", 17.3850, 78.4867, 500001, 6),
    City("Pune", "Maharashtra", "IN", 18.5204, 73.8567, 411001, 5),
    City("Ahmedabad", "Gujarat", "IN", 23.0225, 72.5714, 380001, 4),
    City("Jaipur", "Rajasthan", "IN", 26.9124, 75.7873, 302001, 4),
    City("Lucknow", "Uttar Pradesh", "IN", 26.8467, 80.9462, 226001, 4),
    City("Varanasi", "Uttar Pradesh", "IN", 25.3176, 82.9739, 221001, 2),
    City("Patna", "Bihar", "IN", 25.5941, 85.1376, 800001, 3),
    City("Bhopal", "Madhya Pradesh", "IN", 23.2599, 77.4126, 462001, 2),
    City("Indore", "Madhya Pradesh", "IN", 22.7196, 75.8577, 452001, 2),
    City("Nagpur", "Maharashtra", "IN", 21.1458, 79.0882, 440001, 2),
    City("Kochi", "Kerala", "IN", 9.9312, 76.2673, 682001, 2),
    City("Dubai", "Dubai", "AE", 25.2048, 55.2708, 0, 3),
    City("Singapore", "Singapore", "SG", 1.3521, 103.8198, 238801, 2),
    City("London", "England", "GB", 51.5074, -0.1278, 0, 2),
    City("New York", "New York", "US", 40.7128, -74.0060, 10001, 1),
    City("Kuala Lumpur", "Kuala Lumpur", "MY", 3.1390, 101.6869, 50000, 1),
    City("Kathmandu", "Bagmati", "NP", 27.7172, 85.3240, 44600, 1),
)

COUNTRY_WEIGHTS = {"BD": 55, "IN": 38, "other": 7}
BD_CITIES = tuple(c for c in CITIES if c.country == "BD")
IN_CITIES = tuple(c for c in CITIES if c.country == "IN")
OTHER_CITIES = tuple(c for c in CITIES if c.country not in ("BD", "IN"))

BD_AREAS = (
    "Dhanmondi", "Gulshan", "Banani", "Mirpur", "Uttara", "Mohammadpur", "Motijheel", "Farmgate",
    "Bashundhara", "Agrabad", "Nasirabad", "Zindabazar", "Shaheb Bazar", "Sonadanga", "Kotwali",
)  # fmt: skip
IN_AREAS = (
    "Salt Lake", "Park Street", "Andheri West", "Bandra", "Connaught Place", "Karol Bagh", "Koramangala",
    "Indiranagar", "T. Nagar", "Banjara Hills", "Kothrud", "Navrangpura", "Hazratganj", "Gariahat",
)  # fmt: skip

# --- names ---------------------------------------------------------------------------------

# Bangladeshi names as they are written in Latin letters (Faker has no en_BD).
BD_LATIN_MALE = (
    "Mohammad", "Md.", "Abdul", "Rahim", "Karim", "Arif", "Tanvir", "Rafiq", "Kamal", "Jamal", "Sohel",
    "Imran", "Shakib", "Mahmud", "Nazmul", "Habib", "Rakib", "Sajib", "Faisal", "Ashraf", "Mizanur",
    "Shahidul", "Anisur", "Belal", "Delwar", "Emon", "Fahim", "Jahid", "Masud", "Nayeem", "Rashed",
    "Sabbir", "Tariq", "Zahid", "Alamgir", "Mostafa", "Rubel", "Shafiq", "Touhid", "Monir",
)  # fmt: skip
BD_LATIN_FEMALE = (
    "Nusrat", "Sumaiya", "Farhana", "Tahmina", "Shirin", "Nasrin", "Fatema", "Ayesha", "Rumana", "Sadia",
    "Sharmin", "Taslima", "Jannatul", "Nadia", "Rokeya", "Salma", "Mahfuza", "Sabina", "Laila", "Mitu",
    "Tania", "Israt", "Afroza", "Dilruba", "Moushumi", "Shapla", "Rima", "Bristy", "Anika", "Tasnim",
)  # fmt: skip
BD_LATIN_FAMILY = (
    "Rahman", "Hossain", "Islam", "Ahmed", "Chowdhury", "Khan", "Uddin", "Alam", "Akter", "Begum",
    "Sarkar", "Mia", "Haque", "Talukder", "Sikder", "Bhuiyan", "Mollah", "Kabir", "Siddique", "Das",
    "Roy", "Saha", "Paul", "Biswas", "Mahmud", "Karim", "Hasan", "Sultana", "Jahan", "Sheikh",
)  # fmt: skip
FEMALE_ONLY_FAMILY = frozenset({"Akter", "Begum", "Sultana", "Jahan"})

# --- business words ------------------------------------------------------------------------

INDUSTRIES = (
    "Garments", "Textiles", "Pharmaceuticals", "Tea", "Agro processing", "Electronics retail",
    "FMCG distribution", "Construction", "Logistics", "Software", "Education", "Healthcare",
    "Hospitality", "Jute", "Leather", "Furniture", "Telecom", "Banking", "Steel", "Ceramics",
)  # fmt: skip
COMPANY_SUFFIX_BD = ("Traders", "Enterprise", "Ltd.", "Group", "Industries Ltd.", "& Sons", "Corporation")
COMPANY_SUFFIX_IN = ("Pvt. Ltd.", "Enterprises", "Industries", "Traders", "& Co.", "Solutions", "Exports")
COMPANY_WORDS = (
    "Padma", "Meghna", "Jamuna", "Karnaphuli", "Sundarban", "Rupali", "Sonali", "Shapla", "Bengal",
    "Ganga", "Himalaya", "Lotus", "Sunrise", "Green Valley", "Royal", "Star", "Delta", "Eastern",
    "Northern", "Southern", "Orient", "Pioneer", "Unity", "Prime", "Crescent", "Silk Route", "Monsoon",
)  # fmt: skip
COMPANY_SIZES = ("1-10", "11-50", "51-200", "201-500", "501-1000", "1001-5000", "5000+")
COMPANY_SIZE_WEIGHTS = (30, 30, 18, 10, 6, 4, 2)

TAGS = (
    "vip", "wholesale", "retail", "repeat-buyer", "newsletter", "whatsapp-optin", "eid-offer",
    "diwali-offer", "puja-offer", "trade-fair-2025", "distributor", "export", "credit-hold",
    "tea-estate", "garments", "pharma", "price-sensitive", "referral-partner",
)  # fmt: skip
LEAD_SOURCES = (
    "Walk-in", "Referral", "Facebook", "Website", "Trade fair", "Cold call", "WhatsApp", "Google Ads",
    "Partner", "Field visit", "Instagram", "Email campaign",
)  # fmt: skip
LEAD_SOURCE_WEIGHTS = (14, 16, 14, 10, 6, 8, 10, 6, 5, 6, 3, 2)
LIFECYCLE = (
    "subscriber", "lead", "marketing-qualified", "sales-qualified", "opportunity", "customer",
    "evangelist", "other",
)  # fmt: skip
LIFECYCLE_WEIGHTS = (8, 34, 10, 9, 10, 22, 3, 4)

PRODUCTS = (
    "Industrial sewing machines", "Knitting machine service contract", "Tea garden irrigation pumps",
    "Cold storage unit", "Solar rooftop system", "Office furniture", "Delivery vans", "POS terminals",
    "ERP licences", "Pharma packaging line", "Rice mill upgrade", "Diesel generator", "CCTV installation",
    "Bulk fabric order", "Annual maintenance contract", "Laptop fleet", "Mobile handsets (bulk)",
    "Warehouse racking", "Water purification plant", "Motorcycles (fleet)", "Steel rods", "Cement (bulk)",
)  # fmt: skip
LOST_REASONS = (
    "Price too high", "Chose a competitor", "No budget this year", "No response", "Timing",
    "Went with local supplier", "Financing not approved",
)  # fmt: skip

ACTIVITY_KINDS = ("call", "meeting", "visit", "note", "email")
ACTIVITY_KIND_WEIGHTS = (40, 15, 15, 20, 10)
CALL_OUTCOMES = ("Connected", "No answer", "Left voicemail", "Call back later", "Busy", "Wrong number")
MEETING_OUTCOMES = (
    "Interested",
    "Needs a quotation",
    "Follow-up scheduled",
    "Not interested",
    "Decision pending",
)
SUBJECTS = {
    "call": ("Intro call", "Follow-up call", "Price discussion", "Payment reminder", "Delivery update"),
    "meeting": ("Product demo", "Quarterly review", "Negotiation meeting", "Kick-off meeting"),
    "visit": ("Site visit", "Showroom visit", "Factory visit", "Shop visit", "Warehouse inspection"),
    "note": (
        "Customer prefers WhatsApp",
        "Asked for Bengali brochure",
        "Budget approved",
        "Owner travelling",
    ),
    "email": ("Sent quotation", "Sent catalogue", "Shared invoice", "Sent meeting summary"),
}
TASK_TITLES = (
    "Call back", "Send quotation to", "Follow up with", "Collect payment from", "Schedule demo for",
    "Send brochure to", "Confirm delivery with", "Visit",
)  # fmt: skip

# --- phones --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhonePlan:
    """How to draw a national mobile number for a region; checked against libphonenumber's pattern."""

    region: str
    country_code: int
    prefixes: tuple[str, ...]
    length: int


PHONE_PLANS = {
    "BD": PhonePlan("BD", 880, ("17", "17", "17", "13", "19", "19", "18", "18", "16", "15", "14"), 10),
    "IN": PhonePlan(
        "IN", 91, ("98", "99", "97", "96", "94", "93", "91", "90", "89", "88", "70", "73", "62"), 10
    ),
    "AE": PhonePlan("AE", 971, ("50", "52", "54", "55", "56", "58"), 9),
    "SG": PhonePlan("SG", 65, ("8", "9"), 8),
    "GB": PhonePlan("GB", 44, ("71", "73", "74", "75", "77", "78", "79"), 10),
    "US": PhonePlan("US", 1, ("212", "415", "646", "718", "917", "312"), 10),
    "MY": PhonePlan("MY", 60, ("12", "13", "16", "17", "19"), 9),
    "NP": PhonePlan("NP", 977, ("984", "985", "986", "980"), 10),
}


@cache
def _mobile_pattern(region: str) -> re.Pattern[str]:
    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    pattern = meta.mobile.national_number_pattern if meta is not None and meta.mobile is not None else None
    if not pattern:
        raise LookupError(f"libphonenumber has no mobile pattern for {region}")
    return re.compile(pattern)


def phone_number(rng: random.Random, region: str) -> str:
    """A valid E.164 mobile number of `region`, drawn from `rng` (redrawn until valid)."""
    plan = PHONE_PLANS[region]
    pattern = _mobile_pattern(region)
    while True:
        prefix = rng.choice(plan.prefixes)
        rest = plan.length - len(prefix)
        national = prefix + str(rng.randrange(10**rest)).zfill(rest)
        if pattern.fullmatch(national):
            return f"+{plan.country_code}{national}"


# --- Faker pools ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NamePool:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]


@dataclass(frozen=True)
class Pools:
    bengali: NamePool  # Bengali script
    hindi: NamePool  # Devanagari
    bd_latin: NamePool  # romanised Bangladeshi
    in_latin: NamePool  # romanised Indian
    english: NamePool
    bn_streets: tuple[str, ...]
    hi_streets: tuple[str, ...]
    in_streets: tuple[str, ...]
    en_streets: tuple[str, ...]
    company_words: tuple[str, ...]


def _sample(fn: object, count: int) -> tuple[str, ...]:
    """Up to `count` distinct values of a Faker method, in first-seen order."""
    seen: dict[str, None] = {}
    for _ in range(count * 3):
        seen.setdefault(str(fn()), None)  # type: ignore[operator]
        if len(seen) >= count:
            break
    return tuple(seen)


def _faker(locale: str, seed: int) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return fake


def _names(fake: Faker, count: int) -> NamePool:
    return NamePool(
        male=_sample(fake.first_name_male, count),
        female=_sample(fake.first_name_female, count),
        family=_sample(fake.last_name, count),
    )


def build_pools(seed: int) -> Pools:
    bn, hi, en_in = _faker("bn_BD", seed), _faker("hi_IN", seed), _faker("en_IN", seed)
    en_us, en_gb = _faker("en_US", seed), _faker("en_GB", seed)
    us, gb = _names(en_us, 120), _names(en_gb, 120)
    english = NamePool(
        male=tuple(dict.fromkeys(us.male + gb.male)),
        female=tuple(dict.fromkeys(us.female + gb.female)),
        family=tuple(dict.fromkeys(us.family + gb.family)),
    )
    in_names = _names(en_in, 300)
    return Pools(
        bengali=_names(bn, 300),
        hindi=_names(hi, 300),
        bd_latin=NamePool(BD_LATIN_MALE, BD_LATIN_FEMALE, BD_LATIN_FAMILY),
        in_latin=in_names,
        english=english,
        bn_streets=_sample(bn.street_name, 150),
        hi_streets=_sample(hi.street_name, 150),
        in_streets=_sample(en_in.street_name, 150),
        en_streets=_sample(en_gb.street_name, 150),
        company_words=tuple(dict.fromkeys(COMPANY_WORDS + _sample(en_in.last_name, 60))),
    )
