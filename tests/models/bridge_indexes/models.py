# Indexes: index=True, unique=True, both, composite, expression, partial,
# GIN, INCLUDE, descending.
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlmodel import Column, Field, SQLModel


class Doc(SQLModel, table=True):
    __table_args__ = (
        sa.Index("ix_doc_last_first", "last", "first"),
        sa.Index("ix_doc_lower_title", sa.text("lower(title)")),
        sa.Index("ix_doc_live", "title", postgresql_where=sa.text("live")),
        sa.Index("ix_doc_tags", "tags", postgresql_using="gin"),
        sa.Index("ix_doc_cover", "first", postgresql_include=["last"]),
        sa.Index("ix_doc_recent", sa.desc("created")),
        sa.Index("uq_doc_slug_live", "slug", unique=True,
                 postgresql_where=sa.text("live")),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    title: str = Field(index=True)
    slug: str = Field(unique=True)
    code: str = Field(index=True, unique=True)
    first: str
    last: str
    live: bool
    created: int
    tags: dict = Field(default=None, sa_column=Column(pg.JSONB))
