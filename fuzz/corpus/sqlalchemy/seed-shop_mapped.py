"""Shop models in the SQLAlchemy 2.0 style: Mapped[] annotations, mixins, Annotated aliases."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, List, Optional

from sqlalchemy import DateTime, ForeignKey, Numeric, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

intpk = Annotated[int, mapped_column(primary_key=True)]
str120 = Annotated[str, 120]
created = Annotated[datetime, mapped_column(server_default=func.now())]


class Base(DeclarativeBase):
    type_annotation_map = {
        str120: String(120),
        datetime: DateTime(timezone=True),
    }


class TimestampMixin:
    created_at: Mapped[created]
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=func.now())


class OrderStatus(enum.Enum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


class Customer(TimestampMixin, Base):
    """Someone who buys."""

    __tablename__ = "customers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    full_name: Mapped[str120]
    phone: Mapped[str | None] = mapped_column(String(32))
    loyalty_points: Mapped[int] = mapped_column(default=0)

    orders: Mapped[List["Order"]] = relationship(back_populates="customer")
    profile: Mapped["CustomerProfile"] = relationship(back_populates="customer")


class CustomerProfile(Base):
    __tablename__ = "customer_profiles"

    id: Mapped[intpk]
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    bio: Mapped[Optional[str]] = mapped_column(Text)

    customer: Mapped[Customer] = relationship(back_populates="profile")


class Product(TimestampMixin, Base):
    __tablename__ = "products"

    id: Mapped[intpk]
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str120]
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    in_stock: Mapped[bool] = mapped_column(default=True)


class Order(TimestampMixin, Base):
    __tablename__ = "orders"

    id: Mapped[intpk]
    customer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("customers.id"), index=True)
    status: Mapped[OrderStatus] = mapped_column(default=OrderStatus.PENDING)
    total: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    notes: Mapped[Optional[str]] = mapped_column(Text)

    customer: Mapped["Customer"] = relationship(back_populates="orders")
    items: Mapped[List["OrderItem"]] = relationship(back_populates="order", cascade="all, delete-orphan")


class OrderItem(Base):
    __tablename__ = "order_items"

    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), primary_key=True)
    quantity: Mapped[int] = mapped_column(default=1)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))

    order: Mapped[Order] = relationship(back_populates="items")
    product: Mapped[Product] = relationship()
