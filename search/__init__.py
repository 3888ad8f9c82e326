"""Search: one document definition per content type, two engines (Elasticsearch, database)."""
