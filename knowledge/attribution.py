"""Attribution texts the data licences require; shown by the bot ("where does this come from?").

Kept as code (not read from disk) so the action server can import it without file access; the same
text is in `knowledge/sources/NOTICE.md`.
"""

ONET = (
    "This product includes information from the O*NET 29.3 Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a "
    "trademark of USDOL/ETA. Pivot has modified all or some of this information. USDOL/ETA has not "
    "approved, endorsed, or tested these modifications."
)
CAREERONESTOP = (
    "Certification data from CareerOneStop (www.careeronestop.org), sponsored by the U.S. Department of "
    "Labor, Employment and Training Administration. Links between certifications and occupations were "
    "built by Pivot and are not endorsed by USDOL or by the certifying bodies."
)
ESCO = (
    "This service uses the ESCO classification of the European Commission. Pivot attaches ESCO occupation "
    "labels to O*NET occupations; this is not official ESCO data."
)
NESTA = (
    "ESCO-O*NET crosswalk from Nesta's Mapping Career Causeways (Kanders, Djumalieva, Sleeman and Orlik, "
    "2020), MIT License, Copyright (c) 2021 Nesta."
)
CURATED = (
    "Curated credential facts (cost, duration, format) were read from the source page named with each "
    "credential, as of the date shown; prices change, so confirm with the issuer."
)

TEXT = "\n\n".join([ONET, CAREERONESTOP, ESCO, NESTA, CURATED])
