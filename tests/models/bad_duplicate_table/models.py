from typing import Optional

from sqlmodel import Field, SQLModel


class A(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)


class B(SQLModel, table=True):
    __tablename__ = "a"
    id: Optional[int] = Field(default=None, primary_key=True)
