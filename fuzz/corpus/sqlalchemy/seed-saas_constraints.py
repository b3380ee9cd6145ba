"""Multi-tenant SaaS models: table arguments, indexes, server defaults, PostgreSQL types."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = {"comment": "A customer account."}

    id: Mapped[str] = mapped_column(
        postgresql.UUID(as_uuid=False), primary_key=True, server_default=sa.text("gen_random_uuid()")
    )
    slug: Mapped[str] = mapped_column(sa.String(63), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    plan: Mapped[str] = mapped_column(sa.String(20), server_default="free")
    settings: Mapped[dict] = mapped_column(postgresql.JSONB, server_default=sa.text("'{}'::jsonb"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    projects: Mapped[list["Project"]] = relationship(back_populates="organization")


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (
        sa.UniqueConstraint("org_id", "key", name="uq_projects_org_key"),
        sa.Index("ix_projects_org_created", "org_id", "created_at"),
        sa.Index("ix_projects_labels", "labels", postgresql_using="gin"),
        sa.CheckConstraint("char_length(key) between 2 and 10", name="ck_projects_key_length"),
        {"comment": "Work grouped under an organization."},
    )

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    org_id: Mapped[str] = mapped_column(
        postgresql.UUID(as_uuid=False), sa.ForeignKey("organizations.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(sa.String(10), comment="Short code shown in issue ids")
    title: Mapped[str] = mapped_column(sa.String(200))
    labels: Mapped[list[str]] = mapped_column(postgresql.ARRAY(sa.String(40)), server_default="{}")
    is_archived: Mapped[bool] = mapped_column(server_default=sa.false())
    budget: Mapped[float | None] = mapped_column(sa.Numeric(12, 2))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())

    organization: Mapped[Organization] = relationship(back_populates="projects")


class Membership(Base):
    """Who belongs to which organization, and as what."""

    __tablename__ = "memberships"
    __table_args__ = (
        sa.PrimaryKeyConstraint("org_id", "user_email"),
        sa.Index("ix_memberships_active_email", "user_email", postgresql_where=sa.text("active")),
    )

    org_id: Mapped[str] = mapped_column(postgresql.UUID(as_uuid=False), sa.ForeignKey("organizations.id"))
    user_email: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(
        sa.Enum("owner", "admin", "member", name="membership_role"), server_default="member"
    )
    active: Mapped[bool] = mapped_column(server_default=sa.true())
    scores: Mapped[list[int]] = mapped_column(postgresql.ARRAY(sa.Integer))


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    org_id: Mapped[str] = mapped_column(postgresql.UUID(as_uuid=False))
    project_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    action: Mapped[str] = mapped_column(sa.String(64))
    payload: Mapped[dict | None] = mapped_column(postgresql.JSONB)
    occurred_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"), index=True
    )

    __table_args__ = (
        sa.ForeignKeyConstraint(["project_id"], ["projects.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"]),
    )


sa.Index("ix_audit_events_org_action", AuditEvent.org_id, AuditEvent.action)
sa.Index("ix_audit_events_payload", AuditEvent.payload, postgresql_using="gin")
