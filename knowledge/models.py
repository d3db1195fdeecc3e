"""SQLAlchemy 2.0 models of the knowledge base.

Relationships use `lazy="raise_on_sql"`: the query API loads what it needs explicitly, and an accidental
lazy load (a hidden query per row, slow on the request path) raises instead of silently running.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class JobZone(Base):
    """O*NET Job Zone reference (1-5): how much preparation an occupation needs."""

    __tablename__ = "kb_job_zones"
    zone: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    experience: Mapped[str | None] = mapped_column(Text)
    education: Mapped[str | None] = mapped_column(Text)
    training: Mapped[str | None] = mapped_column(Text)
    examples: Mapped[str | None] = mapped_column(Text)


class Occupation(Base):
    __tablename__ = "kb_occupations"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)  # O*NET-SOC 2019, e.g. 15-1212.00
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    job_zone: Mapped[int | None] = mapped_column(ForeignKey("kb_job_zones.zone"))
    aliases: Mapped[list[OccupationAlias]] = relationship(back_populates="occupation", lazy="raise_on_sql")


class OccupationAlias(Base):
    """Another name people use for an occupation; `source` is alternate|short|reported|esco."""

    __tablename__ = "kb_occupation_aliases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occupation_code: Mapped[str] = mapped_column(
        ForeignKey("kb_occupations.code", ondelete="CASCADE"), index=True
    )
    alias: Mapped[str] = mapped_column(String(300))
    norm: Mapped[str] = mapped_column(String(300), index=True)
    source: Mapped[str] = mapped_column(String(20))
    occupation: Mapped[Occupation] = relationship(back_populates="aliases", lazy="raise_on_sql")


class EducationLevel(Base):
    """O*NET "Required Level of Education" category (1-12): `name` is the short label shown to people."""

    __tablename__ = "kb_education_levels"
    category: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)


class OccupationEducation(Base):
    """Share (percent, 0-100) of an occupation's respondents naming each required education level.

    From O*NET Education, Training, and Experience, scale RL. `suppress` is O*NET's "Recommend Suppress"
    flag (low precision); the value is kept because dropping one level would distort the distribution.
    """

    __tablename__ = "kb_occupation_education"
    occupation_code: Mapped[str] = mapped_column(
        ForeignKey("kb_occupations.code", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[int] = mapped_column(ForeignKey("kb_education_levels.category"), primary_key=True)
    percent: Mapped[float] = mapped_column(Float)
    respondents: Mapped[int | None] = mapped_column(Integer)  # O*NET "N"
    suppress: Mapped[bool] = mapped_column(Boolean, default=False)
    collected: Mapped[str | None] = mapped_column(String(10))  # O*NET "Date", MM/YYYY
    domain_source: Mapped[str | None] = mapped_column(String(40))  # Incumbent | Occupational Expert


class Element(Base):
    """A skill, knowledge area (O*NET Content Model ids) or technology (`tech:<slug>`)."""

    __tablename__ = "kb_elements"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # skill | knowledge | technology
    name: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(300), index=True)
    category: Mapped[str | None] = mapped_column(String(300))  # UNSPSC commodity title for technology
    hot: Mapped[bool] = mapped_column(Boolean, default=False)


class OccupationElement(Base):
    """Rating of an element in an occupation: O*NET importance (1-5) and level (0-7).

    Technology skills have no rating in O*NET; `hot`/`in_demand` carry O*NET's flags instead.
    """

    __tablename__ = "kb_occupation_elements"
    occupation_code: Mapped[str] = mapped_column(
        ForeignKey("kb_occupations.code", ondelete="CASCADE"), primary_key=True
    )
    element_id: Mapped[str] = mapped_column(
        ForeignKey("kb_elements.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    importance: Mapped[float | None] = mapped_column(Float)
    level: Mapped[float | None] = mapped_column(Float)
    hot: Mapped[bool] = mapped_column(Boolean, default=False)
    in_demand: Mapped[bool] = mapped_column(Boolean, default=False)


class RelatedOccupation(Base):
    __tablename__ = "kb_related_occupations"
    occupation_code: Mapped[str] = mapped_column(
        ForeignKey("kb_occupations.code", ondelete="CASCADE"), primary_key=True
    )
    related_code: Mapped[str] = mapped_column(
        ForeignKey("kb_occupations.code", ondelete="CASCADE"), primary_key=True
    )
    tier: Mapped[str] = mapped_column(String(30))  # Primary-Short | Primary-Long | Supplemental
    rank: Mapped[int] = mapped_column(Integer)


class Field(Base):
    """A curated career field ("fintech") that groups O*NET occupations."""

    __tablename__ = "kb_fields"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)


class FieldAlias(Base):
    __tablename__ = "kb_field_aliases"
    field_id: Mapped[str] = mapped_column(ForeignKey("kb_fields.id", ondelete="CASCADE"), primary_key=True)
    norm: Mapped[str] = mapped_column(String(200), primary_key=True)
    alias: Mapped[str] = mapped_column(String(200))


class FieldOccupation(Base):
    __tablename__ = "kb_field_occupations"
    field_id: Mapped[str] = mapped_column(ForeignKey("kb_fields.id", ondelete="CASCADE"), primary_key=True)
    occupation_code: Mapped[str] = mapped_column(
        ForeignKey("kb_occupations.code", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class Transition(Base):
    """A curated field-level move; `from_field_id` is NULL for moves open from any background."""

    __tablename__ = "kb_transitions"
    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    from_field_id: Mapped[str | None] = mapped_column(ForeignKey("kb_fields.id", ondelete="CASCADE"))
    to_field_id: Mapped[str] = mapped_column(ForeignKey("kb_fields.id", ondelete="CASCADE"), index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[list[TransitionStep]] = relationship(
        order_by="TransitionStep.position", lazy="raise_on_sql"
    )


class TransitionStep(Base):
    __tablename__ = "kb_transition_steps"
    transition_id: Mapped[str] = mapped_column(
        ForeignKey("kb_transitions.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)


class Credential(Base):
    """A credential: CareerOneStop certification (`cos:<CERT_ID>`) or curated one (`cur:<slug>`).

    Column names follow `knowledge.types.Credential` (CTDL / EU micro-credential elements where they fit).
    """

    __tablename__ = "kb_credentials"
    id: Mapped[str] = mapped_column(String(160), primary_key=True)
    name: Mapped[str] = mapped_column(String(400))
    acronym: Mapped[str | None] = mapped_column(String(80))
    provider: Mapped[str | None] = mapped_column(String(300))
    credential_type: Mapped[str | None] = mapped_column(String(60))
    url: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    keywords: Mapped[str | None] = mapped_column(Text)
    cost_amount: Mapped[float | None] = mapped_column(Float)
    cost_max: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    cost_unit: Mapped[str | None] = mapped_column(String(20))  # total | per_month | per_year | per_exam | ...
    cost_note: Mapped[str | None] = mapped_column(Text)
    hours: Mapped[float | None] = mapped_column(Float)
    weeks: Mapped[float | None] = mapped_column(Float)
    hours_per_week: Mapped[float | None] = mapped_column(Float)  # study pace the source assumes
    hours_basis: Mapped[str | None] = mapped_column(
        String(20)
    )  # exam | study | instruction: what `hours` counts
    duration_text: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(60))
    language: Mapped[str | None] = mapped_column(String(20))
    prerequisites: Mapped[str | None] = mapped_column(Text)
    quality_assurance: Mapped[str | None] = mapped_column(Text)
    recognition: Mapped[str | None] = mapped_column(Text)
    exam: Mapped[bool | None] = mapped_column(Boolean)
    training: Mapped[bool | None] = mapped_column(Boolean)
    renewal: Mapped[bool | None] = mapped_column(Boolean)
    renewal_years: Mapped[float | None] = mapped_column(Float)
    source_url: Mapped[str | None] = mapped_column(Text)
    as_of: Mapped[str | None] = mapped_column(String(20))  # the source's own date only
    evidence: Mapped[str | None] = mapped_column(Text)
    curated: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    cost_count: Mapped[int | None] = mapped_column(Integer)  # units of cost_unit needed (2 exams)
    exam_delivery: Mapped[str | None] = mapped_column(String(60))  # "test_center,online_proctored"
    retrieved: Mapped[str | None] = mapped_column(String(20))  # when the facts were read
    cost_extra: Mapped[float | None] = mapped_column(Float)  # a mandatory fee on top (application fee)
    duration_source_url: Mapped[str | None] = mapped_column(Text)  # when the time comes from another page
    duration_as_of: Mapped[str | None] = mapped_column(String(20))  # that page's own date only
    duration_retrieved: Mapped[str | None] = mapped_column(String(20))  # when that page was read
    retired: Mapped[str | None] = mapped_column(String(20))  # ISO date the issuer retired it (retired.yaml)
    replaced_by: Mapped[str | None] = mapped_column(String(160))  # the credential that replaced it
    same_as: Mapped[str | None] = mapped_column(Text)  # "cos:14009,cos:9058": other records of it
    skills: Mapped[list[CredentialSkill]] = relationship(
        order_by="CredentialSkill.position", lazy="raise_on_sql"
    )


class CredentialSkill(Base):
    """A skill a credential teaches or assesses; `element_id` links it to an O*NET element when known."""

    __tablename__ = "kb_credential_skills"
    credential_id: Mapped[str] = mapped_column(
        ForeignKey("kb_credentials.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(300))
    element_id: Mapped[str | None] = mapped_column(ForeignKey("kb_elements.id", ondelete="SET NULL"))


class CredentialElement(Base):
    """Credential ↔ O*NET element it covers (from its stated skills or its text); used for gap coverage."""

    __tablename__ = "kb_credential_elements"
    credential_id: Mapped[str] = mapped_column(
        ForeignKey("kb_credentials.id", ondelete="CASCADE"), primary_key=True
    )
    element_id: Mapped[str] = mapped_column(
        ForeignKey("kb_elements.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CredentialOccupation(Base):
    """Credential ↔ occupation link; `method` is override | curated | auto, `score` 0..1."""

    __tablename__ = "kb_credential_occupations"
    credential_id: Mapped[str] = mapped_column(
        ForeignKey("kb_credentials.id", ondelete="CASCADE"), primary_key=True
    )
    occupation_code: Mapped[str] = mapped_column(
        ForeignKey("kb_occupations.code", ondelete="CASCADE"), primary_key=True
    )
    method: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)


class CredentialTransition(Base):
    __tablename__ = "kb_credential_transitions"
    credential_id: Mapped[str] = mapped_column(
        ForeignKey("kb_credentials.id", ondelete="CASCADE"), primary_key=True
    )
    transition_id: Mapped[str] = mapped_column(
        ForeignKey("kb_transitions.id", ondelete="CASCADE"), primary_key=True, index=True
    )


Index("ix_kb_credential_occupations_occ", CredentialOccupation.occupation_code)
