from typing import Optional

from sqlmodel import Field, SQLModel


class CustomerSubscriptionBillingHistoryEntry(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    external_payment_provider_reference: str = Field(index=True)
    amount: int


class VeryLong(SQLModel, table=True):
    __tablename__ = "a_table_name_of_exactly_sixty_three_bytes_that_postgresql_keeps"
    id: Optional[int] = Field(default=None, primary_key=True)
    a_column_name_that_is_also_longer_than_sixty_three_bytes_in_postgresql: str = Field(
        index=True, unique=True
    )
    entry_id: Optional[int] = Field(
        default=None, foreign_key="customersubscriptionbillinghistoryentry.id"
    )


class Ref(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    long_id: Optional[int] = Field(
        default=None,
        foreign_key="a_table_name_of_exactly_sixty_three_bytes_that_postgresql_keeps.id",
    )
