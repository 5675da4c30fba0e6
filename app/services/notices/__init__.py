"""Public notices (公示) and the council (议事会)."""
