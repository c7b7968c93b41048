"""Imports every module that declares job kinds or event consumers, so a worker (and the web
process, which enqueues them) knows them all. Add a domain's `jobs.py` here."""

import sampark.integrations.mail
import sampark.jobs.queue  # hands committed jobs to the queue
import sampark.reminders.jobs
import sampark.workflows.engine  # noqa: F401  (workflow rules: events consumer, run and periodic jobs)
