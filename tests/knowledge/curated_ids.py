"""The fixed curated ids the data checks share, kept in one place so the two test modules cannot drift.

`knowledge/curated/transitions.yaml` must define exactly `ALL_TRANSITION_IDS` (the 46 original moves plus the
sector moves); the credentials checks fall back to the same list when that file is absent.
"""

from __future__ import annotations

# The 46 original fixed transition ids.
TRANSITION_IDS = frozenset(
    """
    finance--fintech banking--fintech marketing--digital-marketing accounting--data-analytics
    finance--data-analytics teaching--instructional-design teaching--corporate-training
    nursing--health-informatics healthcare--health-informatics it-support--cybersecurity
    software-development--cybersecurity software-development--data-science software-development--cloud-devops
    it-support--cloud-devops retail--project-management hospitality--project-management
    military--information-technology military--cybersecurity military--project-management
    sales--customer-success customer-service--customer-success administration--human-resources
    human-resources--people-analytics journalism--ux-writing journalism--technical-writing
    graphic-design--ux-design law--compliance law--legal-tech mechanical-engineering--software-development
    any--product-management any--web-development any--data-analytics any--project-management
    data-analytics--data-science data-science--ai-machine-learning software-development--ai-machine-learning
    data-analytics--data-engineering retail--supply-chain administration--medical-coding
    accounting--sustainability any--business-analysis finance--compliance marketing--product-management
    customer-service--it-support any--it-support any--cybersecurity any--information-technology any--construction
    """.split()
)

# The 76 sector moves added for coverage (healthcare support, trades, logistics, audit, privacy, ...).
SECTOR_TRANSITION_IDS = frozenset(
    """
    retail--pharmacy-technician customer-service--pharmacy-technician healthcare--pharmacy-technician
    retail--medical-assisting administration--medical-assisting customer-service--medical-assisting
    healthcare--medical-coding customer-service--medical-coding medical-assisting--medical-coding
    nursing--medical-coding any--medical-coding nursing--nurse-education nursing--clinical-research
    healthcare--clinical-research medical-assisting--clinical-research medical-coding--health-informatics
    nursing--compliance teaching--school-counseling teaching--customer-success teaching--human-resources
    teaching--project-management teaching--ux-design teaching--data-analytics
    corporate-training--instructional-design human-resources--corporate-training retail--human-resources
    hospitality--human-resources customer-service--human-resources retail--customer-success
    hospitality--customer-success administration--project-management customer-service--data-analytics
    customer-service--project-management administration--bookkeeping bookkeeping--accounting
    administration--records-management sales--real-estate retail--real-estate hospitality--real-estate
    customer-service--insurance sales--insurance accounting--fraud-examination banking--fraud-examination
    compliance--fraud-examination accounting--internal-audit finance--internal-audit
    cybersecurity--internal-audit law--privacy compliance--privacy cybersecurity--privacy
    banking--compliance journalism--digital-marketing graphic-design--web-development
    graphic-design--digital-marketing marketing--data-analytics sales--digital-marketing
    military--supply-chain military--solar-energy electrician--solar-energy construction--solar-energy
    any--solar-energy electrician--ev-technology automotive--ev-technology
    construction--construction-management construction--bim electrician--construction-management
    construction--hvac any--hvac any--electrician warehousing--supply-chain truck-driving--supply-chain
    hospitality--food-safety retail--food-safety administration--data-analytics
    information-technology--cybersecurity information-technology--cloud-devops
    """.split()
)

# Every transition that knowledge/curated/transitions.yaml must define.
ALL_TRANSITION_IDS = TRANSITION_IDS | SECTOR_TRANSITION_IDS
