"""Counselor notification of hand-off requests (issue 15): per-site destinations and office hours,
a retrying outbox in the app DB, email over SMTP and Slack/Teams-style webhooks.

Import-light on purpose: `bot.settings` imports `bot.notify.config`, and the action server imports
`bot.notify.sites` for office hours, so nothing here pulls in aiosmtplib or aiohttp at import time.
"""
