from typing import List, Optional

from sqlmodel import Field, SQLModel


class Bag(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    label: str
    tags: List[str]
