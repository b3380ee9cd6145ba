"""Models with mistakes in them: a missing parenthesis, names nobody defines, odd arguments."""

from sqlalchemy import Column, ForeignKey, Integer, String
from sqlalchemy.orm import column_property, declarative_base, relationship

Base = declarative_base()


class Team(Base):
    __tablename__ = "teams"

    id = Column(Integer, primary_key=True)
    name = Column(String(80), nullable=False
    slug = Column(String(40))


class Member(Base):
    __tablename__ = "members"

    id = Column(Integer, primary_key=True)
    team_id = Column(Integer, ForeignKey("teams.id"), nullable=False)
    ghost_id = Column(Integer, ForeignKey("ghosts.id"))
    nickname = Column(String(30), frobnicate=True)
    secret = Column(EncryptedType(String))
    shout = column_property(nickname + "!")

    team = relationship("Team", back_populates="members")
    boss = relationship("Boss")


class Orphan:
    spare = Column(Integer)
