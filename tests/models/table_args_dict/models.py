from typing import Optional

from sqlmodel import Field, SQLModel


class Note(SQLModel, table=True):
    __table_args__ = {"comment": "notes people leave; it's a table comment"}
    id: Optional[int] = Field(default=None, primary_key=True)
    text: str = Field(index=True)


class Archived(SQLModel, table=True):
    __tablename__ = "archived_note"
    __table_args__ = {"schema": "archive", "comment": "old notes"}
    id: Optional[int] = Field(default=None, primary_key=True)
    text: str = Field(index=True, unique=True)
    note_id: Optional[int] = Field(default=None, foreign_key="note.id")
