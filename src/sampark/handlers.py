"""Imports every module that declares job kinds, schedules or event consumers, so a worker
(and the web process, which enqueues their jobs) knows them all. Add a domain's `jobs.py` here."""

import sampark.integrations.mail
import sampark.jobs.queue  # hands committed jobs to the queue
import sampark.profiles.jobs
import sampark.resolution.jobs
import sampark.tickets.jobs  # noqa: F401
