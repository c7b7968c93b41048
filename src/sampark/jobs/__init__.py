"""Background work: a job table in the main database, run by Huey workers.

The job row is the truth (status, attempts, errors, the dead-letter list); Huey only carries
job ids to workers and runs the periodic tasks. See `service.py` for the rules.
"""
