"""Workflow rules: when a record changes (or a date or a schedule comes), check a condition and
run actions as the system — assign an owner, create a task, send an e-mail or SMS, update a
field, call a webhook, notify a user, wait. See docs/automation.md."""
