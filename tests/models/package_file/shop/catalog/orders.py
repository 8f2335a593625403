from typing import Optional

from sqlmodel import Field

from ..common import Keyed
from .products import Product


class Order(Keyed, table=True):
    product_id: Optional[int] = Field(default=None, foreign_key="product.id")
    quantity: int = 1
