"""Automatic links: CareerOneStop certifications → O*NET occupations, credentials → O*NET elements."""
