import datetime
from typing import Optional

from sqlalchemy import Boolean, Column, DateTime, Integer, String, func, text
from sqlalchemy.sql import expression
from sqlmodel import Field, SQLModel


class Stock(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    qty: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    created: datetime.datetime = Field(
        default_factory=datetime.datetime.utcnow,
        sa_column_kwargs={"server_default": text("CURRENT_TIMESTAMP")},
    )
    updated: Optional[datetime.datetime] = Field(
        default=None,
        sa_column=Column(DateTime(timezone=True), server_default=func.now(), onupdate=func.now()),
    )
    seen: datetime.datetime = Field(
        sa_column=Column(DateTime, nullable=False, server_default=text("now()"))
    )
    active: bool = Field(sa_column=Column(Boolean, server_default=expression.true(), nullable=False))
    hidden: bool = Field(sa_column=Column(Boolean, server_default=text("false")))
    status: str = Field(sa_column=Column(String(20), server_default="new", nullable=False))
    quoted: str = Field(default="", sa_column_kwargs={"server_default": "it's"})
    rank: int = Field(sa_column=Column(Integer, server_default=text("10")))
    ratio: float = Field(default=1.5, sa_column_kwargs={"server_default": text("1.5")})
    day: datetime.date = Field(sa_column_kwargs={"server_default": func.current_date()})
    python_only: int = 7
