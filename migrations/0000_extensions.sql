-- Extensions the registry's Vietnamese search needs (unaccent folding, trigram similarity).
-- Both are trusted extensions: a database owner can create them without being a superuser.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
