"""Imports every table so Alembic and the tests see the whole schema."""

from sampark.activities.models import Activity
from sampark.auth.models import ApiToken, AuthSession, LoginThrottle
from sampark.calendars.models import CalendarFeed
from sampark.companies.models import Company
from sampark.core.audit import AuditEntry, AuditHead
from sampark.core.idempotency_models import IdempotencyRecord
from sampark.customfields.models import CustomField
from sampark.db import Base
from sampark.deals.models import Deal, DealStageChange, Pipeline, Stage
from sampark.identity.models import Identity, SourceRecord
from sampark.imports.models import ImportJob, ImportRowError
from sampark.jobs.models import DispatchCheckpoint, Job
from sampark.merges.models import Merge, MergeMove
from sampark.notifications.models import Notification
from sampark.orders.models import Order, OrderLine, Refund
from sampark.people.models import Person
from sampark.profiles.models import RfmBoundaries
from sampark.reminders.models import NotificationPreference
from sampark.resolution.models import MatchCandidate, ResolutionRun
from sampark.social.models import (
    SocialAlert,
    SocialAlertSettings,
    SocialConnector,
    SocialKeyword,
    SocialPost,
    SocialPostTeam,
    SocialReply,
    SocialRoutingDecision,
    SocialRoutingRule,
    SocialSentimentCorrection,
    SocialTeamCursor,
    SocialTermOverride,
    SocialThread,
)
from sampark.sources.models import Source
from sampark.sync.models import SyncConflict, SyncDevice, SyncHolding, SyncMutation
from sampark.tasks.models import Task
from sampark.tickets.models import (
    CannedReply,
)
from sampark.tracking.models import Event, InboxEvent
from sampark.users.models import Team, TeamMember, User
from sampark.views.models import SavedView, SavedViewDefault
from sampark.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from sampark.workflows.models import Workflow, WorkflowRun, WorkflowState

__all__ = [
    "Activity",
    "ApiToken",
    "AuditEntry",
    "AuditHead",
    "AuthSession",
    "Base",
    "CalendarFeed",
    "CannedReply",
    "Company",
    "CustomField",
    "Deal",
    "DealStageChange",
    "DispatchCheckpoint",
    "Event",
    "IdempotencyRecord",
    "Identity",
    "ImportJob",
    "ImportRowError",
    "InboxEvent",
    "Job",
    "LoginThrottle",
    "MatchCandidate",
    "Merge",
    "MergeMove",
    "Notification",
    "NotificationPreference",
    "Order",
    "OrderLine",
    "Person",
    "Pipeline",
    "Refund",
    "ResolutionRun",
    "RfmBoundaries",
    "SavedView",
    "SavedViewDefault",
    "SocialAlert",
    "SocialAlertSettings",
    "SocialConnector",
    "SocialKeyword",
    "SocialPost",
    "SocialPostTeam",
    "SocialReply",
    "SocialRoutingDecision",
    "SocialRoutingRule",
    "SocialSentimentCorrection",
    "SocialTeamCursor",
    "SocialTermOverride",
    "SocialThread",
    "Source",
    "SourceRecord",
    "Stage",
    "SyncConflict",
    "SyncDevice",
    "SyncHolding",
    "SyncMutation",
    "Task",
    "Team",
    "TeamMember",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "Workflow",
    "WorkflowRun",
    "WorkflowState",
]
