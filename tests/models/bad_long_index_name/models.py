from typing import Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class Document(SQLModel, table=True):
    __table_args__ = (
        Index("ix_document_title_and_subtitle_for_the_full_text_search_of_the_archive", "title", "subtitle"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    subtitle: str
