from typing import Optional

from pydantic import constr
from sqlmodel import Field, SQLModel
from typing_extensions import Annotated


class Txt(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    plain: str
    a: str = Field(max_length=10)
    b: constr(max_length=10)
    c: Annotated[str, Field(max_length=10)]
    d: Optional[Annotated[str, Field(max_length=10)]] = None
    e: Optional[str] = Field(default=None, max_length=10)
    f: str = Field(default="", max_length=0)
    g: str = Field(max_length=255, min_length=3, regex="^[a-z]+$")
    h: Optional[str] = Field(default=None, max_length=4000, nullable=False)
