"""A multi-source customer set that looks like our users': the same people across a CRM, a shop
till, a web shop and a support desk, with the problems real data has.

- CRM: the romanised name as the sales team typed it, e-mail, phone, address, date of birth.
- Till: the name in Bengali or Devanagari script, a phone (10 % of households share one phone
  between two people of one family), the city; no e-mail.
- Web: another romanisation (Md./Mohd./Muhammad, Chowdhury/Choudhury …), an e-mail (20 % changed
  it since: a new address), date of birth.
- Support: a typo in the name, the e-mail or the phone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

# (romanisations, Bengali, Devanagari)
GIVEN = [
    (["Mohammad", "Md.", "Mohd", "Muhammad", "Mohammed"], "মোহাম্মদ", "मोहम्मद"),
    (["Sunita", "Suneeta"], "সুনীতা", "सुनीता"),
    (["Rahim", "Raheem"], "রহিম", "रहीम"),
    (["Farhana", "Farhaana"], "ফারহানা", "फ़रहाना"),
    (["Bijoy", "Bijay", "Vijay"], "বিজয়", "विजय"),
    (["Nasrin", "Nasreen"], "নাসরিন", "नसरीन"),
    (["Amit", "Amith"], "অমিত", "अमित"),
    (["Priyanka", "Priyonka"], "প্রিয়াঙ্কা", "प्रियंका"),
    (["Rahul", "Raahul"], "রাহুল", "राहुल"),
    (["Sumaiya", "Sumaya"], "সুমাইয়া", "सुमैया"),
    (["Jayanta", "Joyonto", "Jayant"], "জয়ন্ত", "जयंत"),
    (["Anika", "Aanika"], "অনিকা", "अनिका"),
    (["Karim", "Kareem"], "করিম", "करीम"),
    (["Tania", "Tanya"], "তানিয়া", "तानिया"),
    (["Sourav", "Saurav", "Sourabh"], "সৌরভ", "सौरभ"),
    (["Ayesha", "Aisha"], "আয়েশা", "आयशा"),
]
FAMILY = [
    (["Rahman", "Rehman"], "রহমান", "रहमान"),
    (["Sharma", "Sarma"], "শর্মা", "शर्मा"),
    (["Chowdhury", "Choudhury", "Chaudhary"], "চৌধুরী", "चौधरी"),
    (["Hossain", "Hossen", "Hussain"], "হোসেন", "हुसैन"),
    (["Islam"], "ইসলাম", "इस्लाम"),
    (["Biswas", "Bishwas"], "বিশ্বাস", "विश्वास"),
    (["Das"], "দাস", "दास"),
    (["Akter", "Akhtar"], "আক্তার", "अख़्तर"),
    (["Khan"], "খান", "ख़ान"),
    (["Roy", "Ray"], "রায়", "राय"),
    (["Kumar"], "কুমার", "कुमार"),
    (["Sheikh", "Shaikh"], "শেখ", "शेख़"),
    (["Ahmed", "Ahmad"], "আহমেদ", "अहमद"),
    (["Mitra"], "মিত্র", "मित्र"),
    (["Banerjee", "Banerji"], "ব্যানার্জী", "बनर्जी"),
    (["Ghosh", "Ghose"], "ঘোষ", "घोष"),
]
CITIES = [
    "Dhaka",
    "Chittagong",
    "Khulna",
    "Rajshahi",
    "Sylhet",
    "Kolkata",
    "Delhi",
    "Mumbai",
    "Patna",
    "Barisal",
]
SOURCES = ("crm", "till", "web", "support")


@dataclass
class Generated:
    by_source: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    truth: dict[tuple[str, str], str] = field(default_factory=dict)  # (source, key) → true person


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.random()
    if op < 0.4:
        return text[:i] + text[i + 1 :]
    if op < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice("aeioulnrst") + text[i + 1 :]


def generate(records: int, seed: int = 7) -> Generated:
    rng = random.Random(seed)
    out = Generated(by_source={s: [] for s in SOURCES})
    people = max(1, int(records / 2.5))
    household_phone: dict[int, str] = {}
    made = 0
    for n in range(people):
        gi, fi = rng.randrange(len(GIVEN)), rng.randrange(len(FAMILY))
        # Many people share a first and last name: the rest of the record has to tell them apart.
        given, family = GIVEN[gi], FAMILY[fi]
        native = 1 if rng.random() < 0.6 else 2
        dob = f"{rng.randint(1950, 2004)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        city = rng.choice(CITIES)
        postal = str(rng.randint(1000, 9999))
        road = f"House {rng.randint(1, 200)}, Road {rng.randint(1, 40)}, {rng.choice(['Block A', 'Block B', 'Sector 3', 'Lane 7'])}"
        user = f"{given[0][0].lower().rstrip('.')}.{family[0][0].lower()}{n}"
        email = f"{user}@{rng.choice(['gmail.com', 'yahoo.com', 'outlook.com'])}"
        phone = f"+8801{rng.randint(3, 9)}{n % 100_000_000:08d}"
        household = n // 2 if rng.random() < 0.1 else None
        if household is not None:
            phone = household_phone.setdefault(household, phone)
        chosen = [s for s in SOURCES if rng.random() < 0.62] or [rng.choice(SOURCES)]
        for source in chosen:
            key = f"{source}-{n}"
            rec: dict[str, Any] = {"key": key, "city": city, "postal_code": postal}
            if source == "crm":
                rec.update(given_name=given[0][0], family_name=family[0][0], email=email, phone=phone,
                           address_line=road, payload={"dob": dob})  # fmt: skip
            elif source == "till":
                rec.update(given_name=given[native], family_name=family[native], phone=phone)
            elif source == "web":
                new_email = f"{user}.{rng.randint(1, 99)}@gmail.com" if rng.random() < 0.2 else email
                rec.update(given_name=rng.choice(given[0]), family_name=rng.choice(family[0]), email=new_email,
                           payload={"dob": dob})  # fmt: skip
            else:
                rec.update(given_name=_typo(rng, given[0][0]), family_name=family[0][-1])
                if rng.random() < 0.5:
                    rec["email"] = email
                else:
                    rec["phone"] = phone
                rec["payload"] = {"date_of_birth": dob} if rng.random() < 0.5 else {}
            out.by_source[source].append(rec)
            out.truth[(source, key)] = str(n)
            made += 1
            if made >= records:
                return out
    return out
