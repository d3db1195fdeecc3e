"""What the bot does with each kind of Telegram update.

Private chats: text goes to Rasa as `tg:<chat_id>`; commands `/start [payload]`, `/help`, `/restart`,
`/privacy`, `/forget`; buttons (callback queries) are always answered first, then their payload goes
to Rasa; stickers, photos, voice, files get a short "text only" note; unknown commands a short help.
Edited messages are ignored (the original was already answered). Group chats: Pivot only answers when
addressed (a command or a mention) and then points to a private chat, since career details are personal.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import store
from bot.conversation import FORGET_BY_COUNSELOR, RASA_DOWN_ERROR
from bot.db import Database
from bot.rasa import RasaUnavailable
from bot.telegram.format import GATEWAY_PREFIX, MAPPED_PREFIX
from bot.validation import ApiError, clean_text

if TYPE_CHECKING:
    from bot.telegram.channel import TelegramChannel

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


class TelegramHandlers:
    def __init__(self, channel: TelegramChannel) -> None:
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
        try:
            outcome = await service.handle(
                sender, text, channel="telegram", display_text=display_text, client_id=key
            )
        except RasaUnavailable as exc:
            log.warning("Rasa unavailable for %s: %s", sender, exc)
            await channel.send_text(chat_id, RASA_DOWN_ERROR)
            return
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
        await self.converse(message.chat_id, text, update_id=update.update_id)

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
        await query.answer()  # always, first: stops the client's spinner
        if query.message is None or query.message.chat.type != "private":
            return
        chat_id = query.message.chat.id
        data = query.data or ""
        if data == FORGET_YES:
            deleted = await self.channel.conversation.forget_on_request(f"tg:{chat_id}")
            await self.channel.send_text(chat_id, FORGET_DONE if deleted else FORGET_BY_COUNSELOR)
            return
        if data == FORGET_NO:
            await self.channel.send_text(chat_id, FORGET_KEPT)
            return
        payload: str | None = data
        if data.startswith(MAPPED_PREFIX):
            payload = await store.load_callback_payload(self.channel.db, data[len(MAPPED_PREFIX) :])
        elif data.startswith(GATEWAY_PREFIX):
            payload = None
        elif not await _was_offered(self.channel.db, f"tg:{chat_id}", data):
            payload = None  # callback data a modified client made up, not a button Pivot sent
        if not payload:
            await self.channel.send_text(chat_id, BUTTON_EXPIRED)
            return
        await self.converse(
            chat_id, payload, update_id=update.update_id, display_text=_button_title(query, data) or payload
        )

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
