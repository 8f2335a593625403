from typing import Optional

from sqlmodel import Field, SQLModel


class VeryLong(SQLModel, table=True):
    __tablename__ = "a_table_name_of_sixty_four_bytes_that_sqlalchemy_refuses_to_create"
    id: Optional[int] = Field(default=None, primary_key=True)
