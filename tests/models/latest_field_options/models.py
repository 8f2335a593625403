from datetime import datetime
from decimal import Decimal
from typing import List, Optional

from sqlalchemy import ARRAY, DateTime, String, Text
from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    balance: Decimal = Field(default=0, max_digits=12, decimal_places=2)
    limit_: Decimal = Field(default=0, max_digits=10, sa_column_kwargs={"name": "credit_limit"})


class Entry(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id", ondelete="CASCADE", index=True)
    parent_id: Optional[int] = Field(default=None, foreign_key="entry.id", ondelete="RESTRICT")
    memo: Optional[str] = Field(default=None, sa_type=Text)
    booked_at: datetime = Field(sa_type=DateTime(timezone=True))
    labels: List[str] = Field(default_factory=list, sa_type=ARRAY(String))
    amount: Optional[Decimal] = Field(default=None, max_digits=8, decimal_places=3)
