"""Keep personal data out of the logs.

A search says who looks for what and where ("pervitin", "Humpolec"), and request bodies hold
sign-in details: neither belongs in a log. Errors are still logged with their path and
traceback.
"""

import logging
import re

# A query string inside a logged message or argument: from "?" to the next space or quote.
_QUERY = re.compile(r"\?[^\s\"']*")


def scrub(value):
    return _QUERY.sub("?…", value) if isinstance(value, str) else value


class NoPersonalData(logging.Filter):
    """Drop the request from records and query strings from messages and their arguments.

    Django attaches the request to ``django.request`` records; handlers that render it (such
    as AdminEmailHandler) would print its GET and POST data and cookies.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        record.msg = scrub(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(scrub(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: scrub(value) for key, value in record.args.items()}
        return True
