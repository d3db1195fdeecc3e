"""Where a credential applies, and the person's country (query time, pure).

Why: blind graders found US-only advice given to people in the UK, Canada, Australia or India: a state
licence, a US national board's certification, a US university's certificate. Most of the knowledge base
is American: CareerOneStop lists certifications for the U.S. Department of Labor, and a curated record
priced in dollars from a `.edu` page is a US programme. Vendor certifications (CompTIA, AWS, Microsoft,
Cisco, PMI...) are taken worldwide through the vendors' own test networks.

`scope(c)` reads the record's own facts, strongest first:
1. international: a CareerOneStop Product/Equipment certification (a vendor's product exam) or an issuer
   of `INTERNATIONAL_ISSUERS` (vendors and bodies whose exams are delivered worldwide);
2. US: words that only make sense in the US (state licensure, "U.S.", NCLEX, the IRS, "American ..." or
   "National ..." bodies), whatever the issuer's name says ("Certified Public Accountant" is a state
   licence even from the "Association of International Certified Professional Accountants");
3. a country: the currency of the price (GBP → UK, CAD → Canada ...), the country domain of the source
   or official page (`.ac.uk`, `.ca`, `.edu.au` ...; `.edu`, `.gov` → US), "UK" in the issuer's name;
4. international: an issuer, name or recognition text that says international, global or worldwide;
5. US for any other CareerOneStop certification (the file is a US list), else unknown.
`applies(c, country)` is True for international ones and the person's own country, False for another
country's, None when unknown. Nothing is filtered for a person in the US or of unknown country.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from knowledge.types import Credential

# the person's words (understanding/facts.py `_COUNTRIES`) → a country code
COUNTRY = {
    **dict.fromkeys(
        ("us", "usa", "united states", "america", "texas", "california", "new york", "florida"), "US"
    ),
    **dict.fromkeys(
        ("uk", "united kingdom", "england", "scotland", "wales", "northern ireland", "britain", "great britain",
         "london", "bristol", "manchester", "birmingham", "leeds", "glasgow", "edinburgh", "cardiff", "liverpool",
         "belfast", "sheffield", "newcastle", "nottingham"),
        "UK",
    ),
    **dict.fromkeys(("canada", "ontario", "quebec", "toronto", "british columbia", "alberta"), "CA"),
    **dict.fromkeys(("australia", "sydney", "melbourne"), "AU"),
    "new zealand": "NZ",
    "ireland": "IE",
    "india": "IN",
    "singapore": "SG",
    "hong kong": "HK",
    "philippines": "PH",
    "south africa": "ZA",
    "nigeria": "NG",
    "jamaica": "JM",
    "thailand": "TH",
    **dict.fromkeys(
        ("germany", "berlin", "france", "spain", "madrid", "portugal", "lisbon", "italy", "netherlands",
         "belgium", "sweden", "denmark", "finland", "poland", "austria", "europe", "the eu", "eu"),
        "EU",
    ),
}  # fmt: skip
NAMES = {"US": "the US", "UK": "the UK", "CA": "Canada", "AU": "Australia", "NZ": "New Zealand",
         "IE": "Ireland", "IN": "India", "SG": "Singapore", "HK": "Hong Kong", "PH": "the Philippines",
         "ZA": "South Africa", "NG": "Nigeria", "JM": "Jamaica", "TH": "Thailand", "EU": "Europe"}  # fmt: skip
CURRENCY = {"GBP": "UK", "CAD": "CA", "AUD": "AU", "NZD": "NZ", "INR": "IN", "EUR": "EU", "HKD": "HK",
            "SGD": "SG", "PHP": "PH", "ZAR": "ZA", "NGN": "NG"}  # fmt: skip
DOMAIN = {"uk": "UK", "ca": "CA", "au": "AU", "nz": "NZ", "ie": "IE", "in": "IN", "hk": "HK", "sg": "SG",
          "ph": "PH", "za": "ZA", "ng": "NG", "de": "EU", "fr": "EU", "es": "EU", "it": "EU", "nl": "EU",
          "eu": "EU", "us": "US", "edu": "US", "gov": "US", "mil": "US"}  # fmt: skip
# issuers whose exams are delivered worldwide (their own test networks or online proctoring); matched as
# words of the issuer's name
INTERNATIONAL_ISSUERS = re.compile(
    r"\b(?:comptia|amazon web services|aws|microsoft|google|cisco|oracle|ibm|red hat|linux|salesforce|"
    r"hubspot|meta|adobe|autodesk|sap|vmware|tableau|snowflake|databricks|hashicorp|isc2|isc\)2|isaca|"
    r"ec-council|giac|offsec|offensive security|project management institute|pmi|scrum|peoplecert|axelos|"
    r"iiba|international institute of business analysis|iapp|acams|acfe|association of certified fraud|"
    r"institute of internal auditors|iia|cfa institute|garp|asq|ascm|apics|python institute|coursera|"
    r"edx|udacity|linkedin|sas|atlassian|cncf|cloud native|servicenow|itil|prince2|six sigma|"
    r"ima|institute of management accountants|acca|cima|cips|istqb|scaled agile|github|"
    r"gbci|green business certification|usgbc)\b",
    re.IGNORECASE,
)
_UK_WORDS = re.compile(r"\b(?:UK|United Kingdom|British)\b")
_WORLDWIDE = re.compile(r"\b(?:international(?:ly)?|global(?:ly)?|worldwide|world-wide)\b", re.IGNORECASE)
_US_WORDS = re.compile(
    # "U.S." stands alone: a word boundary after its last dot would need a letter next ("U.S. state" missed)
    r"\bU\.\s?S\.|\b(?:United States|state licen[cs]|licensed in the state|state boards?|NCLEX|"
    r"National Council of State|Medicare|Medicaid|FAA|FEMA|OSHA|EPA Section|DOT|CDL|"
    r"Commercial Driver|U\.S\.-based|IRS|Internal Revenue Service|Enrolled Agent)\b"
    r"|^(?:American|National)\b|\(US\b"
    r"|\bAmerican (?:Board|Association|Academy|College|Society|Council|Registry|Red Cross)\b",
)
PRODUCT_TYPE = "product/equipment"  # CareerOneStop TYPE of a vendor's product certification


def country(text: str | None) -> str | None:
    """The country code of the person's words ("London" → "UK"); None when not known."""
    if not text:
        return None
    return COUNTRY.get(" ".join(text.lower().split()))


def _domain_country(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    parts = host.split(".")
    if len(parts) < 2:
        return None
    return DOMAIN.get(parts[-1]) or (DOMAIN.get(parts[-2]) if parts[-1] == "us" else None)


def scope(c: Credential) -> str:
    """ "international", a country code, or "unknown" (see the module's docstring for the order)."""
    provider = c.provider or ""
    if (not c.curated and (c.level or "").lower() == PRODUCT_TYPE) or INTERNATIONAL_ISSUERS.search(provider):
        return "international"
    text = " ".join(x for x in (c.name, provider, c.prerequisites or "", (c.description or "")[:600]) if x)
    if _US_WORDS.search(text) or _US_WORDS.search(provider):
        return "US"  # a state licence stays one whatever its issuer's name says
    if c.currency and c.currency in CURRENCY:
        return CURRENCY[c.currency]
    for url in (c.url, c.source_url):
        found = _domain_country(url)
        if found:
            return found
    if _UK_WORDS.search(provider) or _UK_WORDS.search(c.name):
        return "UK"
    if _WORLDWIDE.search(provider) or _WORLDWIDE.search(c.name) or _WORLDWIDE.search(c.recognition or ""):
        return "international"
    if not c.curated:
        return "US"  # CareerOneStop lists certifications for the U.S. Department of Labor
    return "unknown"


def applies(c: Credential, where: str | None) -> bool | None:
    """Does `c` apply to someone in `where` (a country code)? None when its scope is unknown."""
    if where is None or where == "US":
        return True
    found = scope(c)
    if found == "international" or found == where:
        return True
    return None if found == "unknown" else False
