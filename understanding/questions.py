"""What the person asks: the question type and the question sentence.

Each type has cue patterns written from how people phrase it on forums; a message may match
several ("is a bootcamp worth it at 40, or should I quit and study full time?"), so the types are
ordered from the most specific (LinkedIn badges, stacking, age) to the most general (where do I
start), and the first match in that order is the main type. The sentence that matched it is the
main question. When no cue matches, an optional sentence encoder picks the nearest labelled example
(`understanding/semantic.py`); when that is not confident either, the type is `recommend` for a
message that states a move and `other` otherwise.

The types are documented in docs/ARCHITECTURE.md (Contract 6) and used by the real-question set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

QUESTION_TYPES: tuple[str, ...] = (
    "recommend", "worth_it", "compare_options", "which_first", "need_credential", "no_degree", "how_long",
    "too_old", "quit_or_study", "get_experience", "get_hired", "online_counts", "employer_recognition",
    "quality_assurance", "stacking_degree", "linkedin_badges", "cost_vs_degree", "where_start", "skill_gap",
    "related_moves", "job_market", "what_is", "other",
)  # fmt: skip

_CRED = r"(?:cert(?:ificate|ification)?s?|credentials?|courses?|programs?|programmes?|bootcamps?|boot\s+camps?|diplomas?|classes|training|qualifications?|badges?|licen[cs]es?|exams?)"
_I = r"(?:i|we)"

# (type, patterns): order = priority when several types match.
CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("linkedin_badges", (
        r"\blinked\s?in\b.*\b(?:badge|certificat|add|show|put|display|list)",
        r"\b(?:badge|certificat\w*)\b.*\blinked\s?in\b",
        r"\bcredly\b", r"\b(?:put|list|add|show)\b.*\b(?:on|to)\s+(?:my\s+)?(?:resume|cv|résumé)\b",
        # "should you list them on your resume?", "is it worth including on a CV?"
        r"\b(?:list|put|include|including|mention|mentioning)\b[^.?!]{0,40}\b(?:on|in)\s+(?:your|a|the)\s+(?:resume|cv|résumé)\b",
        r"\bdigital\s+badges?\b.*\b(?:share|show|display)\b",
    )),
    ("stacking_degree", (
        r"\bstack(?:s|ing|able)?\b", r"\b(?:count|credit|apply|transfer)\w*\s+(?:\w+\s+){0,3}toward(?:s)?\s+(?:a|my|an)?\s*(?:degree|bachelor|master)",
        r"\bcollege\s+credits?\b", r"\btransfer\s+credits?\b", r"\bace\s+credit\b", r"\bcredit\s+(?:towards?|for)\b",
    )),
    ("what_is", (
        r"\bwhat\s+(?:is|are|exactly\s+is)\s+(?:a\s+|an\s+)?(?:micro[- ]?credentials?|digital\s+badges?|open\s+badges?|micro[- ]?certificat\w*|nano[- ]?degrees?)",
        r"\bdifference\s+between\s+(?:a\s+)?certificat\w+\s+and\s+(?:a\s+)?certificat\w+",
        r"\bcertificate\s+(?:vs\.?|versus|or)\s+(?:a\s+)?certification\b",
    )),
    ("quality_assurance", (
        r"\baccredit\w*", r"\blegit(?:imate)?\b", r"\bscam\w*\b", r"\breputable\b", r"\bdiploma\s+mill\b",
        r"\breputations?\b.*\?", r"\b(?:competent|job[- ]ready)\s+(?:alumni|graduates|grads)\b", r"\b(?:placement|outcomes?)\s+(?:rates?|reports?|record)\b",
        r"\btrustworthy\b", r"\bhow\s+(?:do|can)\s+" + _I + r"\s+(?:tell|know|judge|check)\b.*\b(?:good|quality|worth)",
        r"\bquality\b.*\b(?:course|program|provider|bootcamp|certificat)", r"\bis\s+\w+\s+(?:a\s+)?real\s+(?:school|university|certificat)",
    )),
    ("too_old", (
        r"\btoo\s+old\b", r"(?<!before it's )(?<!before its )(?<!before it’s )\btoo\s+late\b", r"\bat\s+my\s+age\b", r"\b(?:age|old)\s+(?:to|for)\s+(?:start|switch|change|learn|begin|become|enter)",
        r"\bage\s*(?:ism|discrimination)\b", r"\bat\s+[3-7]\d\s*\?", r"\bin\s+(?:my|your)\s+[4-7]0'?s\s*\?",
        r"\b[3-7]\d\s*(?:years?\s+old|yo)\b.*\b(?:late|realistic|chance|hire\s+me|ageism)",
        r"\bage\s+limits?\b", r"\b(?:fifty|forty|sixty|[4-7]\d)[- ]years?[- ]old\b[^.!?]*\b(?:fit\s+in|start\s+(?:over|again)|hire|chance)\b",
        r"\bat\s+(?:age\s+)?[4-7]\d\b[^.!?]*\b(?:take\s+on|hire|fit\s+in|start\s+(?:over|again)|still|chance|realistic)\b[^.!?]*\?",
        # "I'm in my 40s and thinking about retraining as a solicitor, but is there any point?", "would any firm hire
        # a 40yr old greenhorn?", "a PhD at, say, 50?"
        r"\bin\s+(?:my|one'?s)\s+[4-7]0'?s\b[^.!?]*\b(?:any\s+point|worth|realistic|chance|possible)\b",
        r"\bhire\s+(?:a|an|someone)\s+(?:[4-7]\d|forty|fifty|sixty)\s*-?\s*(?:yrs?|years?)\s*-?\s*old\b",
        r"\bat,?\s+say,?\s+[4-7]\d\b",
    )),
    ("quit_or_study", (
        r"\bquit(?:ting)?\s+(?:my\s+)?(?:job|work|career)\b", r"\bleave\s+my\s+job\s+(?:to|and)\b",
        r"\bfull[- ]time\s+(?:bootcamp|study|student|school|program|course)\b", r"\bgo\s+back\s+to\s+school\s+full[- ]time\b",
        r"\bkeep\s+(?:my|working)\s+(?:job|full[- ]time)\b.*\b(?:study|learn|school|course)",
        r"\bpart[- ]time\s+(?:study|studies|course|degree|program|school|bootcamp)\b.*\b(?:or|vs|instead)\b",
        r"\bstudy\s+(?:on\s+the\s+side|while\s+working|part[- ]time)\b.*\?", r"\btake\s+(?:a\s+)?(?:year|time)\s+off\s+(?:to|work)\b",
        r"\bgive\s+up\s+(?:a|my|the)\s+(?:good\s+|stable\s+|secure\s+|well[- ]paid\s+|decent\s+)?(?:job|career|salary)\b",
        r"\b(?:leave|leaving|quit|quitting)\s+(?:a|my|the|this)\s+(?:[\w-]+\s+){0,4}(?:job|career|position|work)\s+(?:to|for|and)\s+"
        r"(?:go\s+back\s+to\s+|return\s+to\s+|take\s+|do\s+|start\s+|study|studying|enrol|pursue|get\s+a|school|college|uni)",
        r"\b(?:go|going)\s+back\s+to\s+(?:school|college|uni|university)\b[^.?!]*\b(?:while\s+(?:working|holding|keeping)|"
        r"and\s+(?:keep|hold)\s+(?:a|my)\s+job|or\s+(?:keep|stay|hold))",
        r"\b(?:hold|keep)\s+(?:a|my)\s+job\b[^.?!]*\b(?:school|study|studying|course)\b",
        # "how can I move out of a job I dislike without jeopardising my family's income?"
        r"\bwithout\s+(?:jeopardi[sz]ing|risking|losing|giving\s+up|sacrificing)\s+(?:my|our|the)\s+(?:\w+'?s?\s+){0,2}(?:income|salary|pay|paycheck|job|security)\b",
    )),
    ("no_degree", (
        r"\bwithout\s+(?:a\s+|any\s+)?(?:college\s+|university\s+|4[- ]year\s+|bachelor'?s?\s+)?degree\b",
        r"\bno\s+(?:college\s+|university\s+)?degree\b.*\b(?:possible|can|chance|get|hire|job|realistic)",
        r"\b(?:do|would)\s+" + _I + r"\s+(?:really\s+|still\s+|even\s+)?need\s+(?:a|an|to\s+get\s+a)\s+(?:\w+\s+){0,2}degree\b",
        r"\b(?:need|require|requires|required)\s+(?:a\s+)?(?:\w+\s+)?degree\b.*\?", r"\bdegree\s+(?:really\s+|actually\s+|truly\s+|even\s+|still\s+)?(?:required|necessary|needed)\b",
        r"\bdon'?t\s+have\s+a\s+degree\b.*\?", r"\bwithout\s+going\s+(?:back\s+)?to\s+(?:college|university|school)\b",
    )),
    ("how_long", (
        r"\bhow\s+long\b", r"\bhow\s+many\s+(?:months|years|weeks|hours)\b", r"\btime\s*(?:line|frame)\b",
        r"\bhow\s+(?:quickly|fast|soon)\b", r"\brealistic(?:ally)?\b.*\b(?:months|year|time)\b", r"\bin\s+(?:\d+|a|six|three)\s+months?\b.*\?",
    )),
    ("cost_vs_degree", (
        r"\b(?:bootcamp|boot\s+camp|certificate|certification|cert|course)s?\b.*\b(?:or|vs\.?|versus|instead\s+of|rather\s+than|better\s+than|worse\s+than|worth\s+more\s+than)\b.*\b(?:degree|masters?|bachelors?|college|university|mba)\b",
        r"\b(?:degree|masters?|bachelors?|college|university|mba)\b.*\b(?:or|vs\.?|versus|instead\s+of|rather\s+than|better\s+than)\b.*\b(?:bootcamp|boot\s+camp|certificate|certification|cert)s?\b",
    )),
    ("worth_it", (
        r"\bworth\s+(?:it|the|my|doing|getting|taking|pursuing|a\s+shot|investing)\b", r"\bis\s+it\s+worth\b", r"\bworthwhile\b",
        r"\bgood\s+investment\b", r"\bwaste\s+of\s+(?:time|money)\b", r"\broi\b", r"\bpay\s+off\b", r"\bvalue\s+(?:of|in)\b.*\?",
        # "is there any point?", "I'm wondering if I'm just crazy", "crazy for entertaining the thought of going back to
        # school?", "should we invest that kind of money?"
        r"\bis\s+there\s+(?:any|a|much)\s+point\b", r"\b(?:i'?m|am\s+i|i\s+am)\s+(?:just\s+)?(?:crazy|mad|nuts|insane|foolish)\b",
        r"\b(?:crazy|mad|foolish|insane)\s+(?:for|to)\s+(?:\w+ing|go|do|quit|leave|start|take|try|apply|spend)\b",
        r"\b(?:should|can)\s+(?:we|i)\s+(?:afford\s+to\s+)?invest\b",
        # "Do I take this job or not?", "should I go for it or not?": a yes or no to one course of action
        r"\b(?:do|should|shall)\s+" + _I + r"\s+(?:take|accept|do|go\s+for|try|make)\b[^?]{0,80}\bor\s+not\b",
        # "I got a job offer as a flight attendant. Should I take it?", "should I accept the offer?"
        r"\b(?:should|do)\s+" + _I + r"\s+(?:take|accept|turn\s+down|decline|go\s+for)\s+(?:it|the\s+(?:job|offer|place|position|spot)|"
        r"this\s+(?:job|offer|place|position|spot)|that\s+(?:job|offer))\b",
        r"\b(?:any|much)\s+(?:use|value|good)\b.*\?", r"\bhelp\s+(?:me\s+)?(?:get|land|find)\s+(?:a\s+)?job\b.*\?",
        # "should I get my MBA?", "Should I go to culinary school?", "is this a mistake?", "a good idea?"
        r"\b(?:should\s+" + _I + r"|" + _I + r"\s+should)\s+(?:just\s+|still\s+|really\s+)?(?:get|do|go\s+(?:for|to|back\s+to)|pursue|enrol+|apply\s+(?:for|to)|"
        r"start|begin|take|study|finish|complete|continue\s+(?:with\s+)?|carry\s+on\s+with|sign\s+up\s+for)\s+(?:my|an?|the|this|that)?\s*"
        r"(?:\w+\s+){0,2}(?:mba|degree|masters?|master'?s|school|program|programme|course|bootcamp|certificat\w*|diploma|licen[cs]e)\b",
        r"\b(?:is\s+(?:this|it|that)|am\s+i\s+making)\s+(?:a\s+|the\s+)?(?:big\s+|huge\s+)?(?:mistake|wrong\s+(?:decision|choice|move)|"
        r"right\s+(?:decision|choice|move)|good\s+idea|bad\s+idea|smart\s+move|dumb\s+idea|crazy\s+idea)\b",
        r"\b(?:still\s+)?a\s+(?:good|bad|smart|sensible)\s+(?:idea|move|choice|decision)\b.*\?", r"\bsecond\s+thoughts\b",
        # "Does it make sense to go back to school?"
        r"\bdoes\s+it\s+(?:really\s+|even\s+)?make\s+sense\b",
        # "Should I give up on this dream?", "should I just forget about it?"
        r"\bshould\s+" + _I + r"\s+(?:just\s+)?(?:give\s+up\s+on|forget\s+about|drop|abandon)\s+(?:this|the|my|it)\b",
        # "is this a terrible idea?", "How stupid would this choice be?", "would I be making a mistake to ...", "am I mad
        # thinking about a PhD?", "is it worth carrying on with my degree", "warning bells are ringing", "a big decision"
        r"\b(?:terrible|awful|stupid|foolish|silly|crazy|dumb|horrible|insane)\s+(?:idea|choice|decision|move|thing\s+to\s+do)\b",
        r"\bhow\s+(?:stupid|crazy|foolish|dumb|silly|bad|insane)\s+(?:would|is|was)\b",
        r"\b(?:would|am|will)\s+" + _I + r"\s+(?:be\s+)?(?:making\s+)?(?:a\s+)?(?:big\s+|huge\s+|terrible\s+)?mistake\b",
        r"\b(?:wouldn'?t|would\s+not|won'?t)\s+be\s+a\s+mistake\b", r"\bam\s+i\s+(?:mad|crazy|nuts|insane|foolish|stupid|deluded)\b",
        r"\bworth\s+(?!(?:some|any|no|every)thing\b)(?!\w+ing\s+(?:for|at|in)\b)(?:\w+ing)\b", r"\bwarning\s+bells\b", r"\b(?:having|have|had)\s+(?:serious\s+|some\s+)?doubts\b",
        r"\b(?:hard|tough|difficult|big|huge)\s+decision\b",
    )),
    ("online_counts", (
        r"\b(?:online|mooc|coursera|udemy|edx|linkedin\s+learning|udacity|google)\s+(?:\w+\s+){0,3}" + _CRED + r"\b.*\b(?:count|respected|recogni[sz]ed|taken\s+seriously|valued|accepted|legit|real)\b",
        r"\b(?:do|does|will|are)\s+(?:employers?|companies|recruiters?)\b.*\b(?:online|mooc|coursera|udemy|edx)\b",
        r"\bonline\s+(?:degree|course|certificate)s?\s+(?:as\s+good|the\s+same|equal)\b",
    )),
    ("employer_recognition", (
        r"\b(?:employers?|recruiters?|hiring\s+managers?|companies|hr)\s+(?:actually\s+|really\s+)?(?:care|value|recogni[sz]e|respect|look\s+(?:at|for)|"
        r"take\s+\w+\s+seriously|accept|want|ask\s+for|prefer)\b",
        r"\b(?:recogni[sz]ed|respected|valued)\s+by\s+(?:employers?|companies|industry)\b", r"\bindustry[- ]recogni[sz]ed\b",
        r"\bdo\s+(?:micro[- ]?credentials|certificates|certifications|badges)\s+(?:actually\s+|really\s+)?(?:matter|mean\s+anything|count)\b",
        # "will employers look down their noses at this type of degree?", "do companies frown on bootcamps?"
        r"\blook(?:ed|s|ing)?\s+down\s+(?:on|upon|their\s+noses?\s+at)\b", r"\bmarketable\b", r"\bfrown\s+(?:up)?on\b",
    )),
    ("compare_options", (
        r"\b(?:vs\.?|versus)\b", r"\bwhich\s+(?:one\s+)?(?:is\s+)?(?:better|best|more\s+(?:valuable|useful|respected))\b",
        r"\bwhich\s+(?:one|path|route|option|field|would\s+you)\b.*\?", r"\bshould\s+" + _I + r"\s+(?:go\s+for|choose|pick|do|take|get|study|pursue)\s+.+\s+or\s+.+\?",
        r"\b(?:or)\s+(?:should\s+" + _I + r"|would\s+it\s+be\s+better)\b", r"\bcompare\b", r"\bbetter\s+(?:choice|option|path)\b",
        r"\bdeciding\s+between\b", r"\btorn\s+between\b", r"\bchoose\s+between\b",
        r"\b(?:should|would|could)\s+" + _I + r"\b[^.?!]{3,120}\bor\b[^.?!]{2,120}\?", r"\b(?:stay|stick)\b[^.?!]{0,60}\bor\b[^.?!]{0,80}\?",
        # "tech school, university, or career diploma program?", "do I want to X or do I want to Y"
        r"\b\w+(?:\s+\w+){0,2},\s+\w+(?:\s+\w+){0,2},?\s+or\s+\w+[^.!?]{0,60}\?", r"\bor\s+do\s+" + _I + r"\s+(?:want|need|go|try)\b",
        r"\b(?:one|this)\s+(?:program|programme|school|course|option|path|offer)\s+over\s+(?:the\s+)?(?:other|another)\b",
        r"\bwhat\s+route\s+(?:should|would|do)\b", r"\bor\s+wait\b[^.!?]*\?",
        # "Go for my dreams or do what my family wants me to do?", "should I go to vet tech school rather than ...?"
        r"^(?:go|stay|keep|take|do|follow|pursue|quit|leave|choose|pick|finish|switch)\b[^?]{2,100}\bor\b[^?]{2,100}\?",
        r"\b(?:should|would|could)\s+" + _I + r"\b[^.?!]{3,120}\b(?:rather\s+than|instead\s+of)\b[^.?!]{2,120}\?",
        # "Is it better to get the associate's first ... or is it better to go straight for the MLS?", "I see two options:",
        # "Does it make any difference which course I take?"
        r"\bis\s+it\s+better\s+to\b[^?]{3,300}\bor\b", r"\b(?:i\s+see|there\s+are|i\s+have)\s+(?:two|three|2|3)\s+(?:options|choices|paths|routes)\b",
        r"\bdoes\s+it\s+(?:make\s+)?(?:any\s+|much\s+|a\s+)?(?:difference|matter)\s+(?:which|what|whether|if)\b",
    )),
    ("which_first", (
        r"\bwhich\s+(?:one\s+|should\s+" + _I + r"\s+(?:do|take|get)\s+)?first\b", r"\bwhat\s+order\b", r"\bin\s+which\s+order\b",
        r"\b(?:before|after)\s+(?:getting|doing|taking)\s+(?:the\s+|my\s+)?\w+", r"\bfirst\s+or\b", r"\bstart\s+with\s+\w+\s+or\b",
        r"\bfirst\s+and\s+then\b[^.!?]*\bor\b",
    )),
    ("need_credential", (
        r"\b(?:do|would|will)\s+" + _I + r"\s+(?:really\s+|still\s+|even\s+|absolutely\s+)?(?:need|have\s+to\s+(?:get|have))\s+(?:a|an|the|to\s+get\s+(?:a|an|the))?\s*(?:\w+\s+){0,4}" + _CRED,
        r"\b(?:is|are)\s+(?:a|an|the)?\s*(?:\w+\s+){0,3}" + _CRED + r"\s+(?:required|necessary|needed|mandatory|a\s+must)\b",
        r"\b(?:required|necessary|mandatory)\s+to\s+(?:get|become|work)\b", r"\bneed\s+(?:to\s+be\s+)?(?:licensed|certified)\b",
        # "is two years of training plus the ABR exam all it takes?", "do I need to pay for and pass the PMP to be hired?"
        r"\ball\s+it\s+takes\b", r"\bneed\s+to\s+(?:just\s+|really\s+|first\s+)?(?:pay\s+for\s+and\s+)?(?:pass|take|get|earn|hold)\s+(?:the|a|an)\s+(?!(?:\w+\s+){0,2}(?:job|jobs|position|role|career)\b)(?:\w+\s+){0,4}?(?:(?-i:[A-Z]{2,}[A-Z0-9+]*)\b|" + _CRED + r")",
    )),
    ("skill_gap", (
        r"\bwhat\s+(?:skills|tools|languages|software|knowledge)\b", r"\bskills?\s+(?:do|would|will|should)\s+" + _I + r"\s+need\b",
        r"\bmissing\s+skills?\b", r"\bskill\s*gaps?\b", r"\bclose\s+(?:those|these|the|my|that)\s+gaps?\b", r"\btransferable\s+skills?\b",
        r"\bwhat\s+(?:should|do|would)\s+" + _I + r"\s+(?:need\s+to\s+)?(?:learn|study|know)\b", r"\bwhat\s+to\s+learn\b",
        r"\bwhat\s+do\s+" + _I + r"\s+need\s+to\s+know\b",
    )),
    ("related_moves", (
        r"\bwhat\s+(?:other\s+|else\s+)?(?:jobs?|careers?|roles?|fields?|positions?|options)\s+(?:can|could|should|would|might|are)\b",
        r"\bwhat\s+(?:can|could)\s+" + _I + r"\s+do\s+with\b", r"\bcareers?\s+(?:for|that\s+(?:fit|suit|use))\b", r"\balternative\s+careers?\b",
        r"\bwhere\s+(?:can|could|else)\s+" + _I + r"\s+go\b", r"\bwhat\s+(?:jobs?|careers?)\s+(?:fit|suit|use|match)\b",
        r"\bwhat\s+(?:should|could)\s+" + _I + r"\s+(?:switch|move|transition|pivot|change)\s+(?:to|into)\b", r"\bsuggestions?\s+for\s+(?:a\s+)?(?:new\s+)?careers?\b",
        r"\b(?:don'?t|do\s+not)\s+know\s+what\s+(?:career|job|field)\b", r"\bwhat\s+(?:career|field|job)\s+(?:should|would|could)\b",
        r"\bwhat\s+(?:else\s+)?(?:can|could)\s+" + _I + r"\s+(?:do|pursue|switch\s+to|go\s+into|move\s+into|become)\b",
        r"\bwhat\s+(?:kind|type|sort)s?\s+of\s+(?:jobs?|work|careers?|roles?|positions?)\b", r"\bother\s+(?:options|paths|fields|careers|jobs)\b",
        r"\bcareer\s+(?:change\s+)?(?:ideas|options|paths|suggestions|alternatives)\b", r"\bwhere\s+(?:do|should|can|could)\s+" + _I + r"\s+go\s+from\s+here\b",
        r"\b(?:ideas|suggestions)\s+(?:for|on|about)\s+(?:a\s+|my\s+)?(?:new\s+|second\s+|next\s+)?(?:career|job|field|direction)\b",
        r"\bwhat\s+(?:direction|path)\s+(?:should|to|would)\b",
        r"\bwhat\s+else\s+(?:i'?m|am\s+i|i\s+am|i\s+could|could\s+i|can\s+i|is\s+there|would\s+suit)\b", r"\bwhat'?s\s+next\s+for\s+me\b",
        r"\b(?:a|my)\s+second\s+career\b.*\?", r"\bwhat\s+(?:that|the\s+right|my\s+next)\s+(?:job|career|path)\s+(?:would|might|could|should)\s+be\b",
        r"\bwhat\s+(?:new\s+)?career\s+path\b", r"\bnon[- ]?(?:bedside|clinical|teaching|classroom)\s+(?:jobs?|roles?|work|options|careers?)\b",
        # "What do failed teachers do as a new career?", "what do ex-nurses go on to do?", "what new career can I move into?"
        r"\bwhat\s+(?:do|did|can|could)\s+(?:[\w-]+\s+){1,3}(?:do|go\s+on\s+to\s+do|move\s+into|go\s+into)\s+(?:as|for|after)\b",
        r"\bwhat\s+(?:new|second|different|other)\s+(?:career|job|line\s+of\s+work)\b",
    )),
    ("get_experience", (
        r"\b(?:get|gain|build|getting|gaining|building|without)\s+(?:some\s+|any\s+|real\s+|relevant\s+|hands-on\s+|practical\s+)?(?:experience|a\s+portfolio|portfolio)\b",
        r"\bportfolio\b", r"\binternships?\b", r"\bvolunteer\w*\b", r"\bside\s+projects?\b", r"\bapprentice\w*\b",
        r"\bno\s+experience\b.*\?", r"\bexperience\s+(?:required|needed)\b", r"\bentry[- ]level\b.*\bexperience\b",
    )),
    ("get_hired", (
        r"\b(?:get|land|find|getting|landing|finding)\s+(?:a|an|my\s+first|the|that\s+first)?\s*(?:\w+\s+){0,2}(?:job|position|role|interview|offer)s?\b",
        r"\bget\s+hired\b", r"\b(?:resume|résumé|cv)\b", r"\binterview\w*\b", r"\bapplications?\b.*\b(?:rejected|no\s+response|ignored)",
        r"\bnetworking\b", r"\brecruiters?\b", r"\bjob\s+(?:search|hunt|hunting|applications)\b", r"\bhiring\b",
        r"\bcover\s+letters?\b", r"\bexplain\s+(?:the|my|a)\s+(?:gap|career\s+change|switch|move|change)\b", r"\bfoot\s+in\s+the\s+door\b",
        r"\bappl(?:y|ying|ied)\s+(?:for|to)\b(?!\s+(?:a|an|the|my)?\s*(?:[\w-]+\s+){0,2}(?:ph\.?d|doctorate|master|degree|"
        r"programm?e?s?|school|college|university|course|mba|bootcamp|pgce|residency|fellowship))", r"\bjob\s+offers?\b", r"\bhire\s+(?:me|someone)\b",
        r"\b(?:show|convince|persuade|prove\s+to)\s+(?:an?\s+|the\s+)?(?:employers?|companies|recruiters|hiring\s+managers?)\b",
        r"\bhandle\s+(?:a|the)\s+question\b", r"\b(?:companies|employers)\s+(?:be\s+)?(?:prepared|willing)\s+to\s+(?:take\s+on|hire)\b",
    )),
    ("job_market", (
        r"\bsaturated\b", r"\bjob\s+market\b", r"\b(?:in\s+)?demand\b", r"\bsalary\b", r"\bsalaries\b", r"\bpay(?:s)?\s+(?:well|more|less|better)\b",
        r"\bhow\s+much\s+(?:do|does|can|could|will)\s+\w+\s+(?:make|earn)\b", r"\b(?:job\s+)?outlook\b", r"\bfuture[- ]proof\b",
        r"\bai\s+(?:will\s+|is\s+going\s+to\s+)?(?:replace|take|kill)\b", r"\blayoffs?\b", r"\bstable\s+career\b",
        # "Will court reporting still be a viable profession?", "Will there be decent jobs for librarians in the future?"
        r"\bviable\s+(?:profession|career|field|option|job)\b", r"\bwill\s+there\s+(?:still\s+)?be\s+(?:\w+\s+){0,2}(?:jobs|positions|openings|work)\b",
        r"\bjobs?\s+(?:for\s+\w+\s+)?in\s+the\s+future\b", r"\bdying\s+(?:field|profession|industry|career)\b",
    )),
    ("cost_vs_degree", (
        r"\b(?:certificate|certification|bootcamp|cert|course)s?\s+(?:vs\.?|versus|or|instead\s+of|rather\s+than)\s+(?:a\s+|an\s+)?(?:\w+\s+)?(?:degree|masters?|bachelors?|college|university|mba)\b",
        r"\b(?:degree|masters?|bachelors?|college|university|mba)\s+(?:vs\.?|versus|or|instead\s+of)\s+(?:a\s+)?(?:\w+\s+)?(?:certificate|certification|bootcamp|cert)s?\b",
        r"\bcheaper\s+than\s+a\s+degree\b", r"\b(?:afford|pay\s+for|paying\s+for|financing|financial\s+aid|scholarships?|funding|fafsa|gi\s+bill|student\s+loans?|tuition)\b",
        r"\bhow\s+much\s+(?:does|do|will|would)\s+(?:it|this|that|a|an|the)\b.*\bcost\b", r"\bexpensive\b",
    )),
    ("recommend", (
        r"\bwhich\s+(?:\w+\s+){0,2}" + _CRED + r"\b", r"\bwhat\s+(?:\w+\s+){0,2}" + _CRED + r"\b", r"\brecommend\w*\b", r"\bsuggest\w*\b",
        r"\bbest\s+(?:\w+\s+){0,2}" + _CRED + r"\b", r"\bshould\s+" + _I + r"\s+(?:get|take|do|pursue|study)\s+(?:a|an|the|some)?\s*(?:\w+\s+){0,3}" + _CRED + r"\b",
        r"\bgood\s+" + _CRED + r"\s+for\b", r"\b" + _CRED + r"\s+(?:for|to\s+(?:become|get\s+into|break\s+into))\b.*\?",
    )),
    ("where_start", (
        r"\bwhere\s+(?:do|should|would|can)\s+" + _I + r"\s+(?:even\s+)?(?:start|begin)\b", r"\bwhere\s+to\s+(?:start|begin)\b",
        r"\bhow\s+(?:do|can|would|should|could)\s+" + _I + r"\s+(?:even\s+)?(?:start|begin|get\s+started|transition|switch|move|make\s+the|break\s+in|get\s+into|go\s+about|pivot|change)",
        r"\bhow\s+to\s+(?:start|begin|get\s+started|transition|switch|move|break\s+into|get\s+into|pivot|change\s+careers?)\b",
        r"\bwhat\s+(?:are\s+)?(?:the\s+)?(?:first\s+)?steps\b", r"\bwhat\s+(?:should|do|can)\s+" + _I + r"\s+do\b", r"\bany\s+(?:advice|tips|suggestions|guidance|thoughts)\b",
        r"\b(?:need|looking\s+for|want|would\s+appreciate|seeking)\s+(?:some\s+)?(?:advice|guidance|help|direction)\b", r"\broad\s*map\b", r"\bpath(?:way)?\s+(?:to|into)\b",
        r"\bis\s+(?:it|this)\s+(?:possible|realistic|doable|feasible)\b", r"\bcan\s+" + _I + r"\s+(?:realistically\s+)?(?:do|make|switch|become|get)\b",
        r"\bhelp\s+me\b", r"\bwhat\s+now\b", r"\bfeel(?:ing)?\s+(?:lost|stuck)\b",
        # "What's the best way to prepare for my new career?", "how do I get my bearings?"
        r"\bbest\s+(?:way|strategy|approach)\s+(?:to|for)\b", r"\bprepare\s+(?:for|myself\s+for)\s+(?:my|the|a)\s+(?:new\s+)?(?:career|role|job|training)\b",
        r"\bget\s+my\s+bearings\b",
        # "Can you give me some general advice or pointers about career switching?"
        r"\b(?:give|offer|share)\s+(?:me\s+|us\s+)?(?:some\s+|any\s+)?(?:general\s+|good\s+)?(?:advice|pointers|tips|guidance)\b",
    )),
)  # fmt: skip

_COMPILED: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = tuple(
    (kind, tuple(re.compile(p, re.IGNORECASE) for p in patterns)) for kind, patterns in CUES
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_QUESTION_OPENER = re.compile(
    r"^\s*(?:how|what|which|where|when|why|who|is|are|do|does|did|can|could|should|would|will|am|any|has|have)\b",
    re.I,
)


@dataclass(frozen=True)
class QuestionReading:
    question_type: str
    question_types: tuple[str, ...]
    main_question: str | None
    is_question: bool
    source: str = "cue"  # "cue" (a pattern matched) | "nearest" (encoder) | "default" (no signal)


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


# A question asked without a question mark: "My concern is that I am way too old", "I wonder whether ...".
_INDIRECT_QUESTION = re.compile(
    r"\b(?:my\s+(?:main\s+|biggest\s+|big\s+|real\s+)?(?:concern|worry|fear|question|dilemma|problem)\s+is|i\s+wonder|i\s+am\s+(?:wondering|worried|afraid|scared|concerned)|"
    r"i'?m\s+wondering|i\s+was\s+wondering|wondering\s+(?:if|whether|how|what)|i'?m\s+(?:worried|afraid|scared|concerned)|"
    r"i\s+worry|\b(?:he|she|they|husband|wife|partner|son|daughter|friend)(?:'s|’s|\s+is|\s+are)?\s+(?:starting\s+to\s+|beginning\s+to\s+)?(?:worries|worry|worrying|is\s+worried|are\s+worried|fears)\b|(?:i\s+)?(?:don'?t|do\s+not)\s+know\s+(?:if|whether|how|what|where)|not\s+sure\s+(?:if|whether|how|what|where)|"
    r"(?:i'?d|i\s+would)\s+(?:like|love)\s+(?:to\s+know|some\s+advice|your\s+(?:advice|thoughts|opinion))|"
    r"any\s+(?:advice|thoughts|input|help|ideas)\b|please\s+(?:help|advise)|"
    # a decision said, not asked: "It's a really hard decision", "I see two options", "warning bells are ringing"
    r"\b(?:hard|tough|difficult|big|huge)\s+decision\b|\b(?:i\s+see|there\s+are)\s+(?:two|three|2|3)\s+options\b|"
    r"\b(?:unsure|undecided|torn)\s+(?:as\s+to|whether|between|about\s+whether)\b|\bcan'?t\s+decide\b|"
    r"\b(?:debating|deciding|thinking\s+(?:\w+\s+){0,2}(?:about\s+)?)(?:whether|if)\b|\bwarning\s+bells\b|\bsecond\s+thoughts\b)",
    re.I,
)


def _is_question(sentence: str) -> bool:
    return (
        "?" in sentence or bool(_QUESTION_OPENER.match(sentence)) or bool(_INDIRECT_QUESTION.search(sentence))
    )


# "Do you have any advice?", "What do you think?": a closing request, not the question itself
_GENERIC_REQUEST = re.compile(
    r"^\W*(?:so\s+|and\s+|but\s+)?(?:(?:do|does)\s+(?:you|anyone|anybody)\s+have\s+)?(?:any\s+)?(?:(?:good|other|general|more|further)\s+)?(?:advice|thoughts|suggestions|ideas|help|input|"
    r"tips|guidance|opinions?)\b|^\W*(?:so\s+)?what\s+do\s+you\s+(?:guys\s+)?(?:think|suggest|recommend|advise)\b|"
    r"^\W*(?:can|could|would)\s+(?:you|anyone|somebody|someone)\s+(?:please\s+)?(?:help|advise|give)\b|^\W*please\s+(?:help|advise)\b|"
    r"^\W*(?:your\s+)?thoughts\W*$|^\W*help\W*$|^\W*(?:is|are)\s+there\s+any\s+(?:advice|words|tips|thoughts|suggestions)\b",
    re.I,
)


def _is_direct_question(sentence: str) -> bool:
    if _GENERIC_REQUEST.search(sentence):
        return False
    return "?" in sentence or bool(_QUESTION_OPENER.match(sentence))


Nearest = Callable[[str], "tuple[str, float] | None"]


# "Should I return to college for more credits, or forget college and build a reputation as a reporter?": the
# person weighs two courses of action; words inside the options ("reputation", "college") name no question.
_CHOICE_QUESTION = re.compile(r"\b(?:should|shall|do|would|could)\s+(?:i|we)\b[^?]{3,240}?,?\s+or\b[^?]{2,240}\?", re.I)
_DECISION_TYPES = ("quit_or_study", "cost_vs_degree", "which_first", "too_old", "worth_it", "compare_options")


def _choice_first(matched: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """When the main question is a choice between two courses of action, a decision type answers it: the first
    decision type matched in that sentence, or else the choice itself (compare_options), comes first."""
    priority, kind, sentence = matched[0]
    if kind in _DECISION_TYPES or not _CHOICE_QUESTION.search(sentence):
        return matched
    for i, (_, other, where) in enumerate(matched):
        if other in _DECISION_TYPES and where == sentence:
            return [matched[i], *matched[:i], *matched[i + 1 :]]
    return [(-1, "compare_options", sentence), *matched]


# what happened, told in the past ("I applied for all of them", "Yesterday I went for a group interview", "I passed
# the test and the interview"), with nothing asked, wished or planned in the same sentence
_PAST_STORY = re.compile(
    r"\b(?:i|we)\s+(?:\w+ly\s+)?(?:applied|went|had|got|passed|did|finished|graduated|left|started|took|made|sent|"
    r"received|interviewed|was\s+(?:offered|told|given|rejected|hired)|have\s+no\s+problem)\b|\byesterday\b|"
    r"\blast\s+(?:week|month|year)\b",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"\?|\b(?:want|wanna|would|should|could|can|can't|will|won't|wonder|wondering|need|hope|hoping|plan|planning|"
    r"thinking|considering|how|what|whether|if)\b",
    re.IGNORECASE,
)


def _past_story(sentence: str) -> bool:
    return bool(_PAST_STORY.search(sentence)) and not _FORWARD.search(sentence)


def read_question(text: str, states_move: bool, nearest: Nearest | None = None) -> QuestionReading:
    """Classify the question(s) in `text`. `nearest` is the encoder fallback (sentence -> (type, score))."""
    parts = sentences(text) or [text]
    asked = [s for s in parts if _is_question(s)]
    direct = [s for s in asked if _is_direct_question(s)]
    # the main question is one the person asked outright ("Where do I even start?"); a worry said in passing
    # ("I'm worried I'm too old") is a second question, or the main one when nothing is asked outright
    scope = direct or asked or parts
    if not direct:  # "Yesterday I went for a group interview", "I applied for all of them": the story, not the ask
        scope = [s for s in scope if not _past_story(s)] or scope
    matched: list[tuple[int, str, str]] = []  # (priority, type, sentence)
    for priority, (kind, patterns) in enumerate(_COMPILED):
        for sentence in scope:
            if any(p.search(sentence) for p in patterns):
                matched.append((priority, kind, sentence))
                break
    if matched and direct:
        extra = len(_COMPILED)  # after every type asked outright
        for priority, (kind, patterns) in enumerate(_COMPILED):
            if kind not in {k for _, k, _ in matched}:
                for sentence in asked:
                    if sentence not in direct and any(p.search(sentence) for p in patterns):
                        matched.append((extra + priority, kind, sentence))
                        break
    if not matched and asked:  # a cue outside the question sentence still tells the topic (not in the story)
        told = " ".join(p for p in parts if not _past_story(p))
        for priority, (kind, patterns) in enumerate(_COMPILED):
            if any(p.search(told) for p in patterns):
                matched.append((priority, kind, asked[-1]))
    if matched:
        matched.sort()
        matched = _choice_first(matched)
        kinds = tuple(dict.fromkeys(k for _, k, _ in matched))
        return QuestionReading(kinds[0], kinds, matched[0][2], bool(asked))
    if nearest is not None:
        guess = nearest(" ".join(scope)[:600])
        if guess is not None:
            return QuestionReading(
                guess[0], (guess[0],), asked[-1] if asked else None, bool(asked), "nearest"
            )
    kind = "recommend" if states_move else ("where_start" if asked else "other")
    return QuestionReading(kind, (kind,), asked[-1] if asked else None, bool(asked), "default")


# a programme of study, as people name one when they compare two
_PROGRAMME = (
    r"(?:programs?|programmes?|schools?|bootcamps?|boot\s+camps?|master'?s(?:\s+degrees?)?|masters|MSc|MBA|MSW|MPH|MSN|"
    r"Ph\.?D\.?s?|doctorates?|ABSNs?|BSNs?|ADNs?|degrees?|courses?|colleges?|universit(?:y|ies)|post-?bac\w*|diplomas?)"
)

# Within a type, what exactly is asked: "how do I get hired" is most often one of a few concrete questions, each
# with its own sourced answer (knowledge/curated/advice.yaml). (topic, types it refines, pattern), first match wins.
_REFINED: tuple[tuple[str, frozenset[str], re.Pattern[str]], ...] = tuple(
    (topic, frozenset(types), re.compile(pattern, re.IGNORECASE))
    for topic, types, pattern in (
        ("cover_letter_change", {"get_hired", "get_experience", "where_start", "other"},
         r"\bcover\s+letters?\b|\b(?:resume|résumé|cv)\b[^.?!]*\b(?:explain|career\s+change|changing\s+careers?|"
         r"transferable|rewrite|write)\b"),
        ("interview_explain_change", {"get_hired", "get_experience", "where_start", "other"},
         r"\binterview\w*\b[^.?!]*\b(?:why|explain|reason|answer|handle|question|say|tell)\b|"
         r"\b(?:why|explain|reason|answer|handle|question|say|tell)\b[^.?!]*\binterview|"
         r"\bhandle\s+(?:a|the)\s+question\b|\bexplain\w*\s+(?:to\s+(?:employers|them)\s+)?why\s+i\b"),
        ("return_after_gap", {"get_hired", "get_experience", "where_start", "other", "related_moves", "recommend",
                              "compare_options", "quit_or_study"},
         r"\bstay[- ]at[- ]home\s+(?:mom|mum|dad|parent|mother|father)|\bout\s+of\s+the\s+(?:work\s*force|"
         r"workplace|job\s+market|labou?r\s+market)|\bcareer\s+break\b|\bre-?enter(?:ing)?\s+the\s+(?:work\s*force|"
         r"workplace|job\s+market)|\bgap\s+(?:in|on)\s+my\s+(?:resume|résumé|cv|employment|work)|"
         r"\b(?:\d+|several|many|ten|twelve|fifteen|twenty)\+?(?:-plus)?\s+years?\s+(?:at\s+home|out\s+of\s+work|off\s+work|"
         r"away\s+from\s+work|raising)|\bnot\s+worked\s+(?:in|for)\s+\d+\s+years|\bhaven'?t\s+worked\s+(?:in|for)\s+"
         r"(?:\d+|many|several|years)"),
        # "I keep being told I'm overqualified", "should I leave the MBA off my resume?"
        ("overqualified", {"get_hired", "get_experience", "where_start", "other", "linkedin_badges", "recommend",
                           "no_degree", "employer_recognition"},
         r"\bover-?qualified\b|\bleave\s+(?:my\s+|the\s+)?(?:mba|phd|ph\.d\.?|master'?s|masters|degree)\s+off\b|"
         r"\b(?:mba|phd|ph\.d\.?|master'?s|degree)\s+off\s+(?:my\s+|the\s+)?(?:resume|résumé|cv)\b"),
        # "should I finish my PhD or leave academia now?", "will a postdoc hurt my chances in industry?"
        ("leave_academia", {"quit_or_study", "compare_options", "get_hired", "related_moves", "where_start", "worth_it",
                            "other", "which_first", "recommend", "get_experience"},
         r"\b(?:postdoc|post-doc|phd|ph\.d\.?|doctoral|doctorate|grad(?:uate)?\s+school|abd)\b[^.?!]*\b(?:industry|"
         r"leave|leaving|quit|quitting|drop(?:ping)?\s+out|academia|academic\s+(?:job|career|world))\b|"
         r"\b(?:leave|leaving|quit|quitting|exit|exiting|return(?:ing)?\s+to|back\s+(?:in)?to)\s+academia\b"),
        # "an unsubsidized graduate loan or a 403(b) hardship distribution?", "how do I pay for school?"
        ("pay_for_study", {"cost_vs_degree", "other", "quit_or_study", "where_start", "worth_it", "recommend",
                           "compare_options"},
         r"\b(?:401\s*\(?k\)?|403\s*\(?b\)?|retirement\s+(?:account|savings|fund)|hardship\s+(?:withdrawal|distribution)|"
         r"(?:graduate|student|federal)\s+loans?|fafsa|tuition\s+(?:assistance|reimbursement)|pay\s+for\s+(?:school|"
         r"(?:the|my|a)\s+(?:degree|program|programme|course|master'?s|tuition)))\b"),
        ("no_experience_entry", {"get_hired", "get_experience"},
         r"\b(?:no|without|little|zero|don'?t\s+have\s+(?:any|much)|lack(?:ing)?)\s+(?:\w+\s+){0,2}experience\b|"
         r"\bentry[- ]level\b|\bfirst\s+(?:job|role|position)\s+in\b"),
        # "a 22-month evening ABSN or a 16-month weekday ABSN?", "which of the three master's programmes?"
        ("compare_programmes", {"compare_options"},
         rf"\b{_PROGRAMME}\b[^.?!]{{0,80}}\b(?:or|vs\.?|versus)\b[^.?!]{{0,80}}\b{_PROGRAMME}\b|"
         rf"\bbetween\b[^.?!]{{0,60}}\b{_PROGRAMME}\b|\bwhich\s+(?:of\s+(?:these|the|my)\s+(?:two|three|four)\s+|one\s+of\s+)?"
         rf"(?:\w+\s+)?{_PROGRAMME}\b|\b(?:two|three|four|both)\s+(?:[\w'-]+\s+){{0,3}}{_PROGRAMME}\b"),
        ("apprenticeship_age", {"where_start"}, r"\bapprenticeships?\b[^.?!]*\b(?:too\s+old|age|late)\b|"
         r"\b(?:too\s+old|age|late)\b[^.?!]*\bapprenticeships?\b"),
        ("apprenticeship_age", {"too_old"},
         r"\bapprentice\w*|\b(?:the\s+|a\s+|skilled\s+)trades?\b|\bplumb\w*|\bweld\w*|"
         r"\bcarpent\w*|\bplaster\w*|\bbricklay\w*|\bjoiner\w*"),
    )
)  # fmt: skip


# "is the certificate / this course / a bootcamp worth it" asks about a credential; "is leaving restaurant
# management for nursing worth it", "is it worth going back to school at 40" asks about the move
_SHORT_CREDENTIAL = re.compile(
    r"\b(?:cert(?:ificate|ification)?s?|credentials?|badges?|courses?|bootcamps?|boot\s+camps?|exams?|moocs?|"
    r"micro-?credentials?|licen[cs]es?|nanodegrees?|classes|qualifications?)\b",
    re.IGNORECASE,
)


# topics about the person's move or study as a whole, no answer when "worth it" asks about a credential
_ABOUT_THE_MOVE = frozenset({"leave_academia", "pay_for_study", "return_after_gap"})


def refined_topic(kind: str, text: str, main_question: str | None = None) -> str | None:
    """The advice topic for what exactly a `kind` question asks ("how do I explain in interviews why I'm leaving
    nursing?" -> "interview_explain_change"), or None when the type's own answer is the one. Whether "worth it"
    asks about a credential or the move is read in the main question when there is one ("Is this a mistake?")."""
    asks_credential = kind == "worth_it" and bool(_SHORT_CREDENTIAL.search(main_question or text))
    for topic, types, pattern in _REFINED:
        if asks_credential and topic in _ABOUT_THE_MOVE:
            continue  # "finishing a PhD ... is the PRINCE2 qualification worthwhile?" asks about the credential
        if kind in types and pattern.search(text):
            return topic
    if kind == "worth_it" and not _SHORT_CREDENTIAL.search(main_question or text):
        return "move_worth_it"
    return None
