/** Short names for the social API's generated shapes. */
import type { components } from "../../api/schema";

type S = components["schemas"];

export type SocialPost = S["PostOut"];
export type SocialPostDetail = S["PostDetail"];
export type SocialPostUpdate = S["PostUpdate"];
export type SocialReply = S["ReplyOut"];
export type SocialDecision = S["DecisionOut"];
export type SocialThread = S["ThreadOut"];
export type SocialAnalytics = S["Analytics"];
export type SocialConnector = S["ConnectorOut"];
export type SocialConnectorCreate = S["ConnectorCreate"];
export type SocialConnectorUpdate = S["ConnectorUpdate"];
export type SocialRule = S["sampark__social__schemas__RuleOut"];
export type SocialRuleCreate = S["sampark__social__schemas__RuleCreate"];
export type SocialRuleUpdate = S["sampark__social__schemas__RuleUpdate"];
export type SocialRuleConditions = S["sampark__social__schemas__RuleConditions"];
export type SocialRuleAction = S["RuleAction"];
export type SocialKeyword = S["KeywordOut"];
export type SocialKeywordCreate = S["KeywordCreate"];
export type SocialTerm = S["TermOut"];
export type SocialTermCreate = S["TermCreate"];
export type SocialAlertSettings = S["AlertSettingsOut"];
export type SocialAlertSettingsUpdate = S["AlertSettingsUpdate"];
export type SocialAlert = S["AlertOut"];
export type SocialAlertCheck = S["AlertCheck"];
export type SocialConvert = S["ConvertIn"];
