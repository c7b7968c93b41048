"""Talking to the outside world: e-mail, calendars, webhooks, gateways."""
