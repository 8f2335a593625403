import uuid
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Dict, List, Optional

import sqlalchemy as sa
from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Interval,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Text,
    Time,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlmodel import Field, SQLModel


class Everything(SQLModel, table=True):
    id: Optional[int] = Field(default=None, sa_column=Column(BigInteger, primary_key=True))
    name: str = Field(sa_column=Column(String(120), nullable=False))
    body: str = Field(sa_column=Column(Text))
    count: int = Field(sa_column=Column(Integer, nullable=False))
    small: int = Field(sa_column=Column(SmallInteger))
    big: int = Field(sa_column=Column(sa.BigInteger()))
    flag: bool = Field(sa_column=Column(Boolean, nullable=False))
    at_tz: datetime = Field(sa_column=Column(DateTime(timezone=True)))
    at_naive: datetime = Field(sa_column=Column(DateTime(timezone=False)))
    at_plain: datetime = Field(sa_column=Column(DateTime))
    day: date = Field(sa_column=Column(Date))
    clock: time = Field(sa_column=Column(Time))
    clock_tz: time = Field(sa_column=Column(Time(timezone=True)))
    span: timedelta = Field(sa_column=Column(Interval))
    price: Decimal = Field(sa_column=Column(Numeric(12, 2)))
    loose: Decimal = Field(sa_column=Column(Numeric))
    ratio: float = Field(sa_column=Column(Float))
    ratio4: float = Field(sa_column=Column(Float(precision=4)))
    doc: Dict[str, Any] = Field(default={}, sa_column=Column(JSON))
    docb: Dict[str, Any] = Field(default={}, sa_column=Column(JSONB, nullable=False))
    tags: List[str] = Field(default=[], sa_column=Column(ARRAY(String)))
    scores: List[int] = Field(default=[], sa_column=Column(postgresql.ARRAY(Integer)))
    grid: List[int] = Field(default=[], sa_column=Column(ARRAY(Integer, dimensions=2)))
    ref: uuid.UUID = Field(sa_column=Column(UUID(as_uuid=True), unique=True))
    raw: bytes = Field(sa_column=Column(LargeBinary))
    label: str = Field(sa_column=Column(sa.String(length=16), index=True))
    ordinary: str
