"""The store: SQLAlchemy tables, the engine (SQLite file by default, PostgreSQL by URL), reads and writes."""
