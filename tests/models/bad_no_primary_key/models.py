from typing import Optional

from sqlmodel import Field, SQLModel


class Note(SQLModel, table=True):
    title: str
    body: Optional[str] = None
