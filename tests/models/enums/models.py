import enum
from enum import Enum
from typing import Optional

from sqlmodel import Field, SQLModel


class Color(enum.Enum):
    RED = "r"
    DARK_BLUE = "b"
    Green = "g"


class User(Enum):
    """An enum whose type name, user, is reserved in PostgreSQL."""

    ADMIN = "admin"
    GUEST = "guest"


class Order(Enum):
    FIRST = 1
    SECOND = 2


class TaskState(enum.Enum):
    todo = "todo"
    in_progress = "in progress"
    DONE = "done"


class Paint(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    color: Color
    backup: Optional[Color] = None
    role: User = Field(index=True)
    position: Order


class Task(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    state: TaskState = TaskState.todo
    color: Color = Field(default=Color.RED)
    owner_role: Optional[User] = None
