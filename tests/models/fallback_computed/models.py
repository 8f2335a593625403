# SPDX-License-Identifier: MIT
"""A value only running Python can tell: the static reader refuses it, and
retort falls back to importing the models (tests/e2e/test_models_fallback.py).
Not a case of tests/models/README.md's corpus: no case.json."""
import os
from typing import Optional

from sqlmodel import Field, SQLModel


class Item(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=int(os.environ.get("ITEM_NAME_MAX", "80")))
