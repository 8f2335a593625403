from typing import Optional

from sqlmodel import Field, SQLModel


class Note(SQLModel, table=True):
    """A note.
    id: Optional[int] = Field(default=None, primary_key=True)
