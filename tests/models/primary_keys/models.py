from decimal import Decimal
from typing import Optional

from sqlmodel import Field, SQLModel


class Parent(SQLModel, table=True):
    id: int = Field(default=0, primary_key=True)


class Child(SQLModel, table=True):
    parent_id: int = Field(primary_key=True, foreign_key="parent.id")


class Pair(SQLModel, table=True):
    a: Optional[int] = Field(default=None, primary_key=True)
    b: Optional[int] = Field(default=None, primary_key=True)
    label: str = ""


class Manual(SQLModel, table=True):
    id: Optional[int] = Field(
        default=None, primary_key=True, sa_column_kwargs={"autoincrement": False}
    )


class Plain(SQLModel, table=True):
    id: int = Field(primary_key=True)


class Country(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=2)
    name: str


class Price(SQLModel, table=True):
    id: Decimal = Field(primary_key=True)


class Reading(SQLModel, table=True):
    id: float = Field(primary_key=True)


class Switch(SQLModel, table=True):
    id: bool = Field(primary_key=True)


class Membership(SQLModel, table=True):
    country_code: str = Field(primary_key=True, foreign_key="country.code", max_length=2)
    parent_id: int = Field(primary_key=True, foreign_key="parent.id")
    since: int
