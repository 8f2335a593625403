from typing import Optional

from sqlmodel import Field, SQLModel


class Note(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(default="untitled, max_length=20)
