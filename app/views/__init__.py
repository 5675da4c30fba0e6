"""Qt widgets and item models. Talks to app.services only; never imports sqlalchemy."""
