"""Social analytics over the posts the caller may see, in a date range: volume and sentiment by
day, the language-form and intent mix, share of voice against tracked competitors, top hashtags and keywords, engagement,
per-hashtag (campaign) performance and the teams' first-response times."""

from __future__ import annotations

import statistics
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select

from sampark.core.clock import as_utc, utcnow
from sampark.core.context import Ctx
from sampark.core.errors import FieldError, ValidationFailed
from sampark.core.permissions import Action, Obj
from sampark.social.models import SocialKeyword, SocialPost
from sampark.social.schemas import (
    Analytics,
    DayCount,
    Engagement,
    HashtagPerformance,
    SentimentDay,
    ShareOfVoice,
    TeamResponse,
    TopTerm,
)
from sampark.social.service import visible
from sampark.users import service as users

MAX_ROWS = 200_000


def analytics(
    ctx: Ctx, since: datetime | None, until: datetime | None, platform: list[str] | None
) -> Analytics:
    ctx.require(Obj.social, Action.read)
    until = until or utcnow()
    since = since or until - timedelta(days=30)
    if since >= until or until - since > timedelta(days=366):
        raise ValidationFailed(
            "The range must be positive and at most a year.", errors=[FieldError("since", "invalid range")]
        )
    p = SocialPost
    stmt = visible(ctx, select(
        p.posted_at, p.sentiment, p.sentiment_score, p.hashtags, p.keywords, p.likes, p.shares, p.replies,
        p.team_id, p.first_response_at, p.status, p.language, p.intent,
    ).select_from(p)).where(p.direction == "in", p.posted_at >= since, p.posted_at < until, p.processed_at.is_not(None))  # fmt: skip
    if platform:
        stmt = stmt.where(p.platform.in_(platform))
    rows = ctx.session.execute(stmt.limit(MAX_ROWS)).all()

    volume: Counter[str] = Counter()
    senti: dict[str, Counter[str]] = defaultdict(Counter)
    scores: dict[str, list[float]] = defaultdict(list)
    tags: Counter[str] = Counter()
    words: Counter[str] = Counter()
    voice: dict[str, Counter[str]] = defaultdict(Counter)
    perf: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    teams: dict[uuid.UUID | None, list[float]] = defaultdict(list)
    team_posts: Counter[uuid.UUID | None] = Counter()
    team_done: Counter[uuid.UUID | None] = Counter()
    languages: Counter[str] = Counter()
    intents: Counter[str] = Counter()
    likes = shares = replies = 0
    for at, sentiment, score, hashtags, keywords, lk, sh, rp, team_id, first, status, lang, intent in rows:
        languages[lang or "other"] += 1
        intents[intent or "other"] += 1
        day = as_utc(at).date().isoformat()
        volume[day] += 1
        senti[day][sentiment or "neutral"] += 1
        if score is not None:
            scores[day].append(score)
        likes, shares, replies = likes + lk, shares + sh, replies + rp
        for tag in hashtags or []:
            tags[tag] += 1
            cell = perf[tag]
            cell[0] += 1
            cell[1] += lk
            cell[2] += sh
            cell[3] += rp
            cell[4] += sentiment == "negative"
        for kw in keywords or []:
            words[kw["term"]] += 1
            if kw.get("kind") in ("brand", "competitor"):
                voice[kw["term"]][sentiment or "neutral"] += 1
        team_posts[team_id] += 1
        team_done[team_id] += status == "done"
        if first is not None:
            teams[team_id].append((as_utc(first) - as_utc(at)).total_seconds() / 60)

    kinds = {
        k.term: k.kind
        for k in ctx.session.scalars(
            select(SocialKeyword).where(SocialKeyword.kind.in_(("brand", "competitor")))
        )
    }
    for term in kinds:
        voice.setdefault(term, Counter())
    total_voice = sum(sum(c.values()) for c in voice.values()) or 1
    names = users.team_names(ctx.session, {t for t in team_posts if t is not None})
    days = sorted(volume)
    return Analytics(
        since=since, until=until,
        volume=[DayCount(day=d, count=volume[d]) for d in days],
        sentiment=[
            SentimentDay(day=d, negative=senti[d]["negative"], neutral=senti[d]["neutral"], positive=senti[d]["positive"],
                         average_score=round(statistics.fmean(scores[d]), 4) if scores[d] else None)
            for d in days
        ],
        share_of_voice=sorted(
            [ShareOfVoice(term=t, kind=kinds.get(t, "brand"), mentions=sum(c.values()),
                          share=round(sum(c.values()) / total_voice, 4), negative=c["negative"], positive=c["positive"])
             for t, c in voice.items()],
            key=lambda s: -s.mentions,
        ),
        top_hashtags=[TopTerm(term=t, count=n) for t, n in tags.most_common(20)],
        top_keywords=[TopTerm(term=t, count=n) for t, n in words.most_common(20)],
        languages=[TopTerm(term=t, count=n) for t, n in languages.most_common()],
        intents=[TopTerm(term=t, count=n) for t, n in intents.most_common()],
        engagement=Engagement(posts=len(rows), likes=likes, shares=shares, replies=replies,
                              average_per_post=round((likes + shares + replies) / len(rows), 2) if rows else 0.0),
        hashtags=[
            HashtagPerformance(hashtag=t, posts=c[0], likes=c[1], shares=c[2], replies=c[3],
                               negative_share=round(c[4] / c[0], 4) if c[0] else 0.0)
            for t, c in sorted(perf.items(), key=lambda kv: -kv[1][0])[:50]
        ],
        response_times=[
            TeamResponse(team_id=t, team=names.get(t) if t else None, posts=n, answered=len(teams[t]),
                         median_first_response_minutes=round(statistics.median(teams[t]), 1) if teams[t] else None,
                         done=team_done[t])
            for t, n in team_posts.most_common()
        ],
    )  # fmt: skip
