"""History records (django-simple-history) as people read them.

A record saved without a reason stores "" rather than NULL, so the history pages show an empty
reason instead of "None" (their template prints the value as it is).
"""

from simple_history.signals import pre_create_historical_record


def _blank_reason(sender, history_instance, **kwargs):
    if history_instance.history_change_reason is None:
        history_instance.history_change_reason = ""


def connect_signals() -> None:
    pre_create_historical_record.connect(_blank_reason, dispatch_uid="directory.history.blank")
