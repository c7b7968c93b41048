"""`python -m sampark` runs the command-line tool."""

from sampark.cli import app

app()
