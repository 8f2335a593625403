import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Status(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"


class Ticket(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    status: Status
