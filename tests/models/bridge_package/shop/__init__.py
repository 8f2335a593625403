# A package: its models live in submodules that import each other.
