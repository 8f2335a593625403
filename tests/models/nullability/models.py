from typing import Optional

from sqlmodel import Field, SQLModel


class Nul(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    a: int = None
    b: Optional[int] = Field(...)
    c: Optional[int] = Field(default=None, nullable=False)
    d: int = Field(nullable=True)
    e: Optional[int]
    f: int = 0
