/** A social post as the API returns it, for component tests. */
import type { SocialPostDetail, SocialReply } from "./types";

export const POST_ID = "00000000-0000-7000-8000-0000000000s1";

export function makePost(overrides: Partial<SocialPostDetail> = {}): SocialPostDetail {
  return {
    id: POST_ID,
    platform: "facebook",
    account_id: "page1",
    external_id: "page1_c1",
    connector_id: "00000000-0000-7000-8000-0000000000c1",
    thread_id: "00000000-0000-7000-8000-0000000000t1",
    kind: "comment",
    direction: "in",
    parent_external_id: null,
    thread_external_id: null,
    author_external_id: "fan1",
    author_handle: null,
    author_name: "Rahim Uddin",
    author_followers: 120,
    text: "পার্সেল ভাঙা এসেছে",
    posted_at: "2026-12-06T10:00:00Z",
    likes: 0,
    shares: 0,
    replies: 0,
    url: null,
    language: "bn",
    sentiment: "negative",
    sentiment_score: -0.9,
    sentiment_corrected: false,
    intent: "complaint",
    intent_confidence: 0.97,
    hashtags: [],
    keywords: [],
    evidence: ["ভাঙা"],
    priority_score: 49,
    priority: "normal",
    priority_reasons: ["intent complaint +30", "negative sentiment +19"],
    status: "open",
    team_id: null,
    teams: [],
    assignee_id: null,
    person_id: null,
    ticket_id: null,
    deal_id: null,
    processed_at: "2026-12-06T10:00:01Z",
    first_response_at: null,
    done_at: null,
    created_at: "2026-12-06T10:00:00Z",
    updated_at: "2026-12-06T10:00:00Z",
    version: 1,
    raw: {},
    ...overrides,
  };
}

export function makeReply(overrides: Partial<SocialReply> = {}): SocialReply {
  return {
    id: "00000000-0000-7000-8000-0000000000r1",
    post_id: POST_ID,
    thread_id: null,
    author_user_id: null,
    text: "দুঃখিত!",
    status: "sent",
    attempts: 1,
    external_id: "reply_1",
    response_status: 200,
    last_error: null,
    created_at: "2026-12-06T10:05:00Z",
    sent_at: "2026-12-06T10:05:01Z",
    ...overrides,
  };
}
