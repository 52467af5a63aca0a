-- The index: a derived, rebuildable copy of the ledger's records for queries.
-- Every row comes from a file of the git tree; `record` columns hold that file's JSON.

CREATE TABLE meta (
	key   TEXT PRIMARY KEY,       -- 'commit': hex id of the commit the index reflects
	value TEXT NOT NULL
);

CREATE TABLE sources (
	id        TEXT PRIMARY KEY,   -- sources/HH/ID.json
	url       TEXT NOT NULL,
	title     TEXT,
	publisher TEXT,
	published TEXT,               -- YYYY-MM-DD or NULL
	kind      TEXT,               -- 'primary', 'secondary' or NULL
	revisions INTEGER NOT NULL,   -- number of text revisions
	record    TEXT NOT NULL
);

CREATE TABLE source_cites (
	source TEXT NOT NULL,         -- a source ...
	cited  TEXT NOT NULL,         -- ... that cites this one (--cites)
	PRIMARY KEY (source, cited)
) WITHOUT ROWID;

CREATE TABLE claims (
	id        TEXT PRIMARY KEY,   -- claims/CC/ID.json
	statement TEXT NOT NULL,
	subject   TEXT,
	property  TEXT,
	status    TEXT NOT NULL,
	created   TEXT NOT NULL,
	updated   TEXT NOT NULL,
	record    TEXT NOT NULL
);

CREATE TABLE citations (
	claim  TEXT NOT NULL,
	seq    INTEGER NOT NULL,      -- position in the claim's "citations" array, from 0
	source TEXT NOT NULL,
	rev    INTEGER NOT NULL,
	quote  TEXT NOT NULL,
	stance TEXT NOT NULL,
	PRIMARY KEY (claim, seq)
) WITHOUT ROWID;
CREATE INDEX citations_by_source ON citations (source, rev);

-- Where a later revision re-anchors a citation: anchors/HH/ID/N.json.
CREATE TABLE anchors (
	source TEXT NOT NULL,
	rev    INTEGER NOT NULL,      -- the revision the citation was re-anchored in
	claim  TEXT NOT NULL,
	seq    INTEGER NOT NULL,
	change TEXT NOT NULL,         -- unchanged, moved, changed, removed
	PRIMARY KEY (source, rev, claim, seq)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE claims_fts USING fts5 (id UNINDEXED, statement, quotes);
