import uuid
from typing import Optional
from uuid import UUID, uuid4

from sqlmodel import Field, SQLModel


class Blob(SQLModel, table=True):
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    raw: bytes
    thumb: Optional[bytes] = Field(default=None, max_length=16)
    token: UUID = Field(default_factory=uuid4, unique=True)


class BlobRef(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    blob_id: uuid.UUID = Field(foreign_key="blob.id", index=True)
    other: Optional[UUID] = None
