"""The Today page and the rows it lists."""
