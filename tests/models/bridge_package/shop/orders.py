from typing import Optional

from sqlmodel import Field

from shop.base import Stamped


class Purchase(Stamped, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id")
    quantity: int = 1
