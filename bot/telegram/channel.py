"""The Telegram channel: a python-telegram-bot `Application` run inside the gateway.

- Webhook mode (TELEGRAM_WEBHOOK_URL set): `POST /telegram/webhook` checks
  `X-Telegram-Bot-Api-Secret-Token` in constant time (403, nothing stored, otherwise), claims the
  `update_id` in the app DB (a retry is acknowledged and dropped), queues the update and answers 200
  at once. Long polling otherwise, through PTB's `Updater` on its own queue.
- Updates are processed one chat at a time, in arrival order (a worker per active chat), and chats in
  parallel; `Application.process_update` runs the handlers (bot/telegram/handlers.py).
- Everything sent to a chat goes through the outbox (bot/telegram/outbox.py): recorded as sent only
  when Telegram confirmed it, retried on 429/5xx/timeouts, also after a restart. The update id is the
  idempotency key down to Rasa (`client_id`) and the outbox, so re-processing an update after a crash
  neither asks Rasa again nor sends the replies twice.
- Every keyboard of a turn carries a tag (bot/telegram/buttons.py): a press on an older list is answered
  "that list has changed" with the current one, never run against the newest list.
- A message that arrives while Rasa is down waits in its chat's queue (the update stays claimed in the app
  DB, so a restart resumes it): the person is told once that it is kept, and it is answered when Rasa is
  back (bot/telegram/handlers.py).
- `fault_counts()` tallies what Telegram and Rasa did to us (429s, 5xx, timeouts, refusals, stale
  buttons, unanswered button presses, messages kept while Rasa was down), logged every 10 minutes
  when they changed.
- `TELEGRAM_API_BASE_URL` points the bot at another Bot API server (a local one, or a test double).
- With several gateway processes (`GATEWAY_WORKERS`) every one serves the webhook and sends (the outbox
  is leased row by row in the app DB), but only worker 0 long-polls, sets the webhook and the command menu
  and processes what an earlier run left claimed: two `getUpdates` loops would take each other's updates.
- Start-up talks to Telegram in a background task with retries, so a Telegram outage never stops the
  gateway; until it is ready the webhook answers 503 and Telegram retries later.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import logging
import secrets
from collections import Counter, deque
from collections.abc import AsyncIterator, Sequence
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Bot, BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import AIORateLimiter, Application, Defaults, Updater

from bot import store
from bot.channels import CHANNELS_KEY
from bot.conversation import CONVERSATION_KEY, ConversationService
from bot.counselor import receipts
from bot.db import Database, utcnow
from bot.keys import DB_KEY
from bot.log_redaction import REDACTED, redact_secret, unredact
from bot.settings import Settings
from bot.store import BotMessage
from bot.telegram import buttons
from bot.telegram.format import MAPPED_PREFIX, escape, fits_callback_data, split_text
from bot.telegram.handlers import TelegramHandlers
from bot.telegram.outbox import Outbox, Part
from bot.telegram.render import html_messages

log = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram/webhook"
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
COMMANDS = [
    BotCommand("start", "Start a conversation"),
    BotCommand("help", "What I can do"),
    BotCommand("restart", "Start over"),
    BotCommand("privacy", "What I store and for how long"),
    BotCommand("forget", "Delete everything you told me"),
]
EMPTY_TEXT_WITH_BUTTONS = "Choose one:"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
RECOVERY_WINDOW = datetime.timedelta(hours=24)
COUNTS_LOG_EVERY_S = 600.0
COUNSELOR_KEY = "counselor-"  # outbox key of a counselor reply: counselor-<messages.id>


def api_urls(base: str) -> tuple[str, str]:
    """TELEGRAM_API_BASE_URL → PTB's (base_url, base_file_url).

    Accepts `http://host:8081`, `http://host:8081/bot` or a PTB template with `{token}`.
    """
    base = base.rstrip("/")
    if "{token}" in base:
        return base, base.replace("/bot{token}", "/file/bot{token}")
    if not base.endswith("/bot"):
        base += "/bot"
    return base, base[: -len("/bot")] + "/file/bot"


class ChannelClosing(BaseException):
    """Raised inside a chat's worker that is waiting (for Rasa) when the gateway stops: the update stays
    claimed and unfinished in the app DB, and the next start processes it."""


class ChatQueues:
    """One FIFO and one worker per active chat: a chat's updates run in order, chats run in parallel."""

    def __init__(self, process) -> None:
        self._process = process
        self._pending: dict[int, deque[Update]] = {}
        self._workers: set[asyncio.Task[None]] = set()

    def submit(self, key: int, update: Update) -> None:
        queue = self._pending.get(key)
        if queue is not None:
            queue.append(update)
            return
        self._pending[key] = deque([update])
        task = asyncio.create_task(self._drain(key))
        self._workers.add(task)
        task.add_done_callback(self._workers.discard)

    async def _drain(self, key: int) -> None:
        queue = self._pending[key]
        try:
            while queue:
                update = queue[0]
                try:
                    await self._process(update)
                except ChannelClosing:
                    return  # this update and the ones behind it stay claimed: the next start runs them
                except Exception:  # PTB routes handler errors to the error handler; this is a last net
                    log.exception("telegram update %s failed", update.update_id)
                queue.popleft()
        finally:
            self._pending.pop(key, None)

    async def join(self, timeout: float) -> None:
        """Let queued work finish (shutdown), then cancel what is left."""
        if not self._workers:
            return
        _done, pending = await asyncio.wait(set(self._workers), timeout=timeout)
        for task in pending:
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.gather(*pending, return_exceptions=True)


class TelegramChannel:
    """The Telegram `LiveChannel` (bot/channels.py) and everything behind it; the handlers see it through
    their `handlers.Chat` protocol."""

    name = "telegram"
    health_key = "telegram"
    essential = True  # /healthz fails while Telegram is configured but not running

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        builder = (
            Application.builder()
            .token(settings.telegram_bot_token)
            .updater(None)
            # HTML everywhere; no link previews: a card's source link would otherwise pull a page preview
            # under every credential of a list, burying the short messages it is drawn as.
            .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW))
            .rate_limiter(AIORateLimiter(max_retries=2))
        )
        if settings.telegram_api_base_url:
            base_url, file_url = api_urls(settings.telegram_api_base_url)
            builder = builder.base_url(base_url).base_file_url(file_url)
        self.application: Application = builder.build()
        self.bot = self.application.bot
        self.webhook_mode = bool(settings.telegram_webhook_url)
        self.queues = ChatQueues(self._process)
        self.started_at = utcnow()
        self.ready = asyncio.Event()
        self.problem = "starting"  # why the channel is not ready yet (for /healthz)
        self.handlers = TelegramHandlers(self)
        self.handlers.register(self.application)
        self._app: web.Application | None = None
        self._updater: Updater | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._outbox: Outbox | None = None
        self.counts: Counter = Counter()
        self.closing = asyncio.Event()

    # ------------------------------------------------------------------ wiring
    @property
    def app(self) -> web.Application:
        assert self._app is not None, "TelegramChannel used before start()"
        return self._app

    @property
    def db(self) -> Database:
        return self.app[DB_KEY]

    @property
    def conversation(self) -> ConversationService:
        return self.app[CONVERSATION_KEY]

    @property
    def outbox(self) -> Outbox:
        if self._outbox is None:
            self._outbox = Outbox(self.db, self.bot, self.counts, on_sent=self._after_send)
        return self._outbox

    async def start(self, app: web.Application) -> None:
        self._app = app
        self._tasks.append(asyncio.create_task(self._connect()))

    async def _connect(self) -> None:
        delay = 1.0
        while True:
            try:
                await self.application.initialize()
                break
            except InvalidToken:
                log.error("Telegram rejected TELEGRAM_BOT_TOKEN; the Telegram channel stays off")
                self.problem = "Telegram rejected TELEGRAM_BOT_TOKEN; the channel is off"
                return
            except TelegramError as exc:
                log.error("Telegram not reachable (%s); retrying in %.0f s", exc, delay)
                self.problem = self._redacted(f"Telegram not reachable ({exc}); retrying")
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)
        if self.settings.leader:  # with GATEWAY_WORKERS, what must happen once runs in worker 0 only
            try:
                await self.bot.set_my_commands(COMMANDS)
            except TelegramError as exc:
                log.warning("could not set the command menu: %s", exc)
            await self._recover()
            if self.webhook_mode:
                await self._set_webhook()
            else:
                await self._start_polling()
        self.ready.set()
        self.problem = ""
        self._tasks.append(asyncio.create_task(self.outbox.run_sweeps()))  # also what a crash left
        self._tasks.append(asyncio.create_task(self._log_counts()))
        log.info(
            "Telegram ready as @%s (%s)", self.bot.username, "webhook" if self.webhook_mode else "polling"
        )

    async def _set_webhook(self) -> None:
        path = urlsplit(self.settings.telegram_webhook_url).path
        if path != WEBHOOK_PATH:
            log.warning("TELEGRAM_WEBHOOK_URL path is %r; the gateway listens on %s", path, WEBHOOK_PATH)
        delay = 1.0
        while True:
            try:
                await self.bot.set_webhook(
                    url=self.settings.telegram_webhook_url,
                    secret_token=self.settings.telegram_secret_token,
                    allowed_updates=ALLOWED_UPDATES,
                )
                return
            except TelegramError as exc:
                log.error("setWebhook failed (%s); retrying in %.0f s", exc, delay)
                self.problem = self._redacted(f"setWebhook failed ({exc}); retrying")
                await asyncio.sleep(delay)
                delay = min(delay * 2, 60.0)

    def health(self) -> str:
        """'ok' once the channel runs, else what keeps it from starting."""
        return "ok" if self.ready.is_set() else self.problem

    def fault_counts(self) -> dict[str, int]:
        """Since start: `sent` (confirmed by Telegram), `retry_after` (429s), `server_error` (5xx, dropped
        connections), `timeout`, `plain_text_fallback` (HTML refused, sent as text), `refused` (other 400s),
        `blocked` (403), `given_up`, `found_delivered` (a message in doubt found already in the chat, so
        not sent again), `stale_buttons`, `callback_unanswered`, `rasa_waits` (messages kept while
        Rasa was down) and `rasa_recovered` (those answered once it was back)."""
        return dict(self.counts)

    async def _log_counts(self) -> None:
        """One log line with the fault counts every COUNTS_LOG_EVERY_S, when they changed."""
        last: dict[str, int] = {}
        while True:
            await asyncio.sleep(COUNTS_LOG_EVERY_S)
            counts = self.fault_counts()
            if counts != last:
                log.info("telegram since start: %s", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
                last = counts

    async def pause(self, seconds: float) -> None:
        """Sleep, unless the gateway stops first (then ChannelClosing)."""
        try:
            await asyncio.wait_for(self.closing.wait(), seconds)
        except asyncio.TimeoutError:
            return
        raise ChannelClosing

    def _redacted(self, text: str) -> str:
        return text.replace(self.settings.telegram_bot_token, REDACTED)

    async def _start_polling(self) -> None:
        queue: asyncio.Queue[object] = asyncio.Queue()
        self._updater = Updater(self.bot, queue)
        await self._updater.initialize()
        await self._updater.start_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1)
        self._tasks.append(asyncio.create_task(self._consume(queue)))

    async def _consume(self, queue: asyncio.Queue[object]) -> None:
        while True:
            update = await queue.get()
            if isinstance(update, Update):
                try:
                    await self.accept(update)
                except Exception:
                    log.exception("could not accept polled update")

    async def stop(self) -> None:
        self.closing.set()
        if self._updater is not None and self._updater.running:
            with contextlib.suppress(Exception):
                await self._updater.stop()
        for task in self._tasks:
            task.cancel()
        with contextlib.suppress(Exception):
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.queues.join(timeout=10)
        if self._updater is not None:
            with contextlib.suppress(Exception):
                await self._updater.shutdown()
        if self.application._initialized:  # noqa: SLF001 -- PTB exposes no public flag
            await self.application.shutdown()

    # ------------------------------------------------------------------ incoming
    async def accept(self, update: Update) -> bool:
        """Claim the update id (first delivery only) and queue it for its chat; False for a repeat.

        The claim keeps the update's JSON until `_process` has run it, so a gateway that stops in between
        processes it after the restart (`_recover`) instead of losing it: Telegram already has its 200.
        """
        payload = json.dumps(update.to_dict(), ensure_ascii=False)
        if not await store.claim_telegram_update(self.db, update.update_id, payload):
            log.info("telegram update %s already processed; dropped", update.update_id)
            return False
        self._queue(update)
        return True

    def _queue(self, update: Update) -> None:
        chat = update.effective_chat
        user = update.effective_user
        self.queues.submit(chat.id if chat else (user.id if user else 0), update)

    async def _process(self, update: Update) -> None:
        if update.message is not None:  # its id bounds where a reply not confirmed can be (outbox)
            self.outbox.note_incoming(update.message.chat_id, update.message.message_id)
        await self.application.process_update(update)  # handler errors go to the error handler
        await store.finish_telegram_update(self.db, update.update_id)

    async def _recover(self) -> None:
        """Queue updates an earlier run claimed but did not process (within Telegram's 24 h retry window).

        Only claims older than this process count, so with several gateways an update another one is
        working on right now is left alone (assuming their restarts are not simultaneous).
        """
        try:
            pending = await store.unfinished_telegram_updates(
                self.db, claimed_before=self.started_at, claimed_after=self.started_at - RECOVERY_WINDOW
            )
        except Exception:
            log.exception("could not look for unprocessed Telegram updates")
            return
        for update_id, payload in pending:
            update = parse_update(payload.encode("utf-8"), self.bot)
            if update is None:
                await store.finish_telegram_update(self.db, update_id)
                continue
            log.info("processing telegram update %s claimed before the restart", update_id)
            self._queue(update)

    async def webhook(self, request: web.Request) -> web.Response:
        given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
        expected = self.settings.telegram_secret_token
        if not expected or not secrets.compare_digest(given.encode(), expected.encode()):
            return web.json_response({"error": "forbidden"}, status=403)
        if not self.ready.is_set():
            return web.json_response({"error": "starting"}, status=503, headers={"Retry-After": "5"})
        update = parse_update(await request.read(), self.bot)
        if update is None:
            return web.json_response({"error": "not a Telegram update"}, status=400)
        await self.accept(update)
        return web.json_response({"ok": True})

    # ------------------------------------------------------------------ outgoing
    async def typing(self, chat_id: int) -> None:
        with contextlib.suppress(TelegramError):
            await self.bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def keyboard(
        self, items: Sequence[store.Button], tag: str | None = None
    ) -> InlineKeyboardMarkup | None:
        """Rasa's buttons as an inline keyboard; with `tag` (one per turn) each callback_data is
        `k:<tag>:<payload or p:key>` so a press can be told apart from one on an older list."""
        if not items:
            return None
        rows = []
        for b in items:
            payload = b["payload"]
            body = (
                payload
                if fits_callback_data(payload)
                else MAPPED_PREFIX + await store.save_callback_payload(self.db, payload)
            )
            data = buttons.tagged(tag, body) if tag is not None else body
            if data is None:  # the tag made it too long
                data = buttons.tagged(
                    tag, MAPPED_PREFIX + await store.save_callback_payload(self.db, payload)
                )
            rows.append([InlineKeyboardButton(b["title"][:200], callback_data=data)])
        return InlineKeyboardMarkup(rows)

    async def current_buttons(self, chat_id: int) -> buttons.CurrentButtons:
        return buttons.current(await self.outbox.recent_keyboards(chat_id))

    async def button_payload(self, data: str) -> str | None:
        """The Rasa payload behind callback data (None for a mapping that no longer exists)."""
        body = buttons.parse(data)[1]
        if body.startswith(MAPPED_PREFIX):
            return await store.load_callback_payload(self.db, body[len(MAPPED_PREFIX) :])
        return body

    async def remove_keyboard(self, chat_id: int, message_id: int) -> None:
        """Take the buttons off an old message (best effort: Telegram may refuse for an old message)."""
        try:
            await self.bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
        except TelegramError as exc:
            log.info("could not remove an old keyboard in chat %s: %s", chat_id, exc)

    @staticmethod
    def parts(text: str, markup: InlineKeyboardMarkup | None = None) -> list[Part]:
        """Escaped, split under 4,096; the keyboard rides on the last chunk."""
        chunks = split_text(text) or ([EMPTY_TEXT_WITH_BUTTONS] if markup else [])
        return [Part(escape(c), markup if i == len(chunks) - 1 else None) for i, c in enumerate(chunks)]

    async def send_text(
        self,
        chat_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        *,
        key: str | None = None,
    ) -> None:
        """Through the outbox: recorded as sent only once Telegram confirmed it, retried otherwise; `key`
        makes a second send (the same update processed again after a restart) a no-op."""
        await self.outbox.send(chat_id, self.parts(text, markup), key)

    async def send_messages(
        self, chat_id: int, messages: Sequence[BotMessage], *, key: str | None = None
    ) -> None:
        """Rasa's replies, in order, through the outbox; `key` (the update id) makes a second delivery of
        the same update's replies a no-op."""
        parts: list[Part] = []
        tag = buttons.new_tag()
        for m in messages:
            markup = await self.keyboard(m.get("buttons") or [], tag)
            drawn = html_messages(m.get("pivot"))  # a structured answer as short HTML messages
            if drawn:
                parts += [Part(html, markup if i == len(drawn) - 1 else None) for i, html in enumerate(drawn)]
            else:
                parts += self.parts(m.get("text") or "", markup)
        await self.outbox.send(chat_id, parts, key)

    async def push_counselor(self, sender_id: str, message_id: int | None, text: str) -> bool:
        """A recorded counselor message, through the outbox like every reply. True when Telegram confirmed
        it now; False when it refused (the person blocked the bot) or it is still being retried. The
        dashboard's receipt is recorded whenever Telegram confirms it, now or on a retry (`_after_send`)."""
        chat_id = chat_of(sender_id)
        if chat_id is None:
            return False
        key = f"{COUNSELOR_KEY}{message_id}" if message_id is not None else None
        parts = [
            Part(("<b>Counselor:</b> " if i == 0 else "") + escape(chunk))
            for i, chunk in enumerate(split_text(text, 4000))
        ]
        await self.outbox.send(chat_id, parts, key)
        state = await self.outbox.state(key) if key else "pending"
        if state != "sent":
            log.warning("counselor message to %s not delivered yet (%s)", sender_id, state)
        return state == "sent"

    async def push_line(self, sender_id: str, message_id: int, text: str, *, key: str) -> bool:
        """A recorded bot line (a hand-back) into the outbox, under `key`; True once it is queued there (the
        outbox keeps trying until Telegram confirms it)."""
        chat_id = chat_of(sender_id)
        if chat_id is None:
            return False
        await self.send_text(chat_id, text, key=key)
        return True

    async def _after_send(self, row) -> None:
        """A counselor reply Telegram confirmed on a retry: record its delivery for the dashboard."""
        key = row.dedup_key or ""
        if not key.startswith(COUNSELOR_KEY):
            return
        message_id = int(key[len(COUNSELOR_KEY) :].split(":")[0])
        await receipts.mark_delivered(self.db, f"tg:{row.chat_id}", "telegram", [message_id])


def chat_of(sender_id: str) -> int | None:
    """The chat id of a `tg:<chat id>` sender, else None."""
    if not sender_id.startswith("tg:"):
        return None
    try:
        return int(sender_id[3:])
    except ValueError:
        return None


MAX_UPDATE_ID = 2**63 - 1  # telegram_updates.update_id is a signed 64-bit integer


def parse_update(raw: bytes, bot: Bot) -> Update | None:
    """An `Update` from a webhook body, or None for anything Telegram would not send (bad JSON, absurd
    nesting, missing or out-of-range `update_id`, fields of the wrong shape)."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    update_id = data.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int) or not 0 <= update_id <= MAX_UPDATE_ID:
        return None
    try:
        return Update.de_json(data, bot)
    except Exception:  # PTB assumes well-formed JSON; any shape error means "not an update"
        log.info("rejected a malformed Telegram update %s", update_id)
        return None


# Set only when TELEGRAM_BOT_TOKEN is configured (`app.get(TELEGRAM_KEY)`); other parts of the gateway reach
# Telegram through the channel registry (`bot.channels.CHANNELS_KEY`), not this key.
TELEGRAM_KEY = web.AppKey("telegram", TelegramChannel)


def setup(app: web.Application, settings: Settings) -> TelegramChannel:
    """Create the channel, add its route (webhook mode) and its lifecycle to `app`."""
    channel = TelegramChannel(settings)
    app[TELEGRAM_KEY] = channel
    app[CHANNELS_KEY].add(channel)

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        redaction = redact_secret(settings.telegram_bot_token)
        await channel.start(app)
        yield
        await channel.stop()
        unredact(redaction)

    app.cleanup_ctx.append(lifecycle)
    if channel.webhook_mode:
        app.router.add_post(WEBHOOK_PATH, channel.webhook)
    return channel
