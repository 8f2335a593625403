from .products import Product  # noqa: F401
