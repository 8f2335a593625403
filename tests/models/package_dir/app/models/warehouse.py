from app.settings import NAME_MAX, SCHEMA

from .base import Timestamped, WithId
from sqlmodel import Field


class Warehouse(WithId, Timestamped, table=True):
    __table_args__ = {"schema": SCHEMA}
    name: str = Field(max_length=NAME_MAX, unique=True)
