"""Where the person is and where they want to go, as whole phrases.

People say it in many ways: "I'm a high school chemistry teacher", "12 years in accounting",
"ex-Navy", "I teach high school", "nurse -> IT?", "thinking about something in data",
"want to break into front-end engineering", "from retail to HR". Each pattern below captures the
phrase after a cue and cuts it where the clause ends (punctuation, a conjunction, "for 12 years"),
then `clean()` strips the words that carry no meaning of their own ("something in", "the ... field").

The output is text, not KB ids: the caller resolves it, and can fall back to shorter sub-phrases
(`shrinkings`) when the whole one is unknown ("high school chemistry teacher" -> "chemistry teacher").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from understanding.roles import SOUGHT_AS, about_someone_else, wished

# A phrase ends at punctuation or at a word that starts a new clause.
_STOP_WORDS = (
    r"and|but|or|so|because|since|as|with|for|while|who|which|that|where|after|before|though|although|if|"
    r"when|then|than|now|currently|however|also|too|anymore|any\s+more|lately|recently|right\s+now|at\s+the\s+moment|"
    r"which|whose|to|into|in\s+order|looking|thinking|wanting|hoping|trying|considering|but|yet|is|are|was|were|"
    r"i|i'm|im|i've|ive|i'd|my|me|it|it's|this|these|there|here|do|does|did|can|could|would|should|will|all|"
    r"am|be|been|being|have|has|had|feel|feeling|want|wanna|plan|planning|at|by|from|on|about|of\s+(?:\d+|my|the)|"
    r"in|over|under|without|within|during|through|via|per|btw|lol|instead|though|please|thanks|thank|any|some|"
    r"is\s+it|worth|vs|versus|or\s+should|might|may|must|shall|realistic|feasible|viable|doable|wise|sensible|advisable|possible|"
    r"a\s+good\s+idea|a\s+bad\s+idea|a\s+mistake|next\s+(?:year|month|week|fall|autumn|spring|summer|semester|term)|"
    r"this\s+(?:year|fall|autumn|spring|summer|semester|term)|last\s+year|soon|someday|one\s+day|eventually|again"
)
_END = rf"(?=\s*(?:[.,;:!?()\[\]/\n—]|->|→|=>|\s-\s|\s–\s|$|\b(?:{_STOP_WORDS})\b|\d+\s*(?:\+\s*)?(?:years?|yrs?|months?)\b))"
_PHRASE = rf"(?!(?-i:i|I|you|You|we|We|they|They|he|He|she|She|it|It|my|My|me|Me)\b)(?P<p>[^\n.,;:!?()—]{{2,80}}?){_END}"
_DET = r"(?:(?:a|an|the|one|some)\s+)?"
_ADV = r"(?:(?:currently|presently|now|still|just|basically|actually|really|already|also|officially|technically|full[- ]time|part[- ]time)\s+)*"

CURRENT_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "I'm a high school chemistry teacher", "I am currently an RN", "Im a 34 year old nurse"
        rf"\bi(?:'m|’m| am|m)\s+{_ADV}(?:a|an)\s+(?:\d+\s*(?:-|\s)?(?:year|yr)s?(?:-|\s)old\s+|(?:\d+\s*)?(?:m|f|male|female)\s+)?{_PHRASE}",
        # "I recently closed my printing business", "I ran a cleaning company for ten years"
        r"\b(?:closed|sold|ran|run|running|own|owned|started|built)\s+(?:my|a|our|the)\s+(?:own\s+)?(?:small\s+)?"
        r"(?P<p>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)\s+(?:business|company|shop|firm|practice|salon|restaurant|bakery|store)\b",
        # "a new grad with my RN in hand", "I just passed my NCLEX"
        r"\b(?:with\s+my|got\s+my|earned\s+my|passed\s+(?:my|the)|have\s+my|hold\s+my|just\s+got\s+my)\s+"
        r"(?P<p>(?-i:RN|LPN|LVN|CNA))\b",
        # "a dead-end job in sales", "my current job in retail"
        rf"\b(?:dead[- ]end|boring|low[- ]paying|low[- ]paid|current|day|stable|secure|well[- ]paid|decent)\s+job\s+in\s+{_DET}{_PHRASE}",
        # "Licensed architect burned out on practice" (a title line that starts with what the person is)
        rf"(?:^|[.?!]\s+)(?:licensed|certified|registered|experienced|burnt[- ]out|burned[- ]out|veteran|mid[- ]career|tired)\s+{_PHRASE}",
        # "I am 34 and professional software developer working in the finance sector": no article, but a job
        # that the person is working in, before the sector it is in
        r"\bi(?:'m|’m| am|m)\s+\d{2}\s*(?:,\s*|\s+and\s+)(?:a\s+|an\s+)?(?P<p>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)"
        r"\s+(?:working|employed)\s+(?:working\s+)?(?:in|at|for|as)\b",
        # "I'm 34, an office manager with two kids", "I am 50 and a nurse"
        rf"\bi(?:'m|’m| am|m)\s+\d{{2}}(?:\s*(?:years?|yrs?)(?:\s+old)?)?\s*(?:,\s*|\s+and\s+)(?:a|an)\s+{_PHRASE}",
        # "I work as a paralegal", "I've worked in retail", "working in hospitality", "I've been working as an RN"
        # (not "I am pretty set on working as an obgyn nurse", "thinking of working as": a wish, not the work)
        rf"\bused\s+to\s+work\s+(?:as|in|at)\s+{_DET}{_PHRASE}",
        # "have worked in the NHS as an information specialist": the job, not the employer
        rf"\b(?:work|worked|working|i've\s+worked|have\s+worked|been\s+working)\s+(?:in|at|for)\s+(?:the\s+|a\s+)?[\w&' -]{{2,40}}?\s+as\s+(?:a|an)\s+{_PHRASE}",
        rf"\b(?<!on\s)(?<!of\s)(?<!about\s)(?<!towards\s)(?<!toward\s)(?<!into\s)(?<!to\s)(?<!be\s)(?:i\s+)?(?:currently\s+|now\s+)?(?:work|worked|working|i've\s+worked|ive\s+worked|i\s+have\s+worked|"
        rf"have\s+been\s+working|'ve\s+been\s+working|been\s+working|employed)\s+{_ADV}(?:as|in|at)\s+{_DET}{_PHRASE}",
        # "I've been a teacher for 12 years", "I have been in sales for 5 years"
        rf"\b(?:i\s+have|i've|ive|i’ve)\s+been\s+{_ADV}(?:a|an|in|at)\s+{_DET}{_PHRASE}",
        # "I've been doing IT support for five years", "I have done administrative work for over 30 years",
        # "I did bookkeeping for 10 years" (a span of time says it is their work, not a task done once)
        rf"\b(?:(?:i\s+have|i've|ive|i’ve)\s+(?:been\s+doing|done)|i\s+did)\s+{_DET}{_PHRASE}\s+(?:for\s+(?:\d|a\s+(?:few|couple|decade)|"
        r"many|several|over|about|almost|nearly|more\s+than|the\s+(?:past|last)|ten|five|fifteen|twenty|years|decades)|since\b)",
        # "I've been waiting tables for the past few years", "I've been bartending since 2019"
        r"\b(?:i\s+have|i've|ive|i’ve)\s+been\s+(?:\w+ly\s+)?(?P<p>(?!(?:thinking|looking|trying|wondering|considering|"
        r"reading|applying|struggling|feeling|working|going|doing|getting|planning|hoping|studying|learning)\b)"
        r"[a-z]+ing(?:\s+(?:tables|cars|trucks|kids|children|hair|nails|food|bar|houses|homes|dogs|pets))?)\s+"
        r"(?:for|since|full[- ]time|part[- ]time)\b",
        # "since I last held a full-time job in the electronics field"
        rf"\b(?:held|had|lost)\s+(?:a\s+|my\s+)?(?:full[- ]time\s+|part[- ]time\s+)?(?:job|position|role)\s+(?:in|as)\s+{_DET}{_PHRASE}",
        # "12 years in accounting", "10 yrs as a nurse", "15 years of teaching", "a decade in retail"
        rf"\b(?:\d+\+?|a\s+few|several|many|ten|five|fifteen|twenty|a\s+decade|decades?)\s*(?:years?|yrs?|y)\s*"
        rf"(?:of\s+experience\s+)?(?:as|in|of|at|doing)\s+{_DET}{_PHRASE}",
        # "my background is in finance", "background in biology", "my current job is receptionist"
        rf"\b(?<!want\s)(?<!wants\s)(?:background|experience|degree)\s+(?:is\s+|was\s+)?(?:in|as)\s+{_DET}{_PHRASE}",
        # "I was an English major in college and became an English teacher", "I eventually became a paralegal"
        rf"\bi\s+(?:\w+ly\s+|then\s+|later\s+)?became\s+(?:a|an)\s+{_PHRASE}",
        rf"\band\s+(?:\w+ly\s+|then\s+|later\s+)?became\s+(?:a|an)\s+{_PHRASE}",
        # "a career in science, first as an industrial microbiologist, then ..."
        rf"\b(?:first|then|later|previously|originally|initially|briefly)\s+as\s+(?:a|an)\s+{_PHRASE}",
        # "I was a nurse", "I was in the army for 6 years"
        rf"\bi\s+was\s+{_ADV}(?:a|an|in)\s+{_DET}{_PHRASE}",
        # "is the X worth it for a teacher?"
        rf"\bworth\s+it\s+for\s+(?:someone\s+like\s+me,?\s+)?(?:a|an)\s+{_PHRASE}",
        rf"\bmy\s+(?:current\s+)?(?:job|role|position|title|profession|occupation)\s+is\s+{_DET}{_PHRASE}",
        # "a full-time job as a hospital billing clerk", "day job as a barista"
        rf"\b(?:full[- ]time\s+|part[- ]time\s+|day\s+|current\s+|main\s+)?job\s+as\s+(?:a|an)\s+{_PHRASE}",
        # "I went on to work as a carer in a nursing home", "then went on to become a paralegal": work they did
        rf"\bwent\s+on\s+to\s+(?:work\s+as|become|be|train\s+as|qualify\s+as)\s+(?:a|an)\s+{_PHRASE}",
        # "former police officer", "ex-teacher", "ex Navy", "retired nurse"
        rf"\b(?:former|ex-|ex\s+|retired|recovering)\s*{_PHRASE}",
        # "coming from retail", "from teaching to UX", "leaving nursing"
        rf"\b(?:coming|transitioning|switching|moving|pivoting|changing)\s+(?:careers?\s+)?from\s+{_DET}{_PHRASE}",
        rf"^\s*from\s+{_DET}{_PHRASE}\s+(?:to|into)\b",
        # "change my career from accounting to retirement center management"
        rf"\b(?:career|careers|jobs?|fields?|path|industry)\s+from\s+{_DET}{_PHRASE}\s+(?:to|into|towards?)\b",
        rf"\b(?:leave|leaving|left|quit|quitting|escape|escaping|get\s+out\s+of|getting\s+out\s+of)\s+(?:my\s+job\s+(?:as|in)\s+)?"
        rf"(?:the\s+)?(?!my\s+job\b)(?!(?-i:it|It|this|This)\b){_PHRASE}",
        # "As a nurse, ...", "as an accountant I ..." at the start of the message
        rf"^\s*(?:hi|hello|hey)?[,!\s]*as\s+(?:a|an)\s+{_PHRASE}",
        # "I want out of retail management", "I hate retail", "sick of working in hospitality"
        rf"\b(?:want(?:s|ed)?\s+out\s+of|hate|hated|dislike|sick\s+of|tired\s+of|done\s+with|fed\s+up\s+with|burned\s+out\s+on|"
        rf"burnt\s+out\s+on)\s+(?:working\s+in\s+|my\s+job\s+in\s+|the\s+)?(?!being\b|my\s+job\b|(?-i:it|It|this|This)\b){_PHRASE}",
        # "I dislike being a lawyer", "tired of being a cashier"
        rf"\b(?:dislike|hate|love|loved|enjoy|enjoyed|tired\s+of|sick\s+of|done\s+with|years\s+of)\s+being\s+(?:a|an)\s+{_PHRASE}",
        # "a BS in Economics", "my degree in petrochemical engineering", "MSc in physics"
        rf"\b(?:ba|bs|bsc|b\.s\.|b\.a\.|msc|ma|m\.s\.|mba|phd|ph\.d\.|bachelor'?s|master'?s|associate'?s|diploma|degree)\s+"
        rf"(?:degree\s+)?(?:in|of)\s+{_DET}{_PHRASE}",
        # "is it bad to be a bartender for life?", "should I stay a nurse?", "remain a teacher"
        rf"\b(?:stay|staying|remain|remaining)\s+(?:a|an)\s+{_PHRASE}",
        rf"\bbe\s+(?:a|an)\s+{_PHRASE}\s+for\s+(?:life|ever|good)\b",
        # "I started my career in finance about 30 years ago", "spent my whole career as a teacher"
        rf"\b(?:started|began|start|begin|spent)\s+(?:my|her|his)\s+(?:whole\s+|entire\s+)?career\s+(?:in|as)\s+{_DET}{_PHRASE}",
        # "12 years into a career in I.T."
        rf"\byears?\s+into\s+(?:a|my)\s+career\s+(?:in|as)\s+{_DET}{_PHRASE}",
        # "an hourly call center job", "my nursing career", "my teaching job" (not "a new job", "my dream job")
        # ("starting an IT career", "a good time to consider starting an IT career" is a wish, below)
        r"(?<!start\s)(?<!starting\s)(?<!begin\s)(?<!beginning\s)(?<!launch\s)(?<!launching\s)(?<!pursue\s)(?<!pursuing\s)"
        r"\b(?:my|a|an|this)\s+(?![\w -]{0,40}?\b(?:start|starting|begin|beginning|launch|launching|pursue|pursuing)\s+(?:a|an)\s)"
        r"(?!new\b|dream\b|first\b|next\b|better\b|different\b|good\b|real\b|current\b|goal\b|aim\b|ambition\b|plan\b)"
        r"(?P<p>[a-z][\w -]{2,40}?)\s+(?:(?:job|career|gig|position)\b(?!\s+(?:in|as|at|search|hunt|market|offer))|"
        r"role\b(?!\s+(?:in|as|model)))",
        # "I'm in retail", "I'm in the Navy"
        rf"\bi(?:'m|’m| am|m)\s+{_ADV}in\s+{_DET}{_PHRASE}",
        # "I'm an RN", handled above; "I'm currently teaching", "I teach high school" (below)
        rf"\bserv(?:ed|ing)\s+in\s+{_DET}{_PHRASE}",
    )
)

TARGET_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "I can't get veterinary work out of my mind", "a vet tech program sounds a lot more doable"
        r"\bcan'?t\s+(?:get|put)\s+(?P<p>[a-z][\w -]{2,40}?)\s+out\s+of\s+my\s+(?:mind|head)\b",
        r"\b(?:a|an|the)\s+(?:(?:two|four|one|three|\d)-?\s*(?:or\s+(?:two|four|\d)-?\s*)?year\s+)?(?P<p>[a-z][\w -]{2,30}?)\s+"
        r"(?:program|programme|course|degree)\s+sounds\s+(?:a\s+lot\s+|much\s+|far\s+)?(?:more\s+)?(?:doable|better|"
        r"good|great|appealing|realistic|right)\b",
        # "move into fintech", "transition to UX", "break into tech", "pivot towards data", "get into nursing"
        rf"\b(?:move|moving|moved|transition|transitioning|switch|switching|pivot|pivoting|change|changing|"
        rf"get|getting|break|breaking|go|going|shift|shifting|career\s+change|jump|jumping|"
        rf"branch|branching|head|heading|step|stepping|crossover|cross\s+over|segue|segueing|retrain|retraining|"
        rf"make\s+the\s+(?:move|switch|jump))\s+"
        rf"(?:careers?\s+|fields?\s+|over\s+|back\s+)?(?:in|into|to|toward|towards|over\s+to)\s+{_DET}"
        rf"(?:a\s+career\s+in\s+|the\s+field\s+of\s+|working\s+in\s+|(?:a|an)\s+)?(?!(?-i:my|My|it|It|this|This|that|That)\b){_PHRASE}",
        # "get out of retail and into nursing", "out of the classroom and into instructional design"
        rf"\bout\s+of\s+(?:the\s+|my\s+)?[\w-]+(?:\s+[\w-]+){{0,3}}?\s+and\s+(?:in)?to\s+{_DET}{_PHRASE}",
        # "a burning desire to return to HR", "returning to nursing after a break" (not "return to school/work")
        rf"\b(?:return|returning|returned)\s+to\s+{_DET}(?!(?:school|college|uni|university|work|study|studying|"
        rf"education|the\s+workforce|the\s+workplace|my\s+(?:job|studies|home|family|country))\b)"
        rf"(?!(?-i:it|It|this|This|that|That)\b){_PHRASE}",
        # "become a UX designer", "becoming an electrician", "train as a nurse"
        # (not "is it bad to be a bartender for life?": staying what they are, in the current patterns)
        # (not "I currently work as an assistant": the person's work, in the current patterns)
        rf"\b(?<!can\s)(?<!could\s)(?:become|becoming|train\s+as|training\s+as|retrain\s+as|retraining\s+as|qualify\s+as|"
        rf"(?<!i\s)(?<!currently\s)(?<!now\s)(?<!still\s)(?<!already\s)(?<!went\son\sto\s)work\s+as|(?<!went\son\sto\s)be)\s+(?:a|an)\s+(?![^.?!]*\bfor\s+(?:life|ever|good)\b){_PHRASE}",
        # "get hired as a research engineer", "be employed as a data analyst"
        rf"\b(?:get|getting|be|being|got)\s+(?:hired|employed|taken\s+on)\s+as\s+(?:a|an)\s+{_PHRASE}",
        # "very close to applying for my PGCE in secondary mathematics", "a place to start a PGCE course"
        r"\b(?:apply|applied|applying|start|starting|begin|beginning|do|doing|enrol(?:l)?(?:ing)?\s+(?:on|in))\s+(?:for\s+|to\s+)?"
        r"(?:a|an|the|my)\s+(?P<p>PGCE|SCITT|QTS|teacher\s+training|teaching\s+credential|ABSN|BSN|ADN|MSW|MSN)\b",
        # "I very nearly applied for a paediatric nursing degree", "applying to a nursing programme"
        r"\b(?:apply|applied|applying)\s+(?:for|to)\s+(?:a|an|the)\s+(?P<p>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+"
        r"(?:degree|program|programme|course|apprenticeship|school)\b",
        # "a career in cybersecurity", "job in data", "roles in UX", "work in healthcare" (after a wish)
        # (not "I started my career in finance": the person's own career, in the current patterns)
        rf"\b(?<!my\s)(?<!whole\s)(?:careers?|jobs?|roles?|positions?|work|opportunities|entry)\s+(?:in|into)\s+{_DET}"
        rf"(?:the\s+field\s+of\s+)?(?!my\b)(?!a\s+different\b){_PHRASE}",
        # "interested in data analytics", "curious about instructional design", "passionate about UX"
        rf"\b(?:interested|interest|curious|passionate|excited|keen)\s+(?:in|about|on)\s+{_DET}(?:becoming\s+(?:a|an)\s+|getting\s+into\s+|working\s+in\s+|a\s+career\s+in\s+)?{_PHRASE}",
        # "thinking about something in data", "considering nursing", "looking into cybersecurity"
        # (not "ahead of the study planner": "study" there is a noun)
        rf"\b(?<!the\s)(?<!my\s)(?<!our\s)(?<!your\s)(?<!a\s)(?:thinking\s+(?:(?:much|a\s+lot|seriously|hard|long\s+and\s+hard)\s+)?(?:about|of)(?!\s+(?:leaving|quitting)\b)|considering|choosing|chose|looking\s+(?:into|at)|exploring|eyeing|aiming\s+(?:at|for)|"
        rf"pursue|pursuing|study|studying|learn|learning)\s+{_DET}"
        rf"(?:something\s+(?:in|with|related\s+to|around)\s+|a\s+career\s+in\s+|getting\s+into\s+|going\s+into\s+|"
        rf"becoming\s+(?:a|an)\s+|(?:a|an)\s+)?(?!(?-i:it|It|this|This|that|That)\b)(?!a\s+career\s+change){_PHRASE}",
        # "I want to work in UX", "want to do data analysis", "would like to be in HR", "I'd love to get into IT"
        rf"\b(?:want|wanna|wanting|would\s+like|'d\s+like|hope|hoping|plan|planning|dream|like)\s+(?:to\s+)?"
        rf"(?:work|be|do|get|go|start|land|try)\s+(?:(?:into|in|as|on|a\s+job\s+in)\s+)?{_DET}(?:career\s+in\s+)?"
        rf"(?!(?-i:it|It|this|This|that|That)\b)(?!a\s+job\b)(?!something\s+else\b){_PHRASE}",
        # "want data analytics", "need a job in UX" (a wish without a verb)
        rf"\b(?:i\s+)?(?:want|wanna|need|seeking|looking\s+for)\s+(?!to\b)(?:(?:a|an)\s+)?(?:new\s+)?(?:(?:career|job|role|position)\s+(?:in|as)\s+)?{_DET}{_PHRASE}",
        # "follow my dream of being a professional chef", "my dream is to become a nurse"
        rf"\bdream\s+(?:of|is\s+to)\s+(?:being|becoming|be|become|working\s+as|working\s+in)\s+{_DET}{_PHRASE}",
        # "I'm in a BSN program", "currently enrolled in a newer BSN program": studying toward that work
        r"\b(?:i'?m|i\s+am|currently)\s+(?:currently\s+|now\s+)?(?:in|enrolled\s+in|studying\s+in|attending|doing)\s+(?:a|an|the|my)\s+"
        r"(?:(?:newer|new|local|online|accelerated|part[- ]time|full[- ]time|\w+[- ](?:year|month))\s+)*"
        r"(?P<p>(?!(?:phd|doctoral|graduate|master'?s|masters|bachelor'?s|degree)\b)[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?)\s+"
        r"(?:program|programme|course|degree|school)\b",
        # "My ideal would be working as an IT guy", "my dream job would be a UX designer"
        rf"\b(?:ideal|dream)\s+(?:job\s+|career\s+)?would\s+be\s+(?:working\s+(?:as|in)\s+|to\s+(?:be|become|work\s+(?:as|in))\s+)?{_DET}(?:a\s+|an\s+)?{_PHRASE}",
        # "I am pretty set on working as an obgyn nurse"
        rf"\b(?:set|intent|keen|focused|bent|fixated)\s+on\s+(?:working\s+(?:as|in)|being|becoming)\s+{_DET}(?:a\s+|an\s+)?{_PHRASE}",
        # "he can finally pursue his dream in carpentry"
        rf"\b(?:his|her|my|their|a)\s+dream\s+(?:career\s+)?(?:in|of)\s+(?!being\b|becoming\b|working\b){_DET}{_PHRASE}",
        # "my goal is a data science career", "the aim is to work in UX"
        rf"\b(?:goal|aim|ambition|end\s+goal)\s+(?:is|would\s+be)\s+(?:to\s+(?:become|be|work\s+(?:as|in)|get\s+into|go\s+into|"
        rf"move\s+into|break\s+into)\s+)?(?:a\s+|an\s+)?(?:career\s+in\s+)?{_DET}{_PHRASE}",
        # "a deep yearning to enter the IT field", "planning to enter nursing"
        rf"\b(?:enter|entering|re-?enter|re-?entering)\s+(?:the\s+(?:field|world)\s+of\s+)?{_DET}{_PHRASE}",
        # "a two-year program for radiation therapy", "training in welding", "an apprenticeship in plumbing"
        rf"\b(?:programs?|programmes?|courses?|training|apprenticeships?|school)\s+(?:in|for)\s+{_DET}{_PHRASE}",
        # "something with data", "something in tech" anywhere
        rf"\bsomething\s+(?:in|with|related\s+to|around|involving)\s+{_DET}{_PHRASE}",
        # "... my career from accounting to retirement center management"
        rf"\bfrom\s+(?!(?:job|one\s+job|place|one|city|state|school|home|time|day|week|month|year|paycheck)\s+to\b)"
        rf"(?:a\s+|an\s+|the\s+|my\s+)?[a-z][\w&/ -]{{1,40}}?\s+(?:to|into|towards?)\s+{_DET}(?:a\s+career\s+in\s+)?{_PHRASE}",
        # "leaving restaurant management for nursing", "quit teaching for UX"
        rf"\b(?:leave|leaving|quit|quitting)\s+(?!my\s+job\b)(?:my\s+)?[a-z][\w&/ -]{{1,40}}?\s+for\s+{_DET}"
        rf"(?!(?:\w+\s+)?reasons?\b|good\b|a\s+while\b|now\b|(?-i:it|It|this|This|that|That)\b){_PHRASE}",
        # "The trades have always appealed to me", "Nursing has always interested me"
        r"(?:^|[.!?]\s+|\b(?:and|but)\s+)(?:the\s+)?(?P<p>[A-Za-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+(?:has|have)\s+"
        r"(?:always\s+)?(?:appealed\s+to|interested|fascinated|attracted)\s+me\b",
        # "consider starting an IT career", "launch a nursing career" (not "start a new career")
        r"\b(?:start|starting|begin|beginning|launch|launching|pursue|pursuing)\s+(?:a|an)\s+"
        r"(?!(?:new|second|different|whole|fresh|better|good|successful|stable|rewarding|long|great|real|full)\b)"
        r"(?P<p>[A-Za-z][\w+-]*(?:\s+[a-z][\w-]*){0,2}?)\s+career\b",
        # "Is 38 too old to start from scratch in a trade?", "start over as a nurse"
        rf"\bstart(?:ing)?\s+(?:over\s+|again\s+|afresh\s+|from\s+scratch\s+)?(?:in|as)\s+(?:a|an)\s+{_PHRASE}",
        # "nurse -> IT", "teacher => UX", "retail → HR"
        rf"(?:->|→|=>|\s-\s?>)\s*{_DET}{_PHRASE}",
    )
)
# "from X to Y" / "X to Y?" in a short message ("teacher to instructional designer?")
_WORDS = r"[a-z][a-z&/+'-]*(?:\s+[a-z][a-z&/+'-]*){0,3}"
_FROM_TO = re.compile(
    rf"^\s*(?:from\s+)?(?P<a>{_WORDS}?)\s+(?:to|into|->|→|=>)\s+(?P<b>{_WORDS}?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)
_ARROW = re.compile(r"(?P<a>[A-Za-z][\w &/+'-]{1,40}?)\s*(?:->|→|=>|-->)\s*(?P<b>[A-Za-z][\w &/+'-]{1,40})")
# "I teach high school" -> "high school teacher"; "I nurse" is rare, teaching is not.
_TEACH = re.compile(
    r"\bi\s+(?:currently\s+|now\s+)?(?:teach|taught|have\s+taught|'ve\s+taught)\s+(?P<p>(?:high\s+school|middle\s+school|"
    r"elementary(?:\s+school)?|primary(?:\s+school)?|secondary(?:\s+school)?|kindergarten|pre-?k|preschool|"
    r"special\s+ed(?:ucation)?|esl|english|math(?:s|ematics)?|science|history|art|music|chemistry|biology|physics|"
    r"spanish|french|at\s+a\s+\w+|in\s+a\s+\w+|college|university|community\s+college)[\w ]{0,20}?)(?=[.,;:!?]|\s+and\b|\s+for\b|\s+but\b|$)",
    re.IGNORECASE,
)
# where teaching is postsecondary work: "teach business at a polytechnic" is a business professor, not a teacher
POSTSECONDARY = re.compile(
    r"\b(?:(?:junior|community|technical|further\s+education)\s+college|college|university|uni|polytechnic|"
    r"tertiary|higher\s+education|post-?secondary)\b",
    re.IGNORECASE,
)
_SUBJECT_THEN_PLACE = re.compile(r"^(?P<s>[a-z][\w&-]*(?:\s+[a-z][\w&-]*)?)\s+(?:at|in)\b", re.IGNORECASE)


def teacher_phrase(what: str) -> str:
    """The job in the words after "teach": "high school" -> "high school teacher", "business at a tertiary
    institution" -> "business professor", "at a community college" -> "college teacher" (O*NET's postsecondary
    teachers are named by subject)."""
    what = (what or "").strip()
    if POSTSECONDARY.search(what):
        subject = _SUBJECT_THEN_PLACE.match(what)
        if subject and not POSTSECONDARY.search(subject.group("s")) and not re.match(
            r"(?:at|in|to|for|a|an|the)\b", subject.group("s"), re.I
        ):
            return f"{subject.group('s')} professor"
        return "college teacher"
    return f"{what} teacher" if what and "teach" not in what else "teacher"


# "have driven a tractor-trailer", "I drive a truck": the vehicle names the job.
_DROVE = re.compile(
    r"\b(?:i\s+)?(?:have\s+|'ve\s+)?(?:drive|drove|driven|driving)\s+(?:a\s+|an\s+)?(?P<v>truck|tractor[- ]trailer|semi|bus|taxi|cab|forklift|"
    r"delivery\s+van|van|lorry|hgv)s?\b(?!\s+to\b)",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    rf"\b(?:not|no\s+longer|instead\s+of|rather\s+than|isn'?t|wasn'?t|never|don'?t\s+want\s+to\s+(?:be|do|stay\s+in|go\s+into))\s+"
    rf"(?:in\s+|into\s+|a\s+|an\s+|the\s+)?{_PHRASE}",
    re.IGNORECASE,
)
_TWO_PATHS = re.compile(
    r"(?:^|\b(?:do|study|choose|pick|between|into|learn|go\s+for|pursue|take|get)\s+|[,:]\s*)(?P<a>[a-z][\w+&/-]*(?:\s+[a-z][\w+&/-]*){0,3}?)"
    r"\s+(?:or|vs\.?|versus)\s+(?P<b>[a-z][\w+&/-]*(?:\s+[a-z][\w+&/-]*){0,3}?)\s*(?:\?|$|,|\.|\bwhich\b|\bfor\b|\bfirst\b)",
    re.IGNORECASE,
)

_QUESTION_LEAD = re.compile(
    r"^(?:(?:should|shall|would|could|can|do|does|did|i|we|go|for|study|learn|choose|pick|get|take|into|between|is|it|"
    r"better|to|the|a|an|which|what|one|path|route|option|hi|hello|hey|so|ok|okay|and|either|whether)\s+)+",
    re.IGNORECASE,
)
# Words that carry no meaning of their own at the edges of a phrase.
_LEAD = re.compile(
    r"^(?:(?:a|an|the|some|any|my|our|this|that|more|other|different|new|kind\s+of|sort\s+of|type\s+of|"
    r"something|anything|career|careers|job|jobs|role|roles|work|working|field|fields|area|line\s+of\s+work|"
    r"in|into|with|related\s+to|around|involving|as|at|of|the\s+field\s+of|the\s+world\s+of|a\s+career\s+in|"
    r"full[- ]time|part[- ]time|entry[- ]level|junior|first(?=\s+(?!responders?\b|officers?\b|mates?\b|aid\b|line\b)\w)|aspiring|wannabe|would-?be|future|potential|possibly|maybe|"
    r"like|just|really|very|pretty|quite|currently|now|still|basically|actually|becoming|become\s+an?|getting\s+into|"
    r"stay[- ]at[- ]home|find|finding|get|getting|land|landing|a\s+new\s+area\s+of|new\s+area\s+of|area\s+of|"
    r"go\s+into|going\s+into|get\s+into|move\s+into|moving\s+into|go\s+back\s+(?:to|into)|between|two|both)\s+)+",
    re.IGNORECASE,
)
_TRAIL = re.compile(
    r"(?:\s+(?:field|fields|industry|industries|sector|space|world|area|areas|role|roles|position|positions|career|"
    r"careers|job|jobs|stuff|things|(?<!social\s)(?<!youth\s)(?<!case\s)(?<!community\s)work|working|related|type|kind|professional|professionals|profession|side|department|arena|realm|"
    r"program|programme|programs|programmes|degree|major|or\s+something|etc|instead|btw|lol|now|atm|currently|though|please|"
    r"here|there|again|too|also|maybe|somewhere\s+else|elsewhere|somewhere|perhaps|someday|eventually|asap|soon|full[- ]time|part[- ]time|"
    r"in\s+general|in\s+the\s+future|at\s+some\s+point|for\s+a\s+while|long[- ]term|intensely|really|honestly|seriously|"
    r"actually|basically|recently|lately|finally|probably|definitely|mostly|especially|completely|totally|entirely|"
    r"anyway|myself|burned\s+out|burnt\s+out|burned-out|burnt-out|for\s+most|for\s+most\s+of\s+my|for\s+years|officially|properly|someday|one\s+day|later|forever|afterwards|first))+$",
    re.IGNORECASE,
)
# Phrases that are never an occupation or field on their own.
_NOT_A_FIELD = re.compile(
    r"^(?:it|this|that|these|them|there|here|something|anything|everything|nothing|general|in\s+general|well|second|good\s+fit|long\s+time|job|jobs|career|careers|role|work|"
    r"field|industry|a\s+change|change|the\s+change|the\s+switch|switch|transition|move|the\s+move|the\s+same|same|"
    r"else|other|different|new|better|more|less|money|pay|school|college|university|a\s+degree|degree|"
    r"certificate|certification|course|courses|bootcamp|experience|interview|interviews|hired|position|"
    r"year|years|month|months|week|weeks|time|life|family|kids|home|people|person|someone|somebody|"
    r"lot|bit|little|while|way|ways|sure|okay|ok|good|great|fine|advice|help|question|questions|"
    r"btw|instead|lol|though|please|thanks|tech\s+stuff|stuff|things|thing|one|ones|touch|contact|"
    r"back|over|out|up|down|started|start|going|done|ready|able|tired|burned\s+out|burnt\s+out|stuck|lost|"
    r"confused|unsure|unhappy|bored|happy|old|young|late|early|\d+|\d+\s*(?:years?|yrs?)\s*old|"
    r"mid[- ]career|career\s+changer|career\s+change|beginner|newbie|noob|novice|student|graduate|grad|pointers|tips|"
    r"mom|mum|dad|parent|mother|father|single\s+mom|single\s+mum|single\s+parent|stay\s+at\s+home\s+mom|"
    r"woman|man|guy|girl|female|male|immigrant|foreigner|native|citizen|resident|veteran\s+status|"
    r"have|has|had|get|got|make|made|know|is|is\s+a|are|was|a|an|the|all|this\s+path|that\s+path|it\s+all|"
    r"house|my\s+house|(?:his|her|their|my|our)\s+parents'?\s+(?:house|home|place)|car|apartment|city|country|state|abroad|overseas|professional|professionals|business|"
    # "my age might be a factor", "fulfil his dream": no job
    r"factor|issue|problem|concern|barrier|plus|asset|advantage|disadvantage|hindrance|obstacle|priority|challenge|risk|"
    r"(?:his|her|my|their|a)\s+dream|dream|dreams|worker\s+bee|cog|cog\s+in\s+the\s+machine|drone|(?:next|this|last)\s+(?:year|month|week|semester|term)|"
    r"corporate|company|companies|organization|organisation|firm|employer|workplace|industry|world|market|"
    r"graduate\s+student|new\s+grad|grad\s+student|phd|masters?|degree|school|"
    # what people say they are that is no job: traits and generations ("I'm a hard worker", "an elder millennial")
    r"(?:hard|quick|fast|slow|good|great|bad|terrible|decent)\s+(?:worker|learner|student|writer|communicator)|"
    r"people\s+person|team\s+player|self[- ]starter|perfectionist|introvert|extrovert|(?:elder\s+|older\s+|young\s+)?"
    r"(?:millennial|boomer|gen\s*[xyz]|zoomer)|(?:total\s+|complete\s+)?(?:mess|wreck|failure)|fan|big\s+fan)$",
    re.IGNORECASE,
)
# A phrase cut off before its noun ("head of", "running an entire department by", "starting an IT") is no name.
_CUT_OFF = re.compile(r"\s(?:of|by|an|a|the|to|for|with|in|on|at|and|or|is|are|as|from|into|my|your|their)$", re.I)
_AGE_PREFIX = re.compile(r"^\d+\s*(?:-|\s)?(?:years?|yrs?|y/?o)(?:-|\s)?(?:old\s+)?", re.IGNORECASE)
_EXPERIENCE_PREFIX = re.compile(
    r"^(?:(?:\d+|ten|five|fifteen|twenty)\+?\s*(?:years?|yrs?)\s*(?:of\s+experience\s+)?(?:as|in)\s+(?:a|an|the)?\s*)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    text: str
    start: int


def clean(phrase: str) -> str | None:
    """Strip filler at both ends; None when nothing meaningful is left."""
    p = re.sub(r"\s+", " ", phrase).strip(" -–—'\"“”‘’*_~`")
    p = _AGE_PREFIX.sub("", p)
    p = _EXPERIENCE_PREFIX.sub("", p)
    p = re.sub(r"^(?:either|both|neither)\s+", "", p, flags=re.IGNORECASE)  # "either wealth management or finance"
    p = re.sub(r"^(?:being|becoming)\s+(?:a|an)\s+", "", p, flags=re.IGNORECASE)  # "being a public librarian"
    p = re.sub(r"^(?:going|go|went|getting|get)\s+(?:back\s+)?(?:to|into)\s+(?=\S)", "", p, flags=re.IGNORECASE)  # "going to law school"
    # "the data science industry smooth": a word after "industry"/"field" belongs to the sentence, not the name
    p = re.sub(r"^(.{3,}?\s(?:industry|field|sector|profession))\s+[a-z]+$", r"\1", p)
    for _ in range(3):
        before = p
        p = _LEAD.sub("", p).strip()
        p = _TRAIL.sub("", p).strip()
        if p == before:
            break
    p = p.strip(" -–—'\"“”‘’")
    if len(p) < 2 or (_NOT_A_FIELD.match(p) and not p.isupper()) or len(p.split()) > 7 or _CUT_OFF.search(p):
        return None
    if re.match(r"(?:to|from|for|by|and|or|but|with|of)(?:\s|$)", p, re.IGNORECASE):
        return None  # "to re-educate", "from a book": a clause, not a name
    if re.match(
        r"(?:good|bad|great|right|wrong|time|position|place|situation|process|middle\s+of|midst|need|charge|debt|shock|"
        r"limbo|doubt|love|awe|pain|tears|survival\s+mode)(?:\s|$)",
        p,
        re.IGNORECASE,
    ):
        return None  # "I'm in good time to consider ...", "I'm in debt", "I'm in the middle of": a state, not work
    if re.match(r"(?:take|make|get|do|go|be|have|give|pay|spend|keep|find|put|try|see|use|know|think)\s", p, re.IGNORECASE):
        return None  # "take the extra year": a clause, not a name
    if re.match(r"(?:woman|man|guy|girl|lady|gal|person|mom|mum|mother|dad|father|bit|little|lot)\s", p, re.IGNORECASE):
        return None  # "I'm a woman stuck in ...", "I'm a bit behind the curve": the person, not their work
    if not re.search(r"[a-z]", p, re.IGNORECASE):
        return None
    if re.fullmatch(
        r"(?:looking|thinking|going|trying|doing|getting|considering|wondering|hoping|planning|starting|making|taking|"
        r"too\s+\w+|so\s+\w+|very\s+\w+)",
        p,
        re.IGNORECASE,
    ):
        return None  # "thinking about looking at nursing programs", "in school for too long": no name of work
    if re.fullmatch(r"[A-Z][A-Za-z]{1,5}\+?\s*(?:v(?:ersion)?\s*)?\d+(?:\.\d+)?", p):
        return None  # "CNE 5", "NT 4.0", "MCSE 2003": a credential or a product version, not a job
    return p


# "the health and fitness industry", "oil and gas", "hair and beauty": one name with "and" inside it, which
# the phrase patterns (they stop at "and") would cut to "health"
_AND_NAME = re.compile(
    r"\s*(?:and|&)\s+(?P<w>[a-z]+(?:\s+[a-z]+)?)\s+(?:industry|industries|field|sector|space|world|business|trades?)\b", re.I
)
_AND_PAIRS = re.compile(
    r"\s*(?:and|&)\s+(?P<w>gas|beverage|fitness|safety|development|beauty|tourism|leisure|wellness|nutrition|"
    r"cooling|air\s+conditioning|crafts|entertainment|media|logistics)\b", re.I
)


def _matches(patterns: tuple[re.Pattern[str], ...], text: str) -> Iterator[Found]:
    for pattern in patterns:
        for m in pattern.finditer(text):
            phrase = clean(m.group("p"))
            if phrase:
                joined = _AND_NAME.match(text, m.end("p")) or _AND_PAIRS.match(text, m.end("p"))
                if joined and len(phrase.split()) <= 2 and text[m.end("p") - len(phrase.split()[-1]) : m.end("p")].lower() == phrase.split()[-1].lower():
                    phrase = clean(f"{phrase} and {joined.group('w')}") or phrase
                yield Found(phrase, m.start("p"))


def negated_phrases(text: str) -> list[str]:
    out = []
    for m in _NEGATION.finditer(text):
        phrase = clean(m.group("p"))
        if phrase:
            out.append(phrase.lower())
    return out


def _is_negated(found: Found, negated: list[str], text: str) -> bool:
    window = text[max(0, found.start - 24) : found.start].lower()
    if re.search(
        r"\b(?:not|no longer|instead of|rather than|never|don'?t (?:really )?want to (?:be|stay|do|go|get|move|work|return))"
        r"\s+(?:\w+\s+)?$|\b(?:don'?t|do\s+not|never)\s+(?:really\s+)?want\s+to\s+$",
        window,
    ):
        return True
    # "I don't have any work experience in project management", "no background in IT": what they lack, not their job
    if re.search(
        r"\b(?:no|without|don'?t\s+have|do\s+not\s+have|lack(?:ing)?|little|zero|not\s+much|haven'?t\s+(?:got|had))\s+"
        r"(?:any\s+|much\s+|real\s+)?(?:\w+\s+)?(?:experience|background)\s+(?:in|as|with|of)\s+(?:a\s+|an\s+|the\s+)?$",
        text[max(0, found.start - 60) : found.start].lower(),
    ):
        return True
    # "I no longer wish to be a music major", "I don't want to stay in retail"
    if re.search(
        r"\b(?:no\s+longer|not|never|don'?t|do\s+not|didn'?t)\s+(?:really\s+|ever\s+)?(?:wish|wished|want|wanted|like|plan|intend|see\s+myself)\s+"
        r"(?:to\s+)?(?:be|become|being|do|doing|stay|staying|work|working|remain|go\s+back\s+(?:to|into)|"
        r"return\s+to|go\s+into|get\s+into|move\s+into|continue)\s+(?:in\s+|as\s+|with\s+)?(?:a\s+|an\s+|the\s+)?$",
        text[max(0, found.start - 60) : found.start].lower(),
    ):
        return True
    # "I don't think I could make it as a full-fledged veterinarian", "I could never be a nurse": ruled out
    if re.search(
        r"\b(?:don'?t|do\s+not)\s+think\s+i\s+(?:could|can|would)\s+(?:ever\s+)?(?:make\s+it|cut\s+it|be|become|manage)\s+"
        r"(?:as\s+)?(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+)?$|\bi\s+(?:could|can)\s+never\s+(?:be|become|work\s+as)\s+(?:a\s+|an\s+)?$",
        text[max(0, found.start - 70) : found.start].lower(),
    ):
        return True
    return (
        found.text.lower() in negated
        and found.text.lower() not in text[found.start - 3 : found.start].lower()
    )


def _kept(found: list[Found], negated: list[str], text: str) -> list[str]:
    """Phrases in message order, each once, without those the person ruled out ("..., not banking")."""
    out: list[str] = []
    for f in sorted(found, key=lambda f: f.start):
        if not _is_negated(f, negated, text) and f.text.lower() not in (o.lower() for o in out):
            out.append(f.text)
    return out


_DEGREE_SUBJECT = re.compile(
    rf"\b(?:ba|bs|bsc|b\.s\.|b\.a\.|msc|ma|m\.s\.|mba|phd|ph\.d\.|bachelor'?s|master'?s|associate'?s|diploma|degree|"
    rf"major(?:ed)?|graduated?)\s+(?:degree\s+)?(?:in|of)\s+{_DET}{_PHRASE}",
    re.IGNORECASE,
)
_BACKGROUND_CUE = re.compile(
    r"\b(?:background|degree|studied|majored)\s+(?:is\s+|was\s+)?(?:in|as)\s*$", re.IGNORECASE
)


# "Should I do a PhD or a master's in data science?": a degree they might take, not one they hold
_DEGREE_WISHED = re.compile(
    r"\b(?:or|do|get|take|pursue|start|doing|getting|taking|pursuing|apply(?:ing)?\s+(?:for|to)|consider(?:ing)?|want|need|"
    r"enrol+(?:ing)?\s+in)\s+(?:a|an|the|my)?\s*(?:[\w'-]+\s+){0,2}(?:degree|master'?s|masters|bachelor'?s|msc|ms|ma|mba|"
    r"phd|diploma)\s+(?:degree\s+)?(?:in|of)\s+$",
    re.IGNORECASE,
)


def _degree_subjects(text: str) -> Iterator[tuple[str, str]]:
    """Each degree's subject with the 80 characters before it ("a BS in Economics" -> "Economics")."""
    for m in _DEGREE_SUBJECT.finditer(text):
        phrase = clean(m.group("p"))
        if phrase:
            yield phrase, text[max(0, m.start("p") - 80) : m.start("p")]


def degree_subjects(text: str) -> list[str]:
    """What the person studied ("a BS in Economics" -> "Economics"): their background, not their job."""
    return [phrase for phrase, before in _degree_subjects(text) if not _DEGREE_WISHED.search(before)]


def wished_degree_subjects(text: str) -> list[str]:
    """Subjects of degrees the person means to take ("go back to school to get a master's degree in
    Architecture" -> "Architecture"): where they are heading, read after every other goal phrase."""
    return [
        phrase
        for phrase, before in _degree_subjects(text)
        if _DEGREE_WISHED.search(before) and not re.search(r"\b(?:or|vs\.?|versus)\s", before[-30:])
    ]


# "get a teaching job", "find an IT role": the job is sought, not held
_SOUGHT = re.compile(
    r"\b(?:get|getting|find|finding|land|landing|apply(?:ing)?\s+for|want|wanting|looking\s+for|seeking|secure|securing)\s+"
    r"(?:a|an|my|this|the)\s*$",
    re.IGNORECASE,
)
_SOUGHT_JOB = re.compile(
    r"\b(?:get|getting|find|finding|land|landing|apply(?:ing)?\s+for|looking\s+for|seeking|secure|securing)\s+(?:a|an|my\s+first)\s+"
    r"(?!new\b|good\b|better\b|real\b|full[- ]time\b|part[- ]time\b|decent\b|well[- ]paid\b)(?P<p>[a-z][\w -]{2,40}?)\s+(?:job|role|position|post)\b",
    re.IGNORECASE,
)


_LEFT = re.compile(
    r"\b(?:leave|leaving|quit|quitting|escape|escaping|get\s+out\s+of|getting\s+out\s+of|out\s+of)\s+"
    r"(?:my\s+job\s+(?:as|in)\s+|my\s+career\s+in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)


_IN_PROGRAMME = re.compile(r"\s+(?:program|programme|course|degree|class|cohort|school)s?\b", re.I)
WHAT_IF = re.compile(r"\b(?:what\s+if|suppose|imagine|in\s+case)\b", re.I)


def current_candidates(text: str) -> list[str]:
    """Every phrase that may name where the person is, in message order."""
    negated = negated_phrases(text)
    found = list(_matches(CURRENT_PATTERNS, text))
    for m in _TEACH.finditer(text):
        raw = m.group("p")
        found.append(Found(teacher_phrase(raw if POSTSECONDARY.search(raw) else clean(raw) or ""), m.start("p")))
    studied = {d.lower() for d in degree_subjects(text)}
    if all(f.text.lower() in studied for f in found):  # nothing but what they studied: "... and I teach"
        for m in re.finditer(r"\bi\s+(?:currently\s+|now\s+|also\s+)?teach\b", text, re.IGNORECASE):
            found.append(Found("teacher", m.start()))
    arrow = _ARROW.search(text) or _FROM_TO.match(text)
    if arrow:
        a = clean(arrow.group("a"))
        if a:
            found.append(Found(a, arrow.start("a")))
    for m in _DROVE.finditer(text):
        found.append(Found(f"{m.group('v')} driver", m.start()))
    kept = _kept(
        [
            f
            for f in found
            # "I want to leave teaching": what a wish is to leave is where the person is
            if (not wished(text, f.start) or _LEFT.search(text[max(0, f.start - 40) : f.start]))
            and not _SOUGHT.search(text[: f.start])
            # "I applied online for a job as a flight attendant", "offered a job as": sought, not held
            and not SOUGHT_AS.search(text[max(0, f.start - 80) : f.start])
            and not about_someone_else(text, f.start)
            and not _DEGREE_WISHED.search(text[max(0, f.start - 80) : f.start])
            # "What if I hate working in IT?": a fear about the goal, not the work they do
            and not WHAT_IF.search(re.split(r"[.!?\n]", text[: f.start])[-1])
            # "I'm in a BSN program": a programme they study in, not their work
            and not _IN_PROGRAMME.match(text, f.start + len(f.text))
        ],
        negated,
        text,
    )
    # What they studied comes after what they say they do: "working as a product manager ... MSc in Business
    # Intelligence" is a product manager (on the dev half a job stated outright is right far more often).
    return [p for p in kept if p.lower() not in studied] + [p for p in kept if p.lower() in studied]


# "I work in retail" says where the person is; only a wish ("I want to work in UX") makes it a target
_WORK_STATEMENT = re.compile(
    r"\b(?:i|we)\s+(?:currently\s+|now\s+|still\s+|also\s+)?work\s+(?:in|into)\s+(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)


# "I want to be a dietician", "a passion to become a pediatrician": the person's own wish, stated outright, outranks
# a field named in passing earlier ("an interest in the medical field", "not ... go be a lumberjack")
_STRONG_WISH = re.compile(
    r"\b(?:want|wanted|wanna|would\s+like|'d\s+like|passion|dream|decided|hope|hoping|plan|planning|goal\s+is|"
    r"determined|aspire|aspiring|intend|going)\s+(?:is\s+)?(?:to\s+)?(?:be|become|becoming|train\s+as|retrain\s+as|"
    r"qualify\s+as|work\s+as)\s+(?:a|an)\s+$",
    re.IGNORECASE,
)
# "stay a bartender", "remain in teaching": where the person already is
_STAY = re.compile(
    r"\b(?:stay|staying|remain|remaining|keep\s+being|continue\s+(?:being|as|in))\s+(?:as\s+|in\s+)?(?:a\s+|an\s+|the\s+)?$",
    re.IGNORECASE,
)


def _quoted(text: str, start: int) -> bool:
    """Inside a quotation ("I'm not talking about, 'I'll go be a lumberjack!'"): someone else's words."""
    sentence_start = max(text.rfind(".", 0, start), text.rfind("?", 0, start), text.rfind("!", 0, start)) + 1
    before = text[sentence_start:start]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def target_candidates(text: str) -> list[str]:
    """Every phrase that may name where the person wants to go: wishes stated outright first, then message
    order."""
    kept = _target_candidates(text)
    strong = []
    for phrase in kept:
        at = [m.start() for m in re.finditer(re.escape(phrase), text)]
        if any(_STRONG_WISH.search(text[max(0, i - 60) : i]) and not _quoted(text, i) for i in at):
            strong.append(phrase)
    return strong + [p for p in kept if p not in strong]


# "quit retail for good", "leaving teaching": what the person leaves is never where they are going
_LEAVING = re.compile(r"^(?:quit|quitting|leave|leaving|left|stop|stopping|escape|escaping|get\s+out|out\s+of)\b", re.I)


_TO_TEACH = re.compile(
    r"\b(?:want|wanting|wanted|like|love|plan|planning|leave|leaving|quit|quitting|retrain|retraining|train|training|"
    r"go\s+back|going\s+back|decided|hope|hoping|wish|wishing|aim|aiming|program|programme|route|certification)"
    r"\s+(?:[\w']+\s+){0,3}?to\s+(?P<v>teach)\b"
    r"(?P<what>[^.?!\n]{0,60})",
    re.IGNORECASE,
)


# "I need to talk to a career counselor": the person who helps, named after a wish for help, is no goal
_HELPER = re.compile(r"^(?:career\s+)?(?:counsel(?:l)?or|counsel(?:l)?ing|advis[eo]r|coach|mentor)s?$", re.IGNORECASE)
# "talk to a counselor", "burden you with career counseling", "need a career coach": whoever they would ask for help
_CONSULTING = re.compile(
    r"\b(?:talk|speak|chat|meet|consult|see|contact|reach|burden\s+you|need|get|seek|seeking|find)\s+(?:to\s+|with\s+)?"
    r"(?:a\s+|an\s+|the\s+|my\s+|some\s+)?(?:career\s+)?$",
    re.IGNORECASE,
)


# "I originally wanted to be a math professor, but ...": a wish given up, not the goal now
_PAST_WISH = re.compile(
    r"\b(?:originally|initially|once|at\s+first|as\s+a\s+(?:kid|child)|growing\s+up|used\s+to)\s+(?:\w+\s+)?"
    r"(?:wanted|want|dreamed|dreamt|planned|hoped|thought\s+i\s+(?:would|wanted))\s+(?:to\s+)?(?:be|become|do|work\s+as|go\s+into)\s+"
    r"(?:a\s+|an\s+)?[\w-]*\s*$",
    re.I,
)


def _target_candidates(text: str) -> list[str]:
    negated = negated_phrases(text)
    found = [
        f
        for f in _matches(TARGET_PATTERNS, text)
        if not _WORK_STATEMENT.search(text[: f.start]) and not _STAY.search(text[max(0, f.start - 40) : f.start])
        and not _quoted(text, f.start)
        and not (_HELPER.match(f.text) and _CONSULTING.search(text[max(0, f.start - 40) : f.start]))
        and not _PAST_WISH.search(text[max(0, f.start - 60) : f.start])
    ]
    for m in _SOUGHT_JOB.finditer(text):
        phrase = clean(m.group("p"))
        if phrase:
            found.append(Found(phrase, m.start("p")))
    for m in _TO_TEACH.finditer(text):  # "thinking of leaving it to teach maths": teaching is the goal
        # "wish to teach business at a tertiary institution": a business professor; "to teach maths": a teacher
        place = POSTSECONDARY.search(m.group("what"))
        found.append(Found(teacher_phrase(m.group("what")[: place.end()]) if place else "teacher", m.start("v")))
    arrow = _ARROW.search(text) or _FROM_TO.match(text)
    if arrow:
        b = clean(arrow.group("b"))
        if b:
            found.append(Found(b, arrow.start("b")))
    return [p for p in _kept(found, negated, text) if not _LEAVING.match(p)]


def extract_alternatives(text: str) -> tuple[str, str] | None:
    """ "UX or data analytics?" -> ("UX", "data analytics"), for "which of two paths" questions."""
    for m in _TWO_PATHS.finditer(text):
        a, b = clean(_QUESTION_LEAD.sub("", m.group("a"))), clean(m.group("b"))
        if a and b and a.lower() != b.lower():
            return a, b
    return None


# "Should I keep going with college or take the certification route?", "Do I train for new skills? Or do I
# rely on the ones I had?": the two things weighed, as the person put them.
_CHOICE = re.compile(
    r"(?:\b(?:should|shall|do|would|could|can)\s+(?:i|we)|\b(?:is|would)\s+it\s+(?:be\s+)?(?:better|smarter|wiser|best)\s+to|"
    r"\bwhich\s+(?:is|would\s+be)\s+better\s*[,:-]?)\s+(?P<a>[^?.!;:]{3,90}?)\s*[,?]?\s+(?:or|or\s+should\s+i|or\s+do\s+i|"
    r"or\s+would\s+it\s+be\s+better\s+to|or\s+just)\s+(?P<b>[^?.!;:]{3,90}?)\s*(?:\?|$)",
    re.IGNORECASE,
)
_CHOICE_TRIM = re.compile(
    r"^(?:i\s+|we\s+|should\s+i\s+|do\s+i\s+|to\s+|just\s+|want\s+to\s+|need\s+to\s+)+|[\s,\[\](…]+$", re.IGNORECASE
)


_BETWEEN = re.compile(
    r"\b(?:choose|choosing|decide|deciding|torn|pick|picking|weighing\s+up)\s+between\s+(?P<a>[^?.!;:]{3,90}?)\s+and\s+"
    r"(?P<b>[^?.!;:]{3,90}?)\s*(?:\?|\.|,|$)",
    re.IGNORECASE,
)


# "Should I start a nursing degree at 59?", "would I be making a mistake to pursue an MLT program rather than MLS?",
# "am I mad to apply for a physics PhD?", "Is it worth carrying on with my degree?": one course of action weighed
_DECISION = (
    re.compile(
        r"\b(?:should|shall)\s+(?:i|we)\s+(?:just\s+|really\s+|still\s+|even\s+|actually\s+)?(?P<vp>[^?.!;:]{3,90}?)\s*\?",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:would|am|will)\s+i\s+(?:be\s+)?(?:making\s+a\s+(?:big\s+|huge\s+)?mistake|mad|crazy|foolish|stupid|nuts|insane)\s+"
        r"(?:to|by|in|if\s+i)\s+(?P<vp>[^?.!;:]{3,90}?)\s*[?.]",
        re.IGNORECASE,
    ),
    re.compile(r"\bam\s+i\s+(?:mad|crazy|foolish|nuts|insane)\s+(?:thinking\s+(?:about|of)|for\s+(?:thinking\s+about|wanting\s+to))\s+"
               r"(?P<ing>[^?.!;:]{3,90}?)\s*[?.]", re.IGNORECASE),
    re.compile(r"\b(?:is|was)\s+it\s+(?:really\s+)?worth\s+(?P<ing>\w+ing\b[^?.!;:]{3,80}?)\s*[?.]", re.IGNORECASE),
    re.compile(r"\bif\s+it\s+is\s+worth\s+(?P<ing>\w+ing\b[^?.!;:]{3,80}?)\s*[?.]", re.IGNORECASE),
)
_DECISION_VAGUE = re.compile(
    r"^(?:do|go\s+for\s+it|do\s+it|be\s+worried|worry|be\s+concerned|bother|expect|know|think|say|feel|consider|look|"
    r"ask|wait|give\s+up|stop|continue|care|tell|be\s+\w+ing)\b|\b(?:this|that|it)\b|\bor\b|"
    r"\b(?:for|to|with|at|in|on|of|about|into|from)\s*$",
    re.IGNORECASE,
)


def decision_phrase(text: str) -> tuple[str, str] | None:
    """The one course of action a yes/no question weighs, in the person's words: ("to", "start a nursing degree"),
    or ("ing", "carrying on with my degree"); None when the question is vague ("Should I just go for it?") or
    weighs two options (see `choice_options`)."""
    for pattern in _DECISION:
        for m in pattern.finditer(text):
            if re.search(r"\b(?:what|which|where|how|who|when|why)\b", re.split(r"[.!?\n]", text[: m.start()])[-1], re.I):
                continue  # "What should I be looking at?": a question for advice, not a decision
            if re.search(r"\bor\s*$", text[max(0, m.start() - 8) : m.start()], re.I) or re.match(
                r"[^.!?\n]{0,200}?\?\s*or\b", text[m.start() :], re.I
            ):
                continue  # "Should I go away to school? Or should I stay local?": two options, not one
            kind = "ing" if "ing" in m.groupdict() else "to"
            words = re.sub(r"\s+", " ", m.group(kind if kind == "ing" else "vp")).strip(" ,")
            words = re.sub(r"^(?:to\s+)", "", words, flags=re.IGNORECASE)
            if _DECISION_VAGUE.search(words) or len(words.split()) > 14 or len(words.split()) < 2:
                continue
            return kind, words
    return None


def choice_options(text: str) -> tuple[str, str] | None:
    """The two options of an either/or question, in the person's words (at most 12 words each)."""
    joined = re.sub(r"\?\s+(?=or\b)", " ", text, flags=re.IGNORECASE)  # "...skills? Or do I rely ..."
    for sentence in [
        *re.findall(r"[^.!?\n]*\?", joined),
        *re.findall(r"[^.!?\n]*\bbetween\b[^.!?\n]*", joined),
    ]:
        m = _CHOICE.search(sentence) or _BETWEEN.search(sentence)
        if not m:
            continue
        a, b = (_CHOICE_TRIM.sub("", m.group(k)).strip() for k in ("a", "b"))
        sizes = (len(a.split()), len(b.split()))
        vague = {"what", "not", "something", "anything", "something else", "nothing", "whatever", "no"}
        # "still apply since I meet or exceed all other criteria", "become an apprentice, or does it not work that
        # way?": an "or" inside a clause or a question tag, not two options
        clause = re.search(r"\b(?:since|because|as\s+long\s+as|if|when|that|which)\b", a, re.I) or re.match(
            r"(?:does|do|did|is|are|was|were|can|will|would|could)\s+(?:it|that|this|there)\b", b, re.I
        )
        if a.lower() != b.lower() and max(sizes) <= 12 and not ({a.lower(), b.lower()} & vague) and not clause:
            return a, b
    return None


def shrinkings(phrase: str) -> list[str]:
    """Shorter candidates, most specific first: drop leading words, then trailing ones.

    "high school chemistry teacher" -> ["school chemistry teacher", "chemistry teacher", "teacher",
    "high school chemistry", ...]; heads (the last word) carry the occupation in English noun phrases.
    """
    words = phrase.split()
    out: list[str] = []
    for i in range(1, len(words)):
        out.append(" ".join(words[i:]))
    for j in range(len(words) - 1, 0, -1):
        out.append(" ".join(words[:j]))
    return [o for o in out if clean(o)]


# A discipline names its practitioners: "physics" -> "physicist", "radiation therapy" -> "radiation therapist".
_PRACTITIONER = (
    (re.compile(r"ics$"), "icist"),
    (re.compile(r"ics$"), "ist"),
    (re.compile(r"therapy$"), "therapist"),
    (re.compile(r"ology$"), "ologist"),
    (re.compile(r"istry$"), "ist"),
    (re.compile(r"acy$"), "acist"),
    (re.compile(r"graphy$"), "grapher"),
    (re.compile(r"(?<=architect)ure$"), ""),  # architecture -> architect
    (re.compile(r"(?<=engineer)ing$"), ""),  # petrochemical engineering -> petrochemical engineer
    (re.compile(r"(?<=electronic)s$"), "s technician"),
    (re.compile(r"(?<=dietetic)s$"), "ian"),
    (re.compile(r"(?<=midw)ifery$"), "ife"),  # midwifery -> midwife
    (re.compile(r"(?<=report)ing$"), "er"),  # court reporting -> court reporter
    (re.compile(r"(?<=carpent)ry$"), "er"),  # carpentry -> carpenter
    (re.compile(r"(?<=plumb)ing$"), "er"),  # plumbing -> plumber
)


def practitioner_forms(phrase: str) -> list[str]:
    """The phrase with its last word turned into the person who practises it (tried when it resolves to nothing)."""
    head, _, last = phrase.rpartition(" ")
    out = []
    for pattern, ending in _PRACTITIONER:
        if pattern.search(last.lower()):
            word = pattern.sub(ending, last.lower())
            out.append(f"{head} {word}".strip())
    return list(dict.fromkeys(out))


# "a coding bootcamp", "a CS degree", "the Google data analytics certificate": the subject of a programme
# asked about in a question is where the person is heading, when nothing else says so.
_PROGRAMME_SUBJECT = re.compile(
    r"\b(?:a|an|the|this|that|some|is|are|does|attend|attending|to|about|into)\s+(?P<p>[A-Za-z][\w/+&-]*(?:\s+[A-Za-z][\w/+&-]*){0,2}?)\s+"
    r"(?:boot\s?camps?|degrees?|certificates?|certifications?|programs?|programmes?|courses?|diplomas?|school|master'?s|"
    r"ph\.?d\.?s?|doctorates?|msc|mba)\b",
    re.IGNORECASE,
)
_SUBJECT_FILLER = re.compile(
    r"^(?:online|short|free|cheap|expensive|new|good|professional|career|four[- ]year|two[- ]year|\d+[- ](?:year|month|week)|"
    r"college|university|graduate|master'?s|bachelor'?s|associate'?s|google|coursera|udemy|edx|full[- ]time|part[- ]time|"
    r"accelerated|intensive|evening|weekend|local|formal|proper|real|different|second|another)$",
    re.IGNORECASE,
)
_SUBJECT_EXPAND = {
    "cs": "computer science",
    "it": "IT",
    "ux": "UX design",
    "ui/ux": "UX design",
    "ds": "data science",
}


def programme_subjects(text: str) -> list[str]:
    """Subjects of programmes named in question sentences ("Is a coding bootcamp worth it?" -> "coding")."""
    out = []
    for sentence in re.findall(r"[^.!?\n]*\?", text):
        for m in _PROGRAMME_SUBJECT.finditer(sentence):
            words = [w for w in m.group("p").split() if not _SUBJECT_FILLER.match(w)]
            if not words:
                continue
            subject = " ".join(words)
            subject = _SUBJECT_EXPAND.get(subject.lower(), subject)
            if clean(subject):
                out.append(clean(subject) or subject)  # "going to law (school)" -> "law"
    return out


_PAST_CUE = re.compile(
    r"\b(?:left|former(?:ly)?|ex-?|retired(?:\s+from)?|closed|sold|used\s+to\s+(?:be|work)|i\s+was|quit|"
    r"(?:first|previously|originally|initially|once)\s+as|went\s+on\s+to\s+(?:work\s+as|become|be)|"
    r"(?<!'ve\s)(?<!’ve\s)(?<!have\s)worked\s+(?:as|in|at)|had\s+been|was\s+laid\s+off\s+(?:as|from)|lost\s+(?:my|a)\s+(?:job|position|role)\s+(?:as|in))"
    r"\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


def said_as_past(text: str, phrase: str | None) -> bool:
    """True when the person speaks of `phrase` as work they did ("I finally left middle school teaching",
    "I closed my printing business", "former nurse"), not work they do now."""
    if not phrase:
        return False
    # every place the phrase is said: "My ideal would be working as an IT guy ... I worked in IT in college"
    for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.IGNORECASE):
        at = m.start()
        if re.search(r"\b(?:still|currently|now)\b", text[max(0, at - 40) : at], re.I):
            return False
        if _PAST_CUE.search(text[max(0, at - 50) : at]):
            return True
    return False
