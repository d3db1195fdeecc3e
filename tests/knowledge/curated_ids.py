"""The fixed curated ids the data checks share, kept in one place so the two test modules cannot drift.

`knowledge/curated/transitions.yaml` must define exactly these transitions (see DESIGN.md); the
credentials checks fall back to the same list when that file is absent.
"""

from __future__ import annotations

# The 46 fixed transition ids.
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
    customer-service--it-support any--it-support any--cybersecurity
    """.split()
)
