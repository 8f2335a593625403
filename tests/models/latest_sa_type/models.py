from typing import Optional

from sqlalchemy import JSON, BigInteger
from sqlmodel import Field, SQLModel


class Owner(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True, sa_type=BigInteger)


class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="owner.id", ondelete="SET NULL")
    meta: dict = Field(default_factory=dict, sa_type=JSON)
