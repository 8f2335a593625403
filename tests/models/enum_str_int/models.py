import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Color(enum.Enum):
    RED = "r"
    DARK_BLUE = "b"


class Status(str, enum.Enum):
    ACTIVE = "active"
    OFF = "off"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Item(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    color: Color
    status: Status
    level: Optional[Level] = None
