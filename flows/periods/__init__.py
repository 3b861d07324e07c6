"""Evaluation periods as things: the windows and deadlines of a year (schedule.py), the periods an admin
creates and the one active period every default comes from (registry.py), the upload gate (gate.py) and the
countdown reminders of the e-mails (reminders.py). Imports storage and config only."""
