"""What a counselor receives: a short notice with the summary and a link, never the transcript.

`Notice` is built once per hand-off from the dashboard's summary (facts only, see
`bot.counselor.summary.synopsis`) and rendered three ways: an email, Slack's incoming-webhook JSON
(`{"text": ...}` in Slack mrkdwn, which Mattermost and Rocket.Chat accept too) and a Microsoft Teams
message with an Adaptive Card (accepted by Teams incoming webhooks and by Workflows webhooks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any
from urllib.parse import quote

from bot.notify.sites import SiteConfig

LINK_TITLE = "Open the conversation"


@dataclass(frozen=True)
class Notice:
    site_name: str
    channel: str  # web | telegram | api
    requested_at: str  # ISO-8601, UTC
    requested_local: str  # "Tuesday 14:05 (America/New_York)" or the UTC time
    synopsis: str
    link: str
    in_hours: bool | None  # None: the site has no office hours configured

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Notice:
        return cls(**data)

    @property
    def subject(self) -> str:
        return f"Pivot: someone asks for a counselor ({self.site_name})"

    @property
    def lines(self) -> list[str]:
        where = {"web": "the chat widget", "telegram": "Telegram", "api": "the API"}.get(
            self.channel, self.channel
        )
        timing = ""
        if self.in_hours is False:
            timing = " They asked outside office hours and were told when counselors are next available."
        return [
            f"A person on {where} ({self.site_name}) asked to talk to a counselor, "
            f"{self.requested_local}.{timing}",
            f"Summary: {self.synopsis}",
        ]


def conversation_link(public_url: str, sender_id: str) -> str:
    return f"{public_url.rstrip('/')}/counselor/c/{quote(sender_id, safe=':')}"


def build_notice(
    site: SiteConfig, sender_id: str, channel: str, synopsis: str, public_url: str, now: dt.datetime
) -> Notice:
    if site.hours is not None:
        local = site.hours.local(now)
        when = f"{local:%A %H:%M} ({site.hours.timezone})"
        in_hours: bool | None = site.hours.is_open(now)
    else:
        when, in_hours = f"{now.astimezone(dt.timezone.utc):%A %H:%M} (UTC)", None
    return Notice(
        site_name=site.name,
        channel=channel,
        requested_at=now.astimezone(dt.timezone.utc).isoformat(),
        requested_local=when,
        synopsis=synopsis,
        link=conversation_link(public_url, sender_id),
        in_hours=in_hours,
    )


def email_message(notice: Notice, sender: str, recipient: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = notice.subject
    msg["Date"] = format_datetime(dt.datetime.now(dt.timezone.utc))
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1].strip("> ") or None)
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
    body = [*notice.lines, "", f"{LINK_TITLE}: {notice.link}", "", "The transcript is only in the dashboard."]
    msg.set_content("\n".join(body))
    return msg


def _slack_escape(text: str) -> str:
    """Slack treats &, < and > as control characters (links, mentions)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(notice: Notice) -> dict[str, Any]:
    text = "\n".join(_slack_escape(line) for line in notice.lines)
    return {"text": f"*{_slack_escape(notice.subject)}*\n{text}\n<{notice.link}|{LINK_TITLE}>"}


def teams_payload(notice: Notice) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": notice.subject, "weight": "Bolder", "size": "Medium", "wrap": True}
    ]
    body += [{"type": "TextBlock", "text": line, "wrap": True} for line in notice.lines]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": LINK_TITLE, "url": notice.link}],
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


def webhook_payload(notice: Notice, fmt: str) -> dict[str, Any]:
    return teams_payload(notice) if fmt == "teams" else slack_payload(notice)
