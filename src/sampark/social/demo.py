"""Demo social data: tracked keywords, the default routing rules, and a few hundred posts over
the last two weeks on every platform, in English, Bengali, Hindi, Banglish and Hinglish —
understood, prioritised and routed like real ones."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, select

from sampark.db import Database
from sampark.social import ingest, processing, routing
from sampark.social.models import SocialKeyword, SocialPost
from sampark.social.platforms import Incoming

KEYWORDS = (("sampark", "brand", None), ("sampark tea", "product", "sampark"), ("bazaarbd", "competitor", None),
            ("chaiwala", "competitor", None), ("eidsale", "campaign", None))  # fmt: skip

TEXTS = (
    "My Sampark tea order arrived broken, I want a refund #EidSale",
    "Worst delivery ever, still waiting after 10 days",
    "How much is the 500g pack of Sampark tea? Want to buy for the office",
    "Is the green tea back in stock?",
    "Love the new packaging, great taste! #EidSale",
    "Sampark tea is better than BazaarBD honestly",
    "আমার অর্ডার এখনো আসেনি, খুব খারাপ সার্ভিস",
    "চা টা অসাধারণ, ধন্যবাদ!",
    "দাম কত? আমি দুই প্যাকেট কিনতে চাই",
    "मेरा ऑर्डर टूटा हुआ आया, पैसे वापस चाहिए",
    "बहुत बढ़िया चाय है, धन्यवाद",
    "ye chai kitne ki hai? order karna hai",
    "delivery bahut late hai yaar, bekar service",
    "vai order ta kobe asbe? khub baje service",
    "cha ta darun, abar kinbo",
    "Win free money now!!! click here",
    "Chaiwala has a sale on, do you match the price?",
)
HANDLES = (
    "rahim_k",
    "nadia.s",
    "priya_m",
    "arjun_das",
    "tanvir88",
    "mitu_akter",
    "rohit_v",
    "farzana_r",
    "dev_k",
)
PLATFORMS = ("facebook", "instagram", "whatsapp", "x")


def load(db: Database, seed: int, now: datetime, count: int = 240) -> int:
    """Write the demo posts (once: a second load adds none). Answers how many were written."""
    rng = random.Random(f"social-{seed}")  # noqa: S311  (demo data, not secrets)
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(SocialPost)):
            return 0
        for term, kind, brand in KEYWORDS:
            if not session.scalar(select(SocialKeyword.id).where(SocialKeyword.term == term)):
                session.add(SocialKeyword(term=term, kind=kind, brand=brand, enabled=True))
        routing.ensure_defaults(session)
        items = []
        for index in range(count):
            platform = rng.choice(PLATFORMS)
            handle = rng.choice(HANDLES)
            at = now - timedelta(minutes=rng.randrange(14 * 24 * 60))
            items.append(
                Incoming(
                    platform=platform,
                    external_id=f"demo-{index}",
                    account_id="demo-page",
                    kind="message"
                    if platform == "whatsapp"
                    else rng.choice(("comment", "mention", "comment")),
                    text=rng.choice(TEXTS),
                    posted_at=at,
                    author_handle=handle,
                    author_name=handle.replace("_", " ").replace(".", " ").title(),
                    author_followers=int(rng.paretovariate(1.2) * 80),
                    likes=rng.randrange(0, 40),
                    shares=rng.randrange(0, 8),
                    replies=rng.randrange(0, 5),
                    thread_external_id=f"demo-thread-{index // 3}",
                )
            )
        stored = ingest.store(session, items)
        ids = [pid for pid, dup in stored if not dup]
        processing.process(session, ids)
        return len(ids)
