import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import Column, Index, String, UniqueConstraint, text
from sqlmodel import Field, SQLModel

TABLE = "settings_entry"
SCHEMA = None
KEY_LEN = 64
VALUE_LEN = 1024
IX_NAME = "ix_settings_scope_key"
DEFAULT_SCOPE = "global"
NOW = text("now()")
PARENT = "settings_entry.id"
UNIQUE_COLS = ("scope", "key")
FLAG = True


class Scope(enum.Enum):
    GLOBAL = "global"
    USER = "user"


DEFAULT_KIND = Scope.GLOBAL


class Entry(SQLModel, table=True):
    __tablename__ = TABLE
    __table_args__ = (
        UniqueConstraint(*UNIQUE_COLS),
        Index(IX_NAME, "scope", "key"),
        {"schema": SCHEMA},
    )
    id: Optional[int] = Field(default=None, primary_key=FLAG)
    scope: str = Field(default=DEFAULT_SCOPE, max_length=KEY_LEN, sa_column_kwargs={"server_default": DEFAULT_SCOPE})
    key: str = Field(max_length=KEY_LEN, index=FLAG)
    value: Optional[str] = Field(default=None, sa_column=Column(String(VALUE_LEN)))
    kind: Scope = DEFAULT_KIND
    parent_id: Optional[int] = Field(default=None, foreign_key=PARENT)
    stamp: Optional[datetime] = Field(default=None, sa_column_kwargs={"server_default": NOW})
