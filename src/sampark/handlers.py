"""Imports every module that declares job kinds, schedules or event consumers, so a worker
(and the web process, which enqueues their jobs) knows them all. Add a domain's `jobs.py` here."""

import sampark.geo.jobs
import sampark.integrations.mail
import sampark.jobs.maintenance
import sampark.jobs.queue  # hands committed jobs to the queue
import sampark.profiles.jobs
import sampark.reminders.jobs
import sampark.resolution.jobs
import sampark.social.jobs
import sampark.sync.jobs
import sampark.tickets.jobs
import sampark.tracking.jobs
import sampark.webhooks.jobs
import sampark.workflows.engine  # noqa: F401  (workflow rules: events consumer, run and periodic jobs)
