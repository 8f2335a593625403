# Reserved words and mixed case as table, column, index and enum names.
import enum
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel


class Role(enum.Enum):
    ADMIN = 1
    user = 2


class User(SQLModel, table=True):
    __tablename__ = "user"
    id: Optional[int] = Field(default=None, primary_key=True)
    userName: str = Field(index=True)
    role: Role = Field(sa_column=Column(sa.Enum(Role, name="select")))


class Order(SQLModel, table=True):
    __tablename__ = "order"
    id: Optional[int] = Field(default=None, primary_key=True)
    select: int
    group: str = Field(index=True)
    user_id: Optional[int] = Field(default=None, foreign_key="user.id")
