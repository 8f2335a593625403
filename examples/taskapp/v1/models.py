# SPDX-License-Identifier: MIT
"""A small task tracker as SQLModel models, version 1: users, projects and
their tasks."""
import datetime
from typing import List, Optional

from sqlalchemy import func
from sqlmodel import Field, Relationship, SQLModel


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
    owner: Optional[User] = Relationship(back_populates="projects")


class Task(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    title: str = Field(max_length=200)
    done: bool = Field(default=False, sa_column_kwargs={"server_default": "false"})
