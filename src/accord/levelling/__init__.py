"""Resource levelling: delaying work until no resource is over its capacity, keeping projects as
short as possible (the resource-constrained project scheduling problem)."""
