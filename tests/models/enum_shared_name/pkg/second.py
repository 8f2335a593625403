import enum
from typing import Optional

from sqlmodel import Field, SQLModel

from . import first  # noqa: F401  (imported first: its Status is met first)


class Status(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    SHIPPED = "shipped"


class Parcel(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    status: Status
