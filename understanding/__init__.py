"""Whole-message understanding: what a person's message says about them and what they ask.

Rasa's NLU classifies a message into one intent and tags known words; real people write several
facts and a question in one breath ("I'm a high school chemistry teacher, 12 years, burned out.
Thinking about something in data — is a bootcamp worth it at 40?"). This package reads the whole
text and returns one structured `Understanding`:

- `phrases`     where the person is and where they want to go, as whole phrases;
- `facts`       constraints and circumstances stated in passing (budget, hours, age, no degree, ...);
- `mentions`    credentials and programmes named, known to the knowledge base or not;
- `questions`   the type of question asked and the question itself, in a sentence;
- `languages`   Spanish and Portuguese cues, for replies in the person's language.

It is pure text processing (regular expressions plus an optional sentence encoder); resolving the
phrases against the knowledge base is the caller's job (`actions/understand.py`), so this package
never opens a connection and can be tested and benchmarked on its own.
"""

from understanding.reader import read_message
from understanding.types import Facts, Mention, Understanding

__all__ = ["Facts", "Mention", "Understanding", "read_message"]
