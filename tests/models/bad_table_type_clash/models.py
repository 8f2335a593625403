import enum
from typing import Optional

from sqlmodel import Field, SQLModel


class User(enum.Enum):
    ADMIN = "admin"
    GUEST = "guest"


class Account(SQLModel, table=True):
    __tablename__ = "user"
    id: Optional[int] = Field(default=None, primary_key=True)
    role: User
