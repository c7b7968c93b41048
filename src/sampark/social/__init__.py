"""Social CRM: posts from social platforms, understood, prioritised and routed."""
