"""The hold classifier (`bot.hold_questions`): what people write while a counselor has their conversation.

The phrasings are the ways people write to support chats (short, lower case, "u", "till", stretched
greetings, Spanish and Portuguese); a question about a course's length or a start date is the counselor's,
never the wait's. The lists were written in three rounds, the last two before the patterns saw them (first
runs: 52 of 65 and 43 of 53 right; see README "Hand-off"). Pure text: no I/O.
"""

from __future__ import annotations

import pytest

from bot.hold_questions import HUMAN, OTHER, PRESENCE, WAIT, classify, normalise

WAIT_PHRASES = [
    "how long until someone answers?",
    "must i wait?",  # the action server's own phrasings before the two classifiers became one
    "should i wait",
    "anyone coming?",
    "How long will this take?",
    "how long do I have to wait",
    "how long?",
    "how much longer",
    "when will someone get back to me?",
    "when will the counselor reply",
    "When can I expect a reply?",
    "any update?",
    "Any news yet?",
    "what are your hours?",
    "are you open today?",
    "is anyone going to answer me?",
    "will somebody reply",
    "did anyone read my message?",
    "I'm still waiting",
    "still waiting...",
    "been waiting for ages",
    "what happens now?",
    "what's next?",
    "eta?",
    "why is this taking so long",
    "when do counselors work?",
    "how long till i hear back",
    "how soon will someone answer",
    "when will i hear back?",
    "when is the counselor available?",
    "is someone coming?",
    "has the counselor seen my request?",
    "¿cuánto falta?",
    "cuanto tiempo tengo que esperar",
    "¿cuándo me van a responder?",
    "sigo esperando",
    "quanto tempo vai demorar?",
    "quando vão me responder?",
    "ainda estou esperando",
    "alguma novidade?",
    "how long does it usually take them to answer?",
    "waiting",
    "hello? how long will this take?",
    "how long does it usually take for someone to reply?",
    "hi, any idea how long this will take",
    "is there a wait time?",
    "when will a real person get back to me",
    "how long will I be waiting",
    "is someone going to respond soon?",
    "anyone going to reply??",
    "been here 20 mins, still waiting",
    "um how long till a counselor talks to me",
    "when can i talk to someone",
    "what time do you guys open tomorrow",
    "r u open on saturday",
    "so whats next",
    "are the counselors available now?",
    "do you know when they'll answer?",
    "will it be long?",
    "how long is the queue",
    "still no answer?",
    "nobody has answered yet",
    "did the counselor get my request",
    "when will i get a response",
    "¿cuándo me contestan?",
    "¿cuánto tiempo más tengo que esperar?",
    "todavía estoy esperando",
    "quanto tempo falta?",
    "quando alguém vai me responder?",
    "tô esperando ainda",
    "how much longer do I have to wait?",
    "Roughly how long will it be before a counselor replies?",
    "when should I expect to hear from someone",
    "Will someone reach out to me today?",
    "is it going to be a long wait",
    "What's the usual response time?",
    "has anybody looked at my question yet",
    "can you tell me when the counselor will reply",
    "any updates on my request?",
    "i've been waiting 30 minutes",
    "Is the office open right now?",
    "what days are counselors available?",
    "when does someone usually answer",
    "how long does a counselor normally take",
    "No one has replied yet?",
    "¿Cuándo va a responder alguien?",
    "¿hay alguna respuesta?",
    "Quanto tempo demora pra alguém responder?",
    "Quando a equipe vai responder?",
]
PRESENCE_PHRASES = [
    "are you still there?",
    "are you there",
    "is anyone there?",
    "anybody there?",
    "anyone?",
    "hello?",
    "hello??",
    "hi?",
    "hellooo",
    "??",
    "?",
    "...",
    "you there?",
    "u there",
    "r u there?",
    "still there?",
    "is this thing on?",
    "can anyone hear me?",
    "did you get my message?",
    "where did you go?",
    "ping",
    "hey?",
    "¿hay alguien?",
    "¿sigues ahí?",
    "hola?",
    "tem alguém aí?",
    "oi?",
    "você está aí?",
    "alguém?",
    "is there anybody out there",
    "hello, is anyone there?",
    "hellooooo?",
    "hey are you still there",
    "u still there?",
    "is anybody there??",
    "anyone there",
    "hello are you there",
    "? ",
    "????",
    "hi?? ",
    "is anyone reading this",
    "are you guys there",
    "yo?",
    "did you see my message?",
    "hello, anyone?",
    "oi, tem alguém aí?",
    "¿alguien ahí?",
    "hola??",
    "you still with me?",
    "Hello???",
    "is anyone out there",
    "are u still there",
    "you there pivot?",
    "heyyyy",
    "Hello? Anyone?",
    "??????",
    "Are you still online?",
    "is someone there",
    "can someone see this?",
    "olá? alguém aí?",
    "¿Hola? ¿Hay alguien?",
    "...?",
    "hiii?",
]
HUMAN_PHRASES = [
    "can I talk to a human?",
    "I want a real person",
    "a counselor please",
    "talk to a person",
    "quiero hablar con una persona",
    "quero falar com uma pessoa",
    "Can I speak with an advisor please",
]
# The counselor's topics (and plain chat): kept for the counselor, never answered as the wait.
OTHER_PHRASES = [
    "should I wait until next year to apply?",
    "when will I hear about my application to the program?",
    "how long is the nursing program?",
    "how long does it take to become a nurse?",
    "how long until I can work as an LPN?",
    "hello, I have a question about data analytics",
    "hi",
    "thanks",
    "ok",
    "my email is x@example.org",
    "I work nights so evenings are hard",
    "when will I know if I got into the program?",
    "what happens if I fail the exam?",
    "Is the Google certificate worth it?",
    "how much longer is the RN program than the LPN program?",
    "are you a robot?",
    "I'm waiting tables right now",
    "the waiting list for the course is long",
    "!!",
    "what are the admission requirements",
    "cuánto cuesta el curso?",
    "quanto custa?",
    "How long is the CompTIA A+ course?",
    "when does the fall semester start?",
    "is it worth waiting a year?",
    "any tips for interviews?",
    "is this course online?",
    "how long is a bootcamp?",
    "when will the next cohort start?",
    "are you there on campus on Mondays for advising?",
    "how long do I need to study for the PMP?",
    "what happens after I finish the certificate?",
    "I've been waiting for a promotion for years",
    "is anyone hiring data analysts in Ohio?",
    "hello! I wanted to add that I have a bachelor's in biology",
    "when can I start the course?",
    "still thinking about nursing vs radiology",
    "ok thanks",
    "sounds good",
    "yes please",
    "my number is 555-0101",
    "can you tell me about CompTIA A+",
    "I'm 45, is it too late?",
    "when would be a good time to switch careers?",
    "how long until I can get a job in IT?",
    "are there any online options?",
    "what are the requirements for the RN program?",
    "How long is the Google UX certificate?",
    "when do classes start in the spring?",
    "how long would it take me to become a paralegal?",
    "is there someone at the college who does financial aid?",
    "I'd like to know more about apprenticeships",
    "I'm waiting to hear back from an employer",
    "Any advice on my resume?",
    "are there evening classes?",
    "what time is the info session?",
    "thank you!",
    "that's helpful",
    "Is CompTIA Security+ worth it?",
    "I work at a bank now",
    "can my employer pay for it?",
    "what are my options without a degree?",
    "when will I know my exam results?",
    "hello, I forgot to mention I live in Texas",
    "¿cuánto cuesta?",
    "Quero mudar para TI",
    "the program takes too long for me",
]


@pytest.mark.parametrize("text", WAIT_PHRASES)
def test_questions_about_the_wait(text: str) -> None:
    assert classify(text).kind == WAIT, text


@pytest.mark.parametrize("text", PRESENCE_PHRASES)
def test_checking_someone_is_there(text: str) -> None:
    assert classify(text).kind == PRESENCE, text


@pytest.mark.parametrize("text", HUMAN_PHRASES)
def test_asking_for_a_person_again(text: str) -> None:
    assert classify(text).kind == HUMAN, text


@pytest.mark.parametrize("text", OTHER_PHRASES)
def test_everything_else_is_the_counselors(text: str) -> None:
    assert classify(text).kind == OTHER, text


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("how long until someone answers?", "en"),
        ("¿cuánto falta?", "es"),
        ("¿sigues ahí?", "es"),
        ("quero falar com uma pessoa", "pt"),
        ("tem alguém aí?", "pt"),
        ("quanto tempo vai demorar?", "pt"),
        ("??", None),
    ],
)
def test_the_language_of_the_phrasing(text: str, lang: str | None) -> None:
    assert classify(text).lang == lang


def test_long_messages_are_content_whatever_they_also_ask() -> None:
    story = "I have worked in retail for twelve years and I am thinking about nursing. " * 6
    assert classify(story + "How long until someone answers?").kind == OTHER


def test_empty_and_symbol_only_messages() -> None:
    assert classify("").kind == OTHER
    assert classify("   ").kind == OTHER
    assert classify("!!").kind == OTHER
    assert classify(":)").kind == OTHER


def test_normalise_expands_what_the_patterns_read() -> None:
    assert normalise("When’ll  they   ANSWER? Whats next") == "when will they answer? what is next"
