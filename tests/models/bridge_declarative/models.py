# A plain SQLAlchemy declarative model beside SQLModel ones: its MetaData
# is read too (create_all is run on both in the test).
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
from sqlmodel import Field, SQLModel

Base = declarative_base()


class Legacy(Base):
    __tablename__ = "legacy"
    id = sa.Column(sa.Integer, primary_key=True)
    code = sa.Column(sa.String(8), nullable=False, unique=True)
    note = sa.Column(sa.Text, server_default="none")


class Modern(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    legacy_code: str = Field(max_length=8)
