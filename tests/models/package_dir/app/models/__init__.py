"""Re-exports the models (as apps do for Alembic)."""
from .base import Timestamped, WithId
from .item import Item, ItemKind
from .warehouse import Warehouse

__all__ = ["Item", "ItemKind", "Timestamped", "Warehouse", "WithId"]
