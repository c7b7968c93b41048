/** The values the social API filters and shows (as in src/sampark/social/schemas.py). */
export const PLATFORMS = ["facebook", "instagram", "whatsapp", "x", "other"] as const;
export const SENTIMENTS = ["negative", "neutral", "positive"] as const;
export const INTENTS = [
  "complaint",
  "purchase_intent",
  "question",
  "praise",
  "spam",
  "other",
] as const;
export const LANGUAGES = ["en", "bn", "hi", "bn-Latn", "hi-Latn", "other"] as const;
export const STATUSES = ["new", "open", "done", "hidden"] as const;
export const PRIORITIES = ["urgent", "high", "normal", "low"] as const;
export const KEYWORD_KINDS = ["brand", "product", "competitor", "campaign"] as const;
export const POST_KINDS = ["comment", "mention", "message", "post"] as const;
export const ACTION_TYPES = ["route", "copy", "ticket", "lead", "hide", "assign"] as const;

export type Platform = (typeof PLATFORMS)[number];
export type SentimentValue = (typeof SENTIMENTS)[number];
export type IntentValue = (typeof INTENTS)[number];
export type LanguageForm = (typeof LANGUAGES)[number];
export type PostStatusValue = (typeof STATUSES)[number];
export type PriorityValue = (typeof PRIORITIES)[number];

export const SENTIMENT_COLOR: Record<string, string> = {
  negative: "red",
  neutral: "gray",
  positive: "teal",
};

export const INTENT_COLOR: Record<string, string> = {
  complaint: "red",
  purchase_intent: "green",
  question: "blue",
  praise: "teal",
  spam: "gray",
  other: "gray",
};

export const PRIORITY_COLOR: Record<string, string> = {
  low: "gray",
  normal: "blue",
  high: "orange",
  urgent: "red",
};

export const STATUS_COLOR: Record<string, string> = {
  new: "blue",
  open: "brand",
  done: "teal",
  hidden: "gray",
};
