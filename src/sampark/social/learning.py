"""Learning from users: a sentiment correction is kept, and its post's words are counted;
a word that at least `LEARN_AFTER` corrections agree on (and none contradict as much) becomes
a learned term override used for later posts. Simple and explainable: the terms list shows
each learned word with its votes."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from sampark.core.context import Ctx
from sampark.identity.service import BatchResolver
from sampark.social.models import SocialPost, SocialSentimentCorrection, SocialTermOverride
from sampark.social.processing import SOURCE_NAME, author_handle_key

LEARN_AFTER = 2
# Strong enough to decide a post on its own in every language form (the forms' thresholds differ).
WEIGHTS = {"positive": 0.9, "negative": -0.9, "neutral": 0.0}
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Words that carry no sentiment in any of our language forms (kept short on purpose).
STOP = frozenset(
    "the and for you your this that with are was were have has had not but our from they them what when "
    "will would can could just very all any been more than then there their here about into out who why how "
    "hai hain hoy hobe kori koro ami tumi apni aap main mera meri tha thi ki ka ke ko se bhi".split()
)


def terms_of(text: str) -> list[str]:
    words = [w.lower() for w in _WORD.findall(re.sub(r"[#@]\w+|https?://\S+", " ", text))]
    return list(dict.fromkeys(w for w in words if w not in STOP))[:30]


def correct(ctx: Ctx, post: SocialPost, sentiment: str) -> None:
    terms = terms_of(post.text)
    ctx.session.add(
        SocialSentimentCorrection(
            post_id=post.id, user_id=ctx.principal.user_id, from_sentiment=post.sentiment,
            to_sentiment=sentiment, terms=terms,
        )
    )  # fmt: skip
    post.sentiment = sentiment
    post.sentiment_score = WEIGHTS[sentiment]
    post.sentiment_corrected = True
    _vote(ctx.session, terms, sentiment)


def _vote(session: Session, terms: list[str], sentiment: str) -> None:
    if not terms:
        return
    rows = {
        r.term: r
        for r in session.scalars(
            select(SocialTermOverride).where(
                SocialTermOverride.brand == "", SocialTermOverride.term.in_(terms)
            )
        )
    }
    for term in terms:
        row = rows.get(term)
        if row is None:
            row = SocialTermOverride(term=term, brand="", weight=0.0, source="learned", active=False,
                                     positive_votes=0, negative_votes=0, neutral_votes=0)  # fmt: skip
            session.add(row)
        if row.source != "learned":
            continue  # an admin's own weight is never overruled by votes
        setattr(row, f"{sentiment}_votes", getattr(row, f"{sentiment}_votes") + 1)
        votes = {"positive": row.positive_votes, "negative": row.negative_votes, "neutral": row.neutral_votes}
        best = max(votes, key=lambda k: votes[k])
        others = max(v for k, v in votes.items() if k != best)
        row.active = votes[best] >= LEARN_AFTER and votes[best] > others and best != "neutral"
        row.weight = WEIGHTS[best] if row.active else 0.0
    session.flush()


def teach_handle(session: Session, post: SocialPost, person_id: uuid.UUID) -> None:
    """A person linked by hand learns the author's handle, so later posts link by themselves."""
    key = author_handle_key(post)
    if key is None:
        return
    resolver = BatchResolver(session, [key], None, SOURCE_NAME)
    if person_id not in resolver.holders.get(key, set()):
        resolver.attach(person_id, [key])
        resolver.write()
