from typing import Optional

from sqlmodel import Field, SQLModel


class Legacy(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str

    class Config:
        table = True


class NotATable(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)

    class Config:
        orm_mode = True


class Explicit(SQLModel, table=False):
    id: Optional[int] = Field(default=None, primary_key=True)
