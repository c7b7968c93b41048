"""Imports every module that declares job kinds or event consumers, so a worker (and the web
process, which enqueues them) knows them all. Add a domain's `jobs.py` here."""
