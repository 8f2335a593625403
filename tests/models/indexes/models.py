from typing import Any, Dict, List, Optional

from sqlalchemy import Column, Index, String, desc, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel


class Document(SQLModel, table=True):
    __table_args__ = (
        Index("ix_document_lower_title", text("lower(title)")),
        Index("uq_document_slug_live", "slug", unique=True, postgresql_where=text("deleted_at IS NULL")),
        Index("ix_document_tags", "tags", postgresql_using="gin"),
        Index("ix_document_meta", "meta", postgresql_using="gin", postgresql_ops={"meta": "jsonb_path_ops"}),
        Index("ix_document_owner_incl", "owner_id", postgresql_include=["title", "slug"]),
        Index("ix_document_created_desc", text("created_at DESC")),
        Index("ix_document_owner_created", "owner_id", desc("created_at")),
        Index("ix_document_title_hash", "title", postgresql_using="hash"),
        Index("ix_document_upper_slug", func.upper(text("slug"))),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str
    slug: str = Field(max_length=80)
    owner_id: int
    created_at: str
    deleted_at: Optional[str] = None
    tags: List[str] = Field(default=[], sa_column=Column(ARRAY(String)))
    meta: Dict[str, Any] = Field(default={}, sa_column=Column(JSONB))
