"""Keep secrets out of the log: a filter that blanks them in every record a library logs.

The Telegram Bot API puts the bot token in the request path (`/bot<token>/sendMessage`), and httpx logs
each request URL at INFO, so without this whoever reads the log owns the bot. A logger's filters see
only the records created on that very logger (not its children's), so the filter goes on every
existing logger of the libraries that make those requests; call `redact_secret` after importing them.
"""

from __future__ import annotations

import logging

REDACTED = "[redacted]"
LIBRARIES = ("httpx", "httpcore", "telegram", "aiohttp", "bot")


class SecretFilter(logging.Filter):
    """Replaces each secret in a record's final message (and traceback text) with `[redacted]`."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(s in message for s in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and any(s in record.exc_text for s in self.secrets):
            for secret in self.secrets:
                record.exc_text = record.exc_text.replace(secret, REDACTED)
        return True


def _library_loggers() -> list[logging.Logger]:
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in LIBRARIES]
    return [logging.getLogger(n) for n in (*LIBRARIES, *names)]


def redact_secret(secret: str) -> SecretFilter | None:
    """Install one filter hiding `secret` on the libraries' loggers; returns it for `unredact`."""
    if not secret:
        return None
    flt = SecretFilter((secret,))
    for logger in _library_loggers():
        logger.addFilter(flt)
    return flt


def unredact(flt: SecretFilter | None) -> None:
    if flt is None:
        return
    for logger in _library_loggers():
        logger.removeFilter(flt)
