"""Persistence: SQLAlchemy tables and queries (SQLite by default, PostgreSQL by URL).
Today it stores the web app's briefs; articles and stories join with their issue."""
