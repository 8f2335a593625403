# sa_column with SQLAlchemy types: BIGSERIAL and SMALLSERIAL keys,
# Identity, Computed, JSON, JSONB, ARRAY, UUID, Numeric, Float(24), Text,
# LargeBinary, Interval, CHAR.
import uuid
from typing import List, Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Column, Field, SQLModel


class Big(SQLModel, table=True):
    id: Optional[int] = Field(default=None, sa_column=Column(
        sa.BigInteger, primary_key=True))
    a: int
    b: int
    total: Optional[int] = Field(default=None, sa_column=Column(
        sa.Integer, sa.Computed("a + b")))
    doc: dict = Field(default=None, sa_column=Column(sa.JSON))
    docb: dict = Field(default=None, sa_column=Column(pg.JSONB))
    nums: List[int] = Field(default=None, sa_column=Column(
        pg.ARRAY(sa.Integer)))
    grid: List[int] = Field(default=None, sa_column=Column(
        pg.ARRAY(sa.Float, dimensions=2)))
    ref: uuid.UUID = Field(sa_column=Column(pg.UUID(as_uuid=True)))
    money: float = Field(sa_column=Column(sa.Numeric(12, 3)))
    approx: float = Field(sa_column=Column(sa.Float(24)))
    body: str = Field(sa_column=Column(sa.Text, nullable=False))
    raw: bytes = Field(sa_column=Column(sa.LargeBinary))
    wait: float = Field(sa_column=Column(sa.Interval))
    country: str = Field(sa_column=Column(sa.CHAR(2)))


class Small(SQLModel, table=True):
    id: Optional[int] = Field(default=None, sa_column=Column(
        sa.SmallInteger, primary_key=True))


class Counter(SQLModel, table=True):
    id: Optional[int] = Field(default=None, sa_column=Column(
        sa.Integer, sa.Identity(always=True), primary_key=True))
    other: Optional[int] = Field(default=None, sa_column=Column(
        sa.BigInteger, sa.Identity(start=100, increment=5)))
