"""Set-up of a community: its desk, grids, buildings and departments."""
