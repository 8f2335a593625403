import enum
from typing import Optional

from sqlmodel import Field

from app.models.base import Timestamped, WithId
from ..settings import NAME_MAX, SCHEMA
from . import base


class ItemKind(enum.Enum):
    TOOL = "tool"
    PART = "part"


class Item(WithId, Timestamped, table=True):
    __table_args__ = {"schema": SCHEMA}
    name: str = Field(max_length=NAME_MAX, index=True)
    kind: ItemKind
    warehouse_id: Optional[int] = Field(default=None, foreign_key="inventory.warehouse.id")


class Stock(base.WithId, table=True):
    item_id: int = Field(foreign_key="inventory.item.id")
