"""What the bot does with each kind of Telegram update.

Private chats: text goes to Rasa as `tg:<chat_id>`; commands `/start [payload]`, `/help`, `/restart`,
`/privacy`, `/forget`; stickers, photos, voice, files get a short "text only" note; unknown commands a
short help.

Buttons (callback queries) are always answered, so the person's spinner stops; an answer Telegram
refuses (the press is older than its ~15 s window, a 502) does not lose the press. Only a press on the
newest list goes to Rasa (bot/telegram/buttons.py); one on an older list is told "that list has
changed", its keyboard is removed and the current one shown again.

Rasa down: the person is told once that their message is kept, and the chat's worker retries with
backoff (1 s doubling to 30 s) until Rasa answers; later messages of that chat wait behind it, in order.
The update stays claimed in the app DB until then, so a gateway restart resumes the wait instead of
dropping the message.
Edited messages are ignored (the original was already answered). Group chats: Pivot only answers when
addressed (a command or a mention) and then points to a private chat, since career details are personal.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import store
from bot.conversation import FORGET_BY_COUNSELOR, ConversationService
from bot.db import Database
from bot.rasa import RasaUnavailable
from bot.settings import Settings
from bot.store import BotMessage
from bot.telegram.buttons import CurrentButtons
from bot.telegram.format import GATEWAY_PREFIX
from bot.telegram.outbox import Outbox
from bot.validation import ApiError, clean_text

log = logging.getLogger(__name__)
DEEP_LINK = re.compile(r"[A-Za-z0-9_-]{1,64}")
FORGET_YES = GATEWAY_PREFIX + "forget:yes"
FORGET_NO = GATEWAY_PREFIX + "forget:no"

HELP_TEXT = (
    "I'm Pivot. I suggest certificates and courses that bridge a career move, with what they cost, how long "
    "they take and why they fit.\n\n"
    "Tell me where you work now and where you'd like to go, for example: "
    "“I'm a bank teller and want to move into fintech”.\n\n"
    "/restart start over\n/privacy what I store\n/forget delete everything you told me\n/help this message"
)
UNKNOWN_COMMAND = "I don't know that command. Try /help, or just tell me about your career move."
TEXT_ONLY = "I can only read text for now. Please type your message."
GROUP_NOTE = (
    "I talk about careers in private chats only, to keep your details private. "
    "Message me directly: https://t.me/{username}"
)
FORGET_QUESTION = "Delete our whole conversation and everything you told me? This cannot be undone."
FORGET_DONE = "Done. I deleted our conversation and everything you told me."
FORGET_KEPT = "OK, nothing was deleted."
BUTTON_EXPIRED = "That button has expired. Please type your answer instead."
LIST_CHANGED = "That list has changed since. Here are the current choices:"
LIST_CHANGED_TOAST = "That list has changed"
RASA_WAIT = (
    "Pivot is temporarily unavailable. I've kept your message and will answer it here as soon as I'm back; "
    "there's no need to send it again."
)
RASA_RETRY_FIRST_S = 1.0
RASA_RETRY_MAX_S = 30.0
RESTARTED = "OK, let's start over. Where do you work now, and where would you like to go?"
TOO_FAST = "You're sending messages too quickly. Please wait {seconds} seconds and try again."
TOO_LONG = "That message is too long for me. Please keep it under {limit} characters."


def privacy_text(retention_days: int) -> str:
    return (
        "What I store: the messages of this chat and what you told me about your career (kept to answer you "
        "and, if you ask for a human, for a counselor to read). I do not store your name or phone number.\n\n"
        f"Conversations are deleted after {retention_days} days without messages. "
        "Send /forget to delete everything now."
    )


class Chat(Protocol):
    """What the handlers use of the channel (`bot.telegram.channel.TelegramChannel` implements it), so this
    module needs no import of the channel that registers it."""

    settings: Settings
    bot: Bot
    counts: Counter

    @property
    def db(self) -> Database: ...

    @property
    def conversation(self) -> ConversationService: ...

    @property
    def outbox(self) -> Outbox: ...

    async def send_text(
        self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None, *, key: str | None = None
    ) -> None: ...

    async def send_messages(
        self, chat_id: int, messages: Sequence[BotMessage], *, key: str | None = None
    ) -> None: ...

    async def typing(self, chat_id: int) -> None: ...

    async def pause(self, seconds: float) -> None: ...

    async def current_buttons(self, chat_id: int) -> CurrentButtons: ...

    async def button_payload(self, data: str) -> str | None: ...

    async def remove_keyboard(self, chat_id: int, message_id: int) -> None: ...


class TelegramHandlers:
    def __init__(self, channel: Chat) -> None:
        self.channel = channel

    def register(self, application: Application) -> None:
        private = filters.ChatType.PRIVATE
        new_message = filters.UpdateType.MESSAGE
        application.add_handler(MessageHandler(filters.ChatType.GROUPS & new_message, self.on_group))
        application.add_handler(CommandHandler("start", self.on_start, filters=private & new_message))
        application.add_handler(CommandHandler("help", self.on_help, filters=private & new_message))
        application.add_handler(CommandHandler("restart", self.on_restart, filters=private & new_message))
        application.add_handler(CommandHandler("privacy", self.on_privacy, filters=private & new_message))
        application.add_handler(CommandHandler("forget", self.on_forget, filters=private & new_message))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(
            MessageHandler(private & new_message & filters.COMMAND, self.on_unknown_command)
        )
        application.add_handler(MessageHandler(private & new_message & filters.TEXT, self.on_text))
        non_text = (
            filters.Sticker.ALL
            | filters.PHOTO
            | filters.VOICE
            | filters.AUDIO
            | filters.VIDEO
            | filters.VIDEO_NOTE
            | filters.ANIMATION
            | filters.Document.ALL
            | filters.LOCATION
            | filters.CONTACT
            | filters.POLL
            | filters.Dice.ALL
        )
        application.add_handler(MessageHandler(private & new_message & non_text, self.on_non_text))
        application.add_error_handler(self.on_error)

    # ------------------------------------------------------------------ conversation
    async def converse(
        self,
        chat_id: int,
        text: str,
        *,
        update_id: int | None = None,
        display_text: str | None = None,
        empty_reply: str | None = None,
        typed: bool = False,
    ) -> None:
        """Send one message to Rasa as `tg:<chat_id>` and deliver the replies. The update id is the
        idempotency key all the way: an update handled before (a crash before it was marked done) is
        answered from the record, not sent to Rasa again, and its replies are not queued twice."""
        key = f"tg-{update_id}" if update_id is not None else None
        channel = self.channel
        sender = f"tg:{chat_id}"
        service = channel.conversation
        wait = await service.retry_after(sender)
        if wait:
            await channel.send_text(chat_id, TOO_FAST.format(seconds=int(wait)))
            return
        await channel.typing(chat_id)
        delay, kept = RASA_RETRY_FIRST_S, False
        while True:
            try:
                outcome = await service.handle(
                    sender,
                    text,
                    channel="telegram",
                    display_text=display_text,
                    client_id=key,
                    offered_only=typed,  # typed `/intent{...}` is read as words unless Pivot offered it
                )
                break
            except ApiError:  # typed text that is nothing once read as words ("/" alone)
                await channel.send_text(chat_id, UNKNOWN_COMMAND, key=key)
                return
            except RasaUnavailable as exc:
                if not kept:
                    log.warning(
                        "Rasa unavailable for %s (%s); keeping the message until it is back", sender, exc
                    )
                    channel.counts["rasa_waits"] += 1
                    await channel.send_text(chat_id, RASA_WAIT, key=f"{key}-wait" if key else None)
                    kept = True
                await channel.pause(delay)  # ChannelClosing when the gateway stops: resumed after a restart
                delay = min(delay * 2, RASA_RETRY_MAX_S)
        if kept:
            channel.counts["rasa_recovered"] += 1
        if outcome.forgotten:
            await channel.outbox.forget(chat_id)  # the copies of the replies kept for delivery
        messages = outcome.messages
        if not messages and empty_reply and not outcome.held:
            messages = [{"text": empty_reply, "buttons": []}]
        await channel.send_messages(chat_id, messages, key=key)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        limit = self.channel.settings.max_message_chars
        try:
            text = clean_text(message.text, limit)
        except ApiError as exc:
            if exc.status == 413:
                await self.channel.send_text(message.chat_id, TOO_LONG.format(limit=limit))
            return
        await self.converse(message.chat_id, text, update_id=update.update_id, typed=True)

    # ------------------------------------------------------------------ commands
    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """`/start` greets; a deep link `t.me/<bot>?start=finance` presets where the person works now."""
        chat_id = update.effective_message.chat_id
        payload = context.args[0] if context.args else ""
        if payload and DEEP_LINK.fullmatch(payload):
            field = payload.replace("_", " ").replace("-", " ").strip()
            await self.converse(
                chat_id, f"I work in {field}", update_id=update.update_id, display_text=f"/start {payload}"
            )
        else:
            await self.converse(
                chat_id, "/greet", update_id=update.update_id, display_text="/start", empty_reply=HELP_TEXT
            )

    async def on_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.channel.send_text(update.effective_message.chat_id, HELP_TEXT)

    async def on_restart(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.converse(
            update.effective_message.chat_id, "/restart", update_id=update.update_id, empty_reply=RESTARTED
        )

    async def on_privacy(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = privacy_text(self.channel.settings.retention_days)
        await self.channel.send_text(update.effective_message.chat_id, text)

    async def on_forget(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        markup = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("Yes, delete everything", callback_data=FORGET_YES)],
                [InlineKeyboardButton("No, keep it", callback_data=FORGET_NO)],
            ]
        )
        await self.channel.send_text(update.effective_message.chat_id, FORGET_QUESTION, markup)

    async def on_unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.channel.send_text(update.effective_message.chat_id, UNKNOWN_COMMAND)

    async def on_non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.channel.send_text(update.effective_message.chat_id, TEXT_ONLY)

    # ------------------------------------------------------------------ buttons
    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        message = query.message
        if message is None or message.chat.type != "private":
            await self._answer(query)
            return
        chat_id = message.chat.id
        data = query.data or ""
        channel = self.channel
        if data in (FORGET_YES, FORGET_NO):
            await self._answer(query)
            await channel.remove_keyboard(chat_id, message.message_id)  # a question answered once
            if data == FORGET_YES:
                deleted = await channel.conversation.forget_on_request(f"tg:{chat_id}")
                if deleted:
                    await channel.outbox.forget(chat_id)  # the copies of the replies kept for delivery
                await channel.send_text(chat_id, FORGET_DONE if deleted else FORGET_BY_COUNSELOR)
            else:
                await channel.send_text(chat_id, FORGET_KEPT)
            return
        current = await channel.current_buttons(chat_id)
        payload = await channel.button_payload(data) if current.holds(data) else None
        if (
            payload
            and not data.startswith(GATEWAY_PREFIX)
            and await _was_offered(channel.db, f"tg:{chat_id}", payload)
        ):
            await self._answer(query)
            await self.converse(
                chat_id,
                payload,
                update_id=update.update_id,
                display_text=_button_title(query, data) or payload,
            )
            return
        # An older list, or data no button of the current list carries (a modified client): say so.
        channel.counts["stale_buttons"] += 1
        await self._answer(query, LIST_CHANGED_TOAST if current.markup_json else None)
        if message.reply_markup is not None:
            await channel.remove_keyboard(chat_id, message.message_id)
        key = f"tg-{update.update_id}"
        if current.markup_json:
            markup = InlineKeyboardMarkup.de_json(json.loads(current.markup_json), channel.bot)
            await channel.send_text(chat_id, LIST_CHANGED, markup, key=key)
        else:
            await channel.send_text(chat_id, BUTTON_EXPIRED, key=key)

    async def _answer(self, query: CallbackQuery, text: str | None = None) -> None:
        """answerCallbackQuery, once more after a network error; a refusal (too old) is only counted."""
        for attempt in range(2):
            try:
                await query.answer(text=text)
                return
            except BadRequest as exc:
                log.info("could not answer a button press: %s", exc)
                break
            except TelegramError as exc:
                log.info("could not answer a button press (attempt %d): %s", attempt + 1, exc)
        self.channel.counts["callback_unanswered"] += 1

    # ------------------------------------------------------------------ groups and errors
    async def on_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        username = self.channel.bot.username or ""
        text = message.text or ""
        addressed = (
            (username and f"@{username}".lower() in text.lower())
            or (text.startswith("/") and (message.entities and message.entities[0].type == "bot_command"))
            or (
                message.reply_to_message is not None
                and message.reply_to_message.from_user is not None
                and message.reply_to_message.from_user.id == self.channel.bot.id
            )
        )
        if not addressed:
            return
        if (
            text.startswith("/")
            and "@" in text.split()[0]
            and f"@{username}".lower() not in text.split()[0].lower()
        ):
            return  # a command for another bot in the group
        await self.channel.send_text(message.chat_id, GROUP_NOTE.format(username=username))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error(
            "telegram handler failed for update %s", getattr(update, "update_id", "?"), exc_info=context.error
        )
        if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == "private":
            try:
                await self.channel.send_text(
                    update.effective_chat.id, "Sorry, something went wrong on my side. Please try again."
                )
            except Exception:  # the error handler must never raise
                log.exception("could not tell chat %s about the error", update.effective_chat.id)


async def _was_offered(db: Database, sender_id: str, payload: str) -> bool:
    return any(b["payload"] == payload for b in await store.offered_buttons(db, sender_id))


def _button_title(query, data: str) -> str | None:
    """The pressed button's label, for a readable transcript."""
    markup = getattr(query.message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()) or ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
