from typing import Optional

from sqlalchemy import MetaData
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "idx_%(table_name)s_%(column_0_N_name)s",
    "uq": "%(table_name)s_%(column_0_N_name)s_uniq",
    "ck": "%(table_name)s_%(constraint_name)s_check",
    "fk": "%(table_name)s_%(column_0_name)s_fk",
    "pk": "%(table_name)s_pk",
}

SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Author(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(unique=True)
    handle: str = Field(index=True, unique=True)


class Book(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(index=True)
    author_id: int = Field(foreign_key="author.id")
