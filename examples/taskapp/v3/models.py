# SPDX-License-Identifier: MIT
"""Version 3: tags on tasks (a link table), a due date, and task titles
searchable case-insensitively."""
import datetime
import enum
from typing import List, Optional

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, func, text
from sqlmodel import Field, Relationship, SQLModel


class Status(enum.Enum):
    todo = "todo"
    doing = "doing"
    done = "done"


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str
    created_at: datetime.datetime = Field(
        default_factory=datetime.datetime.utcnow,
        sa_column_kwargs={"server_default": func.now()},
    )
    projects: List["Project"] = Relationship(back_populates="owner")


class Project(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True)
    name: str = Field(max_length=200)
    archived: bool = Field(default=False, sa_column_kwargs={"server_default": "false"})
    owner: Optional[User] = Relationship(back_populates="projects")


class TaskTag(SQLModel, table=True):
    task_id: int = Field(
        sa_column=Column(Integer, ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    )
    tag_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True)
    )


class Tag(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    label: str = Field(max_length=50, unique=True)


class Task(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("priority BETWEEN 1 AND 5", name="task_priority_range"),
        Index("ix_task_title_lower", text("lower(title)")),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    title: str = Field(max_length=200)
    done: bool = Field(default=False, sa_column_kwargs={"server_default": "false"})
    status: Status = Field(default=Status.todo, sa_column_kwargs={"server_default": "todo"})
    priority: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    assignee_id: Optional[int] = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="SET NULL")),
    )
    due_on: Optional[datetime.date] = None
