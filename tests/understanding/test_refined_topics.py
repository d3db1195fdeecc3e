"""What exactly a question asks, within its type (`understanding.questions.refined_topic`): phrasings from the
kinds of messages real people write (not copied from the real-question set)."""

from __future__ import annotations

import pytest

from understanding.questions import refined_topic


@pytest.mark.parametrize(
    ("kind", "text", "topic"),
    [
        ("get_hired", "How do I write a cover letter that explains why I'm leaving trucking?", "cover_letter_change"),
        ("get_hired", "What do I say in interviews when they ask why I quit teaching?", "interview_explain_change"),
        ("get_hired", "How do I handle a question about why I want to leave bedside nursing?",
         "interview_explain_change"),
        ("get_hired", "I've been a stay-at-home mom for 8 years. How do I get hired now?", "return_after_gap"),
        ("compare_options", "After 10 years at home raising kids, do I retrain or use my old skills?",
         "return_after_gap"),
        ("get_experience", "How do I get a job in UX with no experience at all?", "no_experience_entry"),
        ("too_old", "Am I too old at 35 to start a plumbing apprenticeship?", "apprenticeship_age"),
        ("where_start", "Is 24 too late to start an apprenticeship, and where do I begin?", "apprenticeship_age"),
    ],
)  # fmt: skip
def test_the_exact_question_gets_its_own_topic(kind, text, topic):
    assert refined_topic(kind, text) == topic


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("get_hired", "How do I get hired as a data analyst?"),  # the type's own answer
        ("too_old", "Am I too old at 50 to become a nurse?"),
        ("worth_it", "Is a cover letter course worth it?"),  # another type: not refined
    ],
)
def test_a_question_without_a_narrower_ask_keeps_its_type(kind, text):
    assert refined_topic(kind, text) is None


def test_is_the_move_worth_it_is_not_is_the_credential_worth_it():
    assert refined_topic("worth_it", "Is leaving restaurant management for nursing still a good idea?") == (
        "move_worth_it"
    )
    assert refined_topic("worth_it", "Is the Google data analytics certificate worth it?") is None


def test_worth_it_about_a_credential_is_not_about_leaving_academia():
    # a PhD student leaving academia who asks whether a PRINCE2 qualification is worth it asks about the credential
    text = (
        "I'm about to finish my PhD in chemistry and want to leave academia for project management. I was "
        "thinking of a PRINCE2 course. Is the qualification worth it?"
    )
    assert refined_topic("worth_it", text, "Is the qualification worth it?") is None
    # the same background asking about the move itself keeps the topic
    move = "I'm about to finish my PhD in chemistry. Is leaving academia for industry worth it?"
    assert refined_topic("worth_it", move, "Is leaving academia for industry worth it?") == "leave_academia"
