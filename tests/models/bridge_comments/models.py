# Table and column comments (COMMENT ON after CREATE TABLE).
from typing import Optional

import sqlalchemy as sa
from sqlmodel import Column, Field, SQLModel


class Invoice(SQLModel, table=True):
    __table_args__ = {"comment": "issued invoices"}
    id: Optional[int] = Field(default=None, primary_key=True)
    total: int = Field(sa_column_kwargs={"comment": "in cents"})
    note: Optional[str] = Field(default=None, sa_column=Column(
        sa.Text, comment="free text, it's quoted"))
