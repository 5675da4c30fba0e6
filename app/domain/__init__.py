"""The domain's vocabulary in plain Python: no SQLAlchemy, no Qt (views may import it)."""
