"""The network's reads, at the edges the first tests left open."""
