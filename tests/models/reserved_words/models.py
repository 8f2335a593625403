import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class User(enum.Enum):
    ADMIN = "admin"


class Order(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    userName: str = Field(index=True)
    group: str
    by: str
    select: Optional[int] = None
    role: User
    on: bool = False
    CamelCase: Optional[str] = Field(default=None, unique=True)


class Group(SQLModel, table=True):
    __tablename__ = "group"
    id: Optional[int] = Field(default=None, primary_key=True)
    order_id: Optional[int] = Field(default=None, foreign_key="order.id")
    from_: str = Field(sa_column_kwargs={"name": "from"})


class Table(SQLModel, table=True):
    __tablename__ = "select"
    user: str = Field(primary_key=True)
    limit: int = Field(index=True)
    check: Optional[str] = None
