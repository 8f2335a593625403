from typing import Optional, Union

from sqlmodel import Field, SQLModel
from typing_extensions import Annotated


class Forms(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    a: Optional[int] = None
    b: Union[int, None] = None
    c: Union[None, int] = None
    d: int | None = None
    e: "Optional[str]" = None
    f: Annotated[int, "some metadata"]
    g: Annotated[Optional[float], "meta"] = None
    h: Optional[Annotated[bool, "meta"]] = None
    i: str | None = Field(default=None, max_length=30)
    j: Optional[int]
