"""The web app and HTTP API (``newsbrief serve``): a page and a JSON API over the same library.

``app.create_app(store)`` builds the FastAPI application, ``newsbrief.store.briefs.BriefStore`` keeps the history
(SQLite by default, PostgreSQL for deployments), ``serve`` is the command-line entry point.
"""
