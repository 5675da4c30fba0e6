"""The demo community: data drawn from the source articles, and the builder that writes it through the services."""
