"""Imports every module that declares job kinds or event consumers, so a worker (and the web
process, which enqueues them) knows them all. Add a domain's `jobs.py` here."""

import sampark.integrations.mail
import sampark.jobs.queue
import sampark.reminders.jobs
import sampark.workflows.engine  # noqa: F401  (job kinds, consumers; committed jobs reach the queue)
