"""The data layer: the engine and sessions (db), the tables (models), and repositories."""
