import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Shape(enum.Enum):
    SQUARE = 1
    CIRCLE = 2
    ROUND = 2


class Drawing(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    shape: Shape
