-- Custom migration: extensions the schema relies on.
-- btree_gin lets the GIN indexes on tasks (full-text search, tags) lead with user_id, like every
-- other index, so a user's search never touches another user's index entries.
CREATE EXTENSION IF NOT EXISTS btree_gin;
