# Long names: generated index names shortened by SQLAlchemy (md5), and
# constraint and sequence names PostgreSQL cuts to 63 bytes.
from typing import Optional

from sqlmodel import Field, SQLModel


class CustomerSubscriptionBillingHistoryEntry(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    external_payment_provider_reference: str = Field(index=True)
    another_rather_long_column_name_for_uniqueness: str = Field(unique=True)


class CustomerSubscriptionBillingHistoryEntryAttachmentItem(
        SQLModel, table=True):
    identifier_of_the_attachment_item_in_storage: Optional[int] = Field(
        default=None, primary_key=True)
    customer_subscription_billing_history_entry_id: int = Field(
        foreign_key="customersubscriptionbillinghistoryentry.id", index=True)


class Overlong(SQLModel, table=True):
    """A table name of 63 characters (create_all refuses longer ones) and
    a column name over 63 bytes, which PostgreSQL cuts."""
    __tablename__ = ("a_table_name_exactly_as_long_as_postgresql_"
                     "allows_for_names")
    id: Optional[int] = Field(default=None, primary_key=True)
    a_column_name_that_is_also_much_longer_than_what_postgresql_keeps: int = \
        Field(index=True)
