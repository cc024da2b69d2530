"""The Board page: one column per stage, cards dragged between them."""
