from flask_sqlalchemy import SQLAlchemy
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

db = SQLAlchemy()


class Account(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120), unique=True, nullable=False)


class Base(DeclarativeBase):
    @declared_attr.directive
    def __tablename__(cls) -> str:
        return cls.__name__.lower()


class Owned:
    @declared_attr
    def owner_id(cls):
        return sa.Column(sa.Integer, sa.ForeignKey("person.id"), nullable=False)


class Person(Base):
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    __mapper_args__ = {"polymorphic_on": "kind"}


class Manager(Person):
    reports: Mapped[int | None]


class Car(Owned, Base):
    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True, sort_order=-1)
    plate: Mapped[str] = mapped_column(sa.String(12), index=True)
    owner = relationship("Person", backref=sa.orm.backref("car", uselist=False))


class Loose:
    spare = sa.Column(sa.Integer)
