NAME_MAX = 80
SCHEMA = "inventory"
