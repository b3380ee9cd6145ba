"""Store models whose classes and attributes are not named like their tables and columns,
with server-side defaults, update stamps, self-relations and both kinds of association table."""

import enum
import uuid
from datetime import datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    Time,
    func,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class OrderStatus(enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"


# Only the two keys: Prisma's implicit many-to-many.
product_tags = Table(
    "product_tags",
    Base.metadata,
    Column("product_id", ForeignKey("products.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
)

# A column more than the keys: an explicit junction model.
wishlist_entries = Table(
    "wishlist_entries",
    Base.metadata,
    Column("shopper_id", ForeignKey("shoppers.id", ondelete="CASCADE"), primary_key=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
    Column("added_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


class Shopper(Base):
    __tablename__ = "shoppers"

    id = Column(postgresql.UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    email = Column("email_address", String(255), nullable=False, unique=True)
    nickname = Column(String(50))
    referred_by_id = Column(ForeignKey("shoppers.id"))
    created_at = Column(DateTime(timezone=True), nullable=False, server_default=func.now())
    updated_at = Column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now())

    referred_by = relationship("Shopper", remote_side=[id], back_populates="referrals")
    referrals = relationship("Shopper", back_populates="referred_by")
    card = relationship("LoyaltyCard", uselist=False, back_populates="shopper")
    orders = relationship("Purchase", back_populates="shopper")
    wishlist = relationship("Product", secondary=wishlist_entries)


class LoyaltyCard(Base):
    __tablename__ = "loyalty_cards"

    id = Column(Integer, primary_key=True)
    shopper_id = Column(ForeignKey("shoppers.id", ondelete="CASCADE"), nullable=False)
    points = Column(Integer, nullable=False, server_default=text("0"))
    expires_on = Column(Date, server_default=text("(CURRENT_DATE + interval '1 year')"))

    shopper = relationship("Shopper", back_populates="card")


class Product(Base):
    __tablename__ = "products"

    id = Column(BigInteger, primary_key=True, autoincrement=True)
    sku = Column(String(40), nullable=False, unique=True)
    title = Column(Text, nullable=False)
    price = Column(Numeric(10, 2), nullable=False)
    weight = Column(Float)
    stock = Column(SmallInteger, nullable=False, default=0)
    photo = Column(LargeBinary)
    labels = Column(ARRAY(String))
    specs = Column(postgresql.JSONB)
    opens_at = Column(Time)
    warranty = Column(Interval)
    is_active = Column(Boolean, nullable=False, server_default=text("true"))

    tags = relationship("Tag", secondary=product_tags, back_populates="products")


class Tag(Base):
    __tablename__ = "tags"

    id = Column(Integer, primary_key=True)
    label = Column(String(30), nullable=False, unique=True)

    products = relationship("Product", secondary=product_tags, back_populates="tags")


class Purchase(Base):
    __tablename__ = "orders"

    id = Column(Integer, primary_key=True)
    shopper_id = Column(ForeignKey("shoppers.id", ondelete="CASCADE"), nullable=False, index=True)
    status = Column(Enum(OrderStatus), nullable=False, default=OrderStatus.PENDING)
    channel = Column(Enum("web", "in-store", name="sales_channel"), nullable=False)
    priority = Column(Enum("low", "high"))
    reference = Column(String(36), server_default=text("gen_random_uuid()::text"))
    placed_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    touched_at = Column(DateTime, default=datetime.utcnow, onupdate=datetime.utcnow)

    shopper = relationship("Shopper", back_populates="orders")
    lines = relationship("OrderLine", back_populates="purchase", cascade="all, delete-orphan")


class OrderLine(Base):
    __tablename__ = "order_items"

    id = Column(Integer, primary_key=True)
    purchase_id = Column("order_id", ForeignKey("orders.id", ondelete="CASCADE"), nullable=False)
    product_id = Column(ForeignKey("products.id"), nullable=False)
    quantity = Column(Integer, nullable=False, default=1)

    purchase = relationship("Purchase", back_populates="lines")
    product = relationship("Product")
